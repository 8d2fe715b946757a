import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";

// PostgreSQL: each workspace's ticket numbers come from a sequence of its own (ticket_numbers_<id>), starting where
// the workspace's counter is. The counter row's lock was held from a ticket's number to its commit, so concurrent
// creators queued on it: with 32 SMTP clients, 6 of the 8 placing transactions were seen waiting for that row. A
// sequence hands out numbers without a lock; a creation that rolls back after taking its number leaves a gap.
// SQLite keeps the counter: its one writer never waits for it.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== "postgres") return;
  const { rows } = await sql<{ id: number; next_ticket_number: number }>`
    SELECT id, next_ticket_number FROM workspaces`.execute(db);
  for (const w of rows)
    await sql
      .raw(`CREATE SEQUENCE ticket_numbers_${Number(w.id)} START WITH ${Math.max(1, Number(w.next_ticket_number))}`)
      .execute(db);
}
