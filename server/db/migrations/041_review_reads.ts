import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// The last read of a review platform set up in the environment (Trustpilot), per workspace: the reviews page says
// when its reviews were last read and why the last read failed, which the hourly read otherwise told only the log.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big } = columnTypes(dialect);
  await sql`CREATE TABLE review_reads (
    workspace_id ${big} NOT NULL,
    platform text NOT NULL,
    read_at ${big},
    imported integer,
    failed_at ${big},
    reason text,
    error text,
    PRIMARY KEY (workspace_id, platform)
  )`.execute(db);
}
