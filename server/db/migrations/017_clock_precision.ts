import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";

// sla_clocks.consumed_minutes was declared `real`: a double on SQLite, but a four-byte float on PostgreSQL,
// which keeps about seven digits (a clock that ran for months lost its seconds) and made a copy from SQLite
// differ from its source. A double on both now.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === "postgres")
    await sql`ALTER TABLE sla_clocks ALTER COLUMN consumed_minutes TYPE double precision`.execute(db);
}
