import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";

// Each agent's own preferences (issue 19): the time zone the app shows dates and times in (null: the browser's),
// and the language of the emails Sportello sends them (null: the workspace's default), which follows the
// language they last chose in the app.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`ALTER TABLE agents ADD COLUMN time_zone text`.execute(db);
  await sql`ALTER TABLE agents ADD COLUMN language text`.execute(db);
}
