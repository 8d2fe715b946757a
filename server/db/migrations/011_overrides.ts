import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// Exceptions to the same yardstick: an override (priority, SLA target, place at the top of the queue) with
// its reason and source; sales-sourced ones can wait for a supervisor's approval.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big, id } = columnTypes(dialect);
  await sql`CREATE TABLE overrides (
    ${id},
    workspace_id ${big} NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    ticket_id ${big} NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    kind text NOT NULL,
    change text NOT NULL,
    reason text NOT NULL,
    source text NOT NULL,
    requested_by ${big} NOT NULL,
    status text NOT NULL,
    decided_by ${big},
    decided_at ${big},
    created_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX overrides_pending ON overrides (workspace_id, status, id)`.execute(db);
  await sql`ALTER TABLE workspaces ADD COLUMN sales_overrides_need_approval integer NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE tickets ADD COLUMN queue_pinned_at ${big}`.execute(db);
}
