import { sql, type Kysely } from "kysely";

// The alerts list (GET /api/v1/sla/alerts) reads the unmet clocks that were warned or breached: a partial
// index keeps it a read of those few rows, never of every clock ever started. Next up reads the tickets
// placed at the top of the queue first: a partial index of those few, so that read never walks every open ticket.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX sla_clocks_alerts ON sla_clocks (workspace_id) WHERE met_at IS NULL AND (warned_at IS NOT NULL OR breached_at IS NOT NULL)`.execute(
    db,
  );
  await sql`CREATE INDEX tickets_queue_pinned ON tickets (workspace_id, queue_pinned_at) WHERE queue_pinned_at IS NOT NULL AND is_open = 1 AND assignee_id IS NULL`.execute(
    db,
  );
}
