import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// Ticket actions and notifications (issue 19): followers and CC per ticket, the in-app notifications with each
// agent's settings per kind, and public replies held for the "undo send" window (stored, so a killed process
// sends them after the window instead of losing them).
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big, id } = columnTypes(dialect);
  await sql`CREATE TABLE ticket_followers (
    ticket_id ${big} NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    agent_id ${big} NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    workspace_id ${big} NOT NULL,
    created_at ${big} NOT NULL,
    PRIMARY KEY (ticket_id, agent_id)
  )`.execute(db);
  await sql`CREATE TABLE ticket_cc (
    ticket_id ${big} NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    address text NOT NULL,
    workspace_id ${big} NOT NULL,
    created_at ${big} NOT NULL,
    PRIMARY KEY (ticket_id, address)
  )`.execute(db);
  await sql`ALTER TABLE mail_outbox ADD COLUMN cc text`.execute(db);
  await sql`CREATE TABLE notifications (
    ${id},
    workspace_id ${big} NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    agent_id ${big} NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    kind text NOT NULL,
    ticket_id ${big} REFERENCES tickets(id) ON DELETE CASCADE,
    payload text NOT NULL,
    created_at ${big} NOT NULL,
    read_at ${big},
    emailed_at ${big}
  )`.execute(db);
  await sql`CREATE INDEX notifications_agent ON notifications (agent_id, id)`.execute(db);
  await sql`CREATE INDEX notifications_unread ON notifications (agent_id) WHERE read_at IS NULL`.execute(db);
  await sql`CREATE TABLE notification_settings (
    agent_id ${big} NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    kind text NOT NULL,
    delivery text NOT NULL,
    PRIMARY KEY (agent_id, kind)
  )`.execute(db);
  await sql`ALTER TABLE workspaces ADD COLUMN undo_send_seconds integer NOT NULL DEFAULT 5`.execute(db);
  await sql`CREATE TABLE held_replies (
    ${id},
    workspace_id ${big} NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    ticket_id ${big} NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    agent_id ${big} NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    body_text text NOT NULL,
    attachment_ids text NOT NULL,
    status text,
    send_at ${big} NOT NULL,
    created_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX held_replies_due ON held_replies (send_at)`.execute(db);
}
