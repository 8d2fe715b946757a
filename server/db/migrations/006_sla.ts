import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// SLA policies (targets in business minutes on a calendar, chosen by support plan and priority) and one
// clock per ticket and target. A clock keeps the business minutes already consumed while it was running,
// so pausing (waiting on the customer) and resuming are exact; due_at is indexed so breach detection wakes
// up for the next due time instead of scanning every ticket.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big, id } = columnTypes(dialect);
  await sql`CREATE TABLE sla_policies (
    ${id},
    workspace_id ${big} NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name text NOT NULL,
    plan_name text,
    priority text,
    calendar_id ${big} NOT NULL REFERENCES calendars(id),
    first_response_minutes integer,
    next_response_minutes integer,
    resolution_minutes integer,
    pause_on_hold integer NOT NULL DEFAULT 0,
    position integer NOT NULL DEFAULT 100,
    created_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE TABLE sla_clocks (
    ${id},
    workspace_id ${big} NOT NULL,
    ticket_id ${big} NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    policy_id ${big} NOT NULL,
    target text NOT NULL,
    target_minutes integer NOT NULL,
    consumed_minutes real NOT NULL DEFAULT 0,
    running_since ${big},
    due_at ${big},
    met_at ${big},
    breached_at ${big},
    created_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX sla_clocks_ticket_target ON sla_clocks (ticket_id, target)`.execute(db);
  await sql`CREATE INDEX sla_clocks_due ON sla_clocks (due_at) WHERE met_at IS NULL AND breached_at IS NULL AND due_at IS NOT NULL`.execute(
    db,
  );
}
