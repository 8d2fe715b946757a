import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// Tiers and escalation (first line, specialists; admin-defined reason codes) and automatic assignment
// (per team: on or off and a capacity of open tickets per agent; per agent: available, skills; per
// membership: when the agent last got a ticket, for the round-robin).
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big, id } = columnTypes(dialect);
  await sql`ALTER TABLE tickets ADD COLUMN tier text NOT NULL DEFAULT 'first_line'`.execute(db);
  await sql`ALTER TABLE teams ADD COLUMN tier text NOT NULL DEFAULT 'first_line'`.execute(db);
  await sql`ALTER TABLE teams ADD COLUMN auto_assign integer NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE teams ADD COLUMN capacity integer NOT NULL DEFAULT 10`.execute(db);
  await sql`ALTER TABLE team_members ADD COLUMN last_assigned_at ${big}`.execute(db);
  await sql`ALTER TABLE agents ADD COLUMN available integer NOT NULL DEFAULT 1`.execute(db);
  await sql`ALTER TABLE agents ADD COLUMN skills text NOT NULL DEFAULT '[]'`.execute(db);
  await sql`CREATE TABLE escalation_reasons (
    ${id},
    workspace_id ${big} NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    code text NOT NULL,
    label text NOT NULL,
    active integer NOT NULL DEFAULT 1,
    created_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX escalation_reasons_code ON escalation_reasons (workspace_id, code)`.execute(db);
  await sql`CREATE INDEX ticket_events_type_time ON ticket_events (workspace_id, type, created_at)`.execute(db);
}
