import { dbOf, type Runner } from "../../db/index";
import type { Insertable } from "kysely";
import type { DbOrTrx, Trx } from "../../db/index";
import type { AttachmentTable, EmailMessageTable, TicketEventTable } from "../../db/schema";
import { insertRows, statement } from "../../db/statements";

// Queries of incoming mail, run inside the transaction that places a message (`trx`) unless said otherwise.
// No rules here: where a message goes is decided in place.ts.

const MAILBOX_COLUMNS = ["id", "workspace_id", "address", "team_id"] as const;

/**
 * The mailbox mail to this address goes to. An address is unique per workspace only (so that adding one tells a
 * workspace nothing about the others): when two workspaces have it, the oldest mailbox keeps receiving, so a
 * newer one can never take another workspace's mail.
 */
export const mailboxByAddress = (on: Runner, address: string) =>
  dbOf(on)
    .selectFrom("mailboxes")
    .select(MAILBOX_COLUMNS)
    .where("address", "=", address)
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();

export const mailboxOfId = (on: Runner, id: number) =>
  dbOf(on).selectFrom("mailboxes").select(MAILBOX_COLUMNS).where("id", "=", id).executeTakeFirst();

export const firstMailboxOf = (db: DbOrTrx, workspaceId: number) =>
  db
    .selectFrom("mailboxes")
    .select(MAILBOX_COLUMNS)
    .where("workspace_id", "=", workspaceId)
    .orderBy("id")
    .executeTakeFirstOrThrow();

// The statements every message runs, written once and reused (db/statements.ts: without Kysely's query building).
export type EmailRow = Omit<Insertable<EmailMessageTable>, "direction" | "created_at">;
export const recordEmail = (trx: Trx, row: EmailRow) =>
  insertRows(trx, "email_messages", [{ ...row, direction: "in", created_at: Date.now() }]);
/** The ticket (if any) of a message already received, by Message-ID. */
export const SEEN = statement<{ ticket_id: number | null }>(
  'select "ticket_id" from "email_messages" where "workspace_id" = ? and "header_message_id" = ?',
);
/** Messages from one sender since a moment. */
export const SENT_LATELY = statement<{ n: number }>(
  'select count(*) as "n" from "email_messages" where "workspace_id" = ? and "from_address" = ? and "created_at" > ?',
);

/** The ticket of a message already received, by Message-ID, outside any transaction. */
export const seenEmail = (on: Runner, workspaceId: number, headerMessageId: string) =>
  dbOf(on)
    .selectFrom("email_messages")
    .select("ticket_id")
    .where("workspace_id", "=", workspaceId)
    .where("header_message_id", "=", headerMessageId)
    .executeTakeFirst();

export const findTicketNumber = async (on: Runner, ticketId: number) =>
  (await dbOf(on).selectFrom("tickets").select("number").where("id", "=", ticketId).executeTakeFirst())?.number;

/** Throws when the ticket does not exist. */
export const ticketNumberOf = async (on: Runner, ticketId: number) =>
  (await dbOf(on).selectFrom("tickets").select("number").where("id", "=", ticketId).executeTakeFirstOrThrow()).number;

/** The ids of the new attachment rows, in the order given. */
export const insertAttachments = async (trx: Trx, rows: Insertable<AttachmentTable>[]) =>
  (await trx.insertInto("attachments").values(rows).returning("id").execute()).map((r) => r.id);

export const messageHtml = async (trx: Trx, messageId: number) =>
  (await trx.selectFrom("messages").select("body_html").where("id", "=", messageId).executeTakeFirst())?.body_html;

export const setMessageHtml = (trx: Trx, messageId: number, html: string) =>
  trx.updateTable("messages").set({ body_html: html }).where("id", "=", messageId).execute();

/** The outgoing email with this Message-ID. */
export const outboxByMessageId = (trx: Trx, workspaceId: number, headerMessageId: string) =>
  trx
    .selectFrom("mail_outbox")
    .select(["id", "ticket_id", "message_id"])
    .where("workspace_id", "=", workspaceId)
    .where("header_message_id", "=", headerMessageId)
    .executeTakeFirst();

export const markOutboxDead = (trx: Trx, id: number, error: string) =>
  trx.updateTable("mail_outbox").set({ status: "dead", last_error: error }).where("id", "=", id).execute();

export const insertTicketEvent = (trx: Trx, row: Insertable<TicketEventTable>) =>
  trx.insertInto("ticket_events").values(row).execute();

/** A held message placed at last: its row gets what a received one has, and waits no more. */
export const settleHeldEmail = (trx: Trx, id: number, row: Pick<EmailRow, "ticket_id" | "message_id" | "flags">) =>
  trx
    .updateTable("email_messages")
    .set({ ticket_id: row.ticket_id, message_id: row.message_id, flags: row.flags, held_until: null })
    .where("id", "=", id)
    .execute();

/** The id of a message stored to wait for the messages it answers. */
export const insertHeldEmail = async (trx: Trx, row: Insertable<EmailMessageTable>) =>
  (await trx.insertInto("email_messages").values(row).returning("id").executeTakeFirstOrThrow()).id;

/** The sender's latest ticket that is not closed. */
export const latestOpenTicketOf = (trx: Trx, requesterId: number) =>
  trx
    .selectFrom("tickets")
    .select(["id", "number", "status", "requester_id"])
    .where("requester_id", "=", requesterId)
    .where("status", "<>", "closed")
    .orderBy("id", "desc")
    .executeTakeFirst();

/** Held messages whose wait is over, oldest wait first, 200 at a time. */
export const dueHeldEmails = (on: Runner, now: number) =>
  dbOf(on)
    .selectFrom("email_messages")
    .select(["id", "mailbox_id", "raw_sha256", "workspace_id"])
    .where("held_until", "<=", now)
    .orderBy("held_until")
    .limit(200)
    .execute();
