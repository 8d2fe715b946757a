import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// A reply read before the message it answers waits (held_until) for that message, listed by the Message-IDs it
// refers to; and the per-sender loop check reads an index instead of every message of the workspace.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big } = columnTypes(dialect);
  await sql`ALTER TABLE email_messages ADD COLUMN held_until ${big}`.execute(db);
  await sql`CREATE INDEX email_messages_held ON email_messages (held_until) WHERE held_until IS NOT NULL`.execute(db);
  await sql`CREATE INDEX email_messages_sender ON email_messages (workspace_id, from_address, created_at)`.execute(db);
  await sql`CREATE TABLE email_awaiting (
    workspace_id ${big} NOT NULL,
    ref_message_id text NOT NULL,
    email_id ${big} NOT NULL REFERENCES email_messages(id) ON DELETE CASCADE
  )`.execute(db);
  await sql`CREATE INDEX email_awaiting_ref ON email_awaiting (workspace_id, ref_message_id)`.execute(db);
  await sql`CREATE INDEX email_awaiting_email ON email_awaiting (email_id)`.execute(db);
}
