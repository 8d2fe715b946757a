import crypto from "node:crypto";
import type { z } from "zod";
import type { ZWebhookInput } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { WebhookDeliveryTable } from "../../db/schema";
import type { AgentActor } from "../../http/actor";
import { notFound } from "../../http/errors";
import { assertWebhookTarget } from "./webhooks.target";
import { deliveriesPage, insertWebhook, webhookExists } from "./webhooks.queries";

/** A new subscription and its signing secret, which is shown this once. */
export async function createWebhook(ctx: Ctx, actor: AgentActor, input: z.output<typeof ZWebhookInput>) {
  await assertWebhookTarget(ctx.config.webhookAllowPrivate, input.url);
  const secret = `whsec_${crypto.randomBytes(24).toString("base64url")}`;
  const row = await insertWebhook(ctx, {
    workspace_id: actor.workspaceId,
    url: input.url,
    events: JSON.stringify(input.events),
    secret,
    active: 1,
    created_at: Date.now(),
  });
  return { row, secret };
}

export async function listDeliveries(
  ctx: Ctx,
  actor: AgentActor,
  webhookId: number,
  query: { status?: WebhookDeliveryTable["status"]; limit: number; cursor?: string },
) {
  if (!(await webhookExists(ctx, actor.workspaceId, webhookId))) throw notFound("webhook");
  return deliveriesPage(ctx, webhookId, query.status, query.limit, query.cursor);
}
