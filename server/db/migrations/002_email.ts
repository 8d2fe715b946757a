import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// The email channel: mailboxes that receive mail, and one row per email message seen or sent, which is what
// threading looks up (Message-ID, reply token) and what keeps the raw .eml of every message.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big, id } = columnTypes(dialect);
  await sql`CREATE TABLE mailboxes (
    ${id},
    workspace_id ${big} NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    address text NOT NULL,
    display_name text,
    team_id ${big} REFERENCES teams(id) ON DELETE SET NULL,
    created_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX mailboxes_address ON mailboxes (address)`.execute(db);

  await sql`CREATE TABLE email_messages (
    ${id},
    workspace_id ${big} NOT NULL,
    mailbox_id ${big},
    ticket_id ${big} REFERENCES tickets(id) ON DELETE CASCADE,
    message_id ${big} REFERENCES messages(id) ON DELETE CASCADE,
    direction text NOT NULL,
    header_message_id text NOT NULL,
    in_reply_to text,
    from_address text,
    subject text,
    raw_sha256 text NOT NULL,
    raw_size ${big} NOT NULL,
    flags text NOT NULL DEFAULT '[]',
    created_at ${big} NOT NULL
  )`.execute(db);
  // One import per Message-ID and workspace: a message delivered twice (retries, two recipients) is one message.
  await sql`CREATE UNIQUE INDEX email_messages_msgid ON email_messages (workspace_id, header_message_id)`.execute(db);
  await sql`CREATE INDEX email_messages_ticket ON email_messages (ticket_id)`.execute(db);
  await sql`CREATE INDEX email_messages_message ON email_messages (message_id)`.execute(db);

  await sql`ALTER TABLE tickets ADD COLUMN reply_token text`.execute(db);
  await sql`CREATE UNIQUE INDEX tickets_reply_token ON tickets (reply_token)`.execute(db);
}
