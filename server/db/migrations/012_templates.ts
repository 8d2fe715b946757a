import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// Notification templates a workspace has edited (one row per kind and language; the defaults live in code, so
// a kind without a row uses them and "reset to default" deletes the row). Notifications caused by an event
// (waiting for your reply, solved) remember it in mail_outbox.event_id: one email per event, whatever the retries.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big, id } = columnTypes(dialect);
  await sql`CREATE TABLE mail_templates (
    ${id},
    workspace_id ${big} NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    kind text NOT NULL,
    language text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    updated_by ${big},
    updated_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX mail_templates_one ON mail_templates (workspace_id, kind, language)`.execute(db);
  await sql`ALTER TABLE mail_outbox ADD COLUMN event_id ${big}`.execute(db);
  await sql`CREATE UNIQUE INDEX mail_outbox_event_once ON mail_outbox (event_id, kind)`.execute(db);
}
