import { dbOf, type Runner } from "../../db/index";
import type { Insertable } from "kysely";
import type { WebhookDeliveryTable, WebhookTable } from "../../db/schema";
import { pageById } from "../../lib/paging";

export const webhooksOf = (on: Runner, workspaceId: number) =>
  dbOf(on).selectFrom("webhooks").selectAll().where("workspace_id", "=", workspaceId).orderBy("id").execute();

export const insertWebhook = (on: Runner, row: Insertable<WebhookTable>) =>
  dbOf(on).insertInto("webhooks").values(row).returningAll().executeTakeFirstOrThrow();

/** Whether the workspace had such a subscription. */
export const deleteWebhook = async (on: Runner, workspaceId: number, id: number) =>
  Number(
    (
      await dbOf(on)
        .deleteFrom("webhooks")
        .where("workspace_id", "=", workspaceId)
        .where("id", "=", id)
        .executeTakeFirst()
    ).numDeletedRows,
  ) > 0;

export const webhookExists = async (on: Runner, workspaceId: number, id: number) =>
  !!(await dbOf(on)
    .selectFrom("webhooks")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst());

export function deliveriesPage(
  on: Runner,
  webhookId: number,
  status: WebhookDeliveryTable["status"] | undefined,
  limit: number,
  cursor: string | undefined,
) {
  const db = dbOf(on);
  let q = db.selectFrom("webhook_deliveries").selectAll().where("webhook_id", "=", webhookId);
  if (status) q = q.where("status", "=", status);
  return pageById(q, "id", limit, cursor);
}
