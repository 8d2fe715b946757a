import { dbOf, type Runner } from "../../db/index";
import type { Insertable } from "kysely";
import type { MailOutboxTable } from "../../db/schema";
import { pageById } from "../../lib/paging";

// Queries behind the outgoing mail queue (mail_outbox). No rules here.

/** One page of the workspace's outgoing email, oldest first, optionally of one status. */
export function outboxPage(
  on: Runner,
  workspaceId: number,
  status: "queued" | "sent" | "dead" | "captured" | undefined,
  limit: number,
  cursor: string | undefined,
) {
  const db = dbOf(on);
  let q = db
    .selectFrom("mail_outbox")
    .select([
      "id",
      "ticket_id",
      "kind",
      "to_address",
      "subject",
      "header_message_id",
      "status",
      "attempts",
      "last_error",
      "created_at",
      "sent_at",
    ])
    .where("workspace_id", "=", workspaceId);
  if (status) q = q.where("status", "=", status);
  return pageById(q, "id", limit, cursor);
}

export const outboxStatus = (on: Runner, workspaceId: number, id: number) =>
  dbOf(on)
    .selectFrom("mail_outbox")
    .select(["id", "status"])
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();

/** Queued again with its attempts counted from zero. */
export const requeueMail = (on: Runner, id: number) =>
  dbOf(on).updateTable("mail_outbox").set({ status: "queued", attempts: 0 }).where("id", "=", id).execute();

/** A new row of the queue; its id. */
export const insertOutboxMail = (on: Runner, row: Insertable<MailOutboxTable>) =>
  dbOf(on).insertInto("mail_outbox").values(row).returning("id").executeTakeFirstOrThrow();

/** One page of the workspace's captured email (kept while no relay was configured), newest first. */
export async function capturedPage(on: Runner, workspaceId: number, limit: number, before: number | null) {
  const db = dbOf(on);
  let q = db
    .selectFrom("mail_outbox")
    .select(["id", "ticket_id", "kind", "from_address", "to_address", "subject", "created_at"])
    .where("workspace_id", "=", workspaceId)
    .where("status", "=", "captured");
  if (before !== null) q = q.where("id", "<", before);
  return q
    .orderBy("id", "desc")
    .limit(limit + 1)
    .execute();
}

/** A captured email with everything it would have been sent with. */
export const capturedMail = (on: Runner, workspaceId: number, id: number) =>
  dbOf(on)
    .selectFrom("mail_outbox")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("status", "=", "captured")
    .executeTakeFirst();

/** A captured email queued for the relay, once (false: it was not captured any more). */
export const releaseCaptured = async (on: Runner, id: number) =>
  Number(
    (
      await dbOf(on)
        .updateTable("mail_outbox")
        .set({ status: "queued", attempts: 0, last_error: null })
        .where("id", "=", id)
        .where("status", "=", "captured")
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

/** How many emails of the workspace are captured (the app's banner and the mail preview's count). */
export async function capturedCount(on: Runner, workspaceId: number) {
  const db = dbOf(on);
  const row = await db
    .selectFrom("mail_outbox")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .where("status", "=", "captured")
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The outgoing email of an agent's reply (message id), with its state. */
export const replyMailOfMessage = (on: Runner, workspaceId: number, messageId: number) =>
  dbOf(on)
    .selectFrom("mail_outbox")
    .select(["id", "status"])
    .where("workspace_id", "=", workspaceId)
    .where("message_id", "=", messageId)
    .where("kind", "=", "reply")
    .orderBy("id", "desc")
    .executeTakeFirst();
