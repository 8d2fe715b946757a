import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// The "Next up" queue orders open tickets by their earliest running SLA deadline: kept on the ticket by the
// clock functions, indexed so the queue is an index read.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big } = columnTypes(dialect);
  await sql`ALTER TABLE tickets ADD COLUMN sla_due_at ${big}`.execute(db);
  await sql`CREATE INDEX tickets_next_up ON tickets (workspace_id, sla_due_at, created_at) WHERE is_open = 1 AND assignee_id IS NULL`.execute(
    db,
  );
}
