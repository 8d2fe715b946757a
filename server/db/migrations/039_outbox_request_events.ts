import { sql, type Kysely } from "kysely";

// While mail pours in, the dispatcher leaves the events the mail caused for a pause and dispatches what people did
// (events with a request id) at once; it looks for those every 100 ms. This index makes the look a single probe
// instead of a scan of every event waiting (2,000 and more during a burst).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX outbox_pending_requests ON outbox (id) WHERE dispatched_at IS NULL AND request_id IS NOT NULL`.execute(
    db,
  );
}
