import { type Webhook, ZOk, ZWebhookCreated, ZWebhookDeliveryPage, ZWebhookList } from "../../../shared/api/index";
import { z } from "zod";
import { ZIdParam, ZListQuery, ZWebhookInput } from "../../../shared/schemas";
import type { WebhookRow } from "../../db/schema";
import { notFound } from "../../http/errors";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { deleteWebhook, webhooksOf } from "./webhooks.queries";
import { createWebhook, listDeliveries } from "./webhooks.service";

const present = (w: WebhookRow): Webhook => ({
  id: w.id,
  url: w.url,
  events: JSON.parse(w.events) as Webhook["events"],
  active: w.active === 1,
  created_at: iso(w.created_at),
});

export const webhookRoutes = [
  route({
    method: "GET",
    url: "/api/v1/webhooks",
    access: "agent",
    policy: "webhook.manage",
    tag: "webhooks",
    summary: "List webhook subscriptions",
    response: ZWebhookList,
    handler: async ({ ctx, actor }) => ({ data: (await webhooksOf(ctx, actor.workspaceId)).map(present) }),
  }),
  route({
    method: "POST",
    url: "/api/v1/webhooks",
    access: "agent",
    policy: "webhook.manage",
    tag: "webhooks",
    status: 201,
    summary: "Subscribe a URL to events; the signing secret is shown once",
    body: ZWebhookInput,
    response: ZWebhookCreated,
    handler: async ({ ctx, actor, body }) => {
      const { row, secret } = await createWebhook(ctx, actor, body);
      return { ...present(row), secret };
    },
  }),
  route({
    method: "DELETE",
    url: "/api/v1/webhooks/:id",
    access: "agent",
    policy: "webhook.manage",
    tag: "webhooks",
    summary: "Remove a subscription",
    params: ZIdParam,
    response: ZOk,
    handler: async ({ ctx, actor, params }) => {
      if (!(await deleteWebhook(ctx, actor.workspaceId, params.id))) throw notFound("webhook");
      return { ok: true as const };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/webhooks/:id/deliveries",
    access: "agent",
    policy: "webhook.manage",
    tag: "webhooks",
    summary: "Delivery log of a subscription: status, attempts, last response",
    params: ZIdParam,
    query: ZListQuery.extend({ status: z.enum(["pending", "delivered", "failed"]).optional() }),
    response: ZWebhookDeliveryPage,
    handler: async ({ ctx, actor, params, query }) => {
      const page = await listDeliveries(ctx, actor, params.id, query);
      return {
        data: page.rows.map((d) => ({
          id: d.id,
          event: d.event,
          status: d.status,
          attempts: d.attempts,
          response_status: d.response_status,
          error: d.error,
          created_at: iso(d.created_at),
          updated_at: iso(d.updated_at),
        })),
        next_cursor: page.next_cursor,
      };
    },
  }),
];
