import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// Outgoing email: one row per email to send, written by an outbox listener and sent by a job. The
// Message-ID is chosen when the row is written, so a retry after a crash sends the same message again
// (the receiver de-duplicates it), never a second message with a new id.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big, id } = columnTypes(dialect);
  await sql`CREATE TABLE mail_outbox (
    ${id},
    workspace_id ${big} NOT NULL,
    ticket_id ${big} NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    message_id ${big} REFERENCES messages(id) ON DELETE CASCADE,
    kind text NOT NULL,
    to_address text NOT NULL,
    from_address text NOT NULL,
    reply_to text NOT NULL,
    subject text NOT NULL,
    header_message_id text NOT NULL,
    in_reply_to text,
    refs text,
    body_text text NOT NULL,
    body_html text,
    status text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    created_at ${big} NOT NULL,
    sent_at ${big}
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX mail_outbox_once ON mail_outbox (message_id, kind)`.execute(db);
  await sql`CREATE INDEX mail_outbox_status ON mail_outbox (workspace_id, status, id)`.execute(db);
}
