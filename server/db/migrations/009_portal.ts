import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// The customer portal: sign-in links (single use, short-lived, asked for by email; or long-lived, in every
// email we send about a request), customer sessions, the organization's "colleagues see each other's
// requests" switch and the workspace's reopen window. A sign-in link email belongs to no ticket, so
// mail_outbox.ticket_id becomes optional (SQLite cannot drop NOT NULL: the table is rebuilt).
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big, id } = columnTypes(dialect);
  await sql`CREATE TABLE portal_links (
    id text PRIMARY KEY,
    workspace_id ${big} NOT NULL,
    customer_id ${big} NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    ticket_number ${big},
    single_use integer NOT NULL,
    expires_at ${big} NOT NULL,
    used_at ${big},
    created_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX portal_links_customer ON portal_links (customer_id, created_at)`.execute(db);
  await sql`CREATE TABLE customer_sessions (
    id text PRIMARY KEY,
    workspace_id ${big} NOT NULL,
    customer_id ${big} NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    csrf_token text NOT NULL,
    created_at ${big} NOT NULL,
    expires_at ${big} NOT NULL
  )`.execute(db);
  await sql`ALTER TABLE organizations ADD COLUMN portal_shared integer NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE workspaces ADD COLUMN portal_reopen_days integer NOT NULL DEFAULT 14`.execute(db);

  if (dialect === "postgres") {
    await sql`ALTER TABLE mail_outbox ALTER COLUMN ticket_id DROP NOT NULL`.execute(db);
    return;
  }
  await sql`CREATE TABLE mail_outbox_new (
    ${id},
    workspace_id ${big} NOT NULL,
    ticket_id ${big} REFERENCES tickets(id) ON DELETE CASCADE,
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
  await sql`INSERT INTO mail_outbox_new SELECT * FROM mail_outbox`.execute(db);
  await sql`DROP TABLE mail_outbox`.execute(db);
  await sql`ALTER TABLE mail_outbox_new RENAME TO mail_outbox`.execute(db);
  await sql`CREATE UNIQUE INDEX mail_outbox_once ON mail_outbox (message_id, kind)`.execute(db);
  await sql`CREATE INDEX mail_outbox_status ON mail_outbox (workspace_id, status, id)`.execute(db);
}
