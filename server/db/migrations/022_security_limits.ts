import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// Limits against guessing and abuse (issue 21):
// - login_attempts: wrong passwords per email address (known or not, so a lock says nothing about whether an
//   account exists), with the progressive delay and the temporary lock they earn;
// - audit_events: who locked or unlocked what, and from where;
// - the web form's acknowledgements counted per recipient: an index on mail_outbox by address and time;
// - the origins allowed to frame the public web form (Content-Security-Policy frame-ancestors).
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big, id } = columnTypes(dialect);
  await sql`CREATE TABLE login_attempts (
    email text PRIMARY KEY,
    failures integer NOT NULL,
    delay_until ${big} NOT NULL,
    locked_until ${big},
    updated_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE TABLE audit_events (
    ${id},
    workspace_id ${big} NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    action text NOT NULL,
    agent_id ${big},
    actor_agent_id ${big},
    ip text,
    details text NOT NULL,
    created_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX audit_events_workspace ON audit_events (workspace_id, created_at)`.execute(db);
  await sql`CREATE INDEX mail_outbox_recipient ON mail_outbox (workspace_id, to_address, created_at) WHERE kind = 'notification'`.execute(
    db,
  );
  await sql`ALTER TABLE workspaces ADD COLUMN form_frame_origins text NOT NULL DEFAULT '[]'`.execute(db);
}
