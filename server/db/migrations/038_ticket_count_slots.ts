import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";

// The inbox counters get a slot in their key. On PostgreSQL a new ticket adds to the row of slot `id % 8` of its
// (status, assignee, team), not to one shared row: the row's lock is held until the creator commits, and with one row
// every concurrent creator queued on it (seen: most of the placing transactions waiting for it, 32 SMTP clients).
// Counts are the sum over the slots. SQLite keeps slot 0: its one writer never waits for a row.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === "postgres") {
    await sql`ALTER TABLE ticket_counts ADD COLUMN slot integer NOT NULL DEFAULT 0`.execute(db);
    await sql`ALTER TABLE ticket_counts DROP CONSTRAINT ticket_counts_pk`.execute(db);
    await sql`ALTER TABLE ticket_counts ADD CONSTRAINT ticket_counts_pk PRIMARY KEY (workspace_id, status, assignee_id, team_id, slot)`.execute(
      db,
    );
    return;
  }
  // SQLite cannot change a primary key: the table is made again.
  await sql`CREATE TABLE ticket_counts_slots (
    workspace_id integer NOT NULL, status text NOT NULL, assignee_id integer NOT NULL, team_id integer NOT NULL,
    count integer NOT NULL, slot integer NOT NULL DEFAULT 0,
    CONSTRAINT ticket_counts_pk PRIMARY KEY (workspace_id, status, assignee_id, team_id, slot))`.execute(db);
  await sql`INSERT INTO ticket_counts_slots (workspace_id, status, assignee_id, team_id, count, slot)
    SELECT workspace_id, status, assignee_id, team_id, count, 0 FROM ticket_counts`.execute(db);
  await sql`DROP TABLE ticket_counts`.execute(db);
  await sql`ALTER TABLE ticket_counts_slots RENAME TO ticket_counts`.execute(db);
}
