import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// NPS on a schedule (issue 23): an organization, a plan's organizations (a segment) or every customer, surveyed
// every N days; the rule that nobody is asked twice within the survey settings' interval still holds.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big, id } = columnTypes(dialect);
  await sql`CREATE TABLE nps_schedules (
    ${id},
    workspace_id ${big} NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    organization_id ${big} REFERENCES organizations(id) ON DELETE CASCADE,
    plan text,
    every_days integer NOT NULL,
    next_run_at ${big} NOT NULL,
    last_run_at ${big},
    last_queued integer,
    created_by ${big} REFERENCES agents(id) ON DELETE SET NULL,
    created_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX nps_schedules_due ON nps_schedules (next_run_at)`.execute(db);
}
