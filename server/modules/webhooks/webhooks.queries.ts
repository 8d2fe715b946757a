import type { Insertable } from "kysely";
import type { Ctx } from "../../context";
import type { WebhookDeliveryTable, WebhookTable } from "../../db/schema";
import { pageById } from "../../lib/paging";

export const webhooksOf = (ctx: Ctx, workspaceId: number) =>
  ctx.db.selectFrom("webhooks").selectAll().where("workspace_id", "=", workspaceId).orderBy("id").execute();

export const insertWebhook = (ctx: Ctx, row: Insertable<WebhookTable>) =>
  ctx.db.insertInto("webhooks").values(row).returningAll().executeTakeFirstOrThrow();

/** Whether the workspace had such a subscription. */
export const deleteWebhook = async (ctx: Ctx, workspaceId: number, id: number) =>
  Number(
    (
      await ctx.db
        .deleteFrom("webhooks")
        .where("workspace_id", "=", workspaceId)
        .where("id", "=", id)
        .executeTakeFirst()
    ).numDeletedRows,
  ) > 0;

export const webhookExists = async (ctx: Ctx, workspaceId: number, id: number) =>
  !!(await ctx.db
    .selectFrom("webhooks")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst());

export function deliveriesPage(
  ctx: Ctx,
  webhookId: number,
  status: WebhookDeliveryTable["status"] | undefined,
  limit: number,
  cursor: string | undefined,
) {
  let q = ctx.db.selectFrom("webhook_deliveries").selectAll().where("webhook_id", "=", webhookId);
  if (status) q = q.where("status", "=", status);
  return pageById(q, "id", limit, cursor);
}
