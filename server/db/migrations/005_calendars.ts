import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// Business calendars: opening hours per weekday, time zone, national holidays and extra closures.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big, id } = columnTypes(dialect);
  await sql`CREATE TABLE calendars (
    ${id},
    workspace_id ${big} NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name text NOT NULL,
    timezone text NOT NULL,
    weekly text NOT NULL,
    country text,
    closures text NOT NULL DEFAULT '[]',
    is_default integer NOT NULL DEFAULT 0,
    created_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX calendars_ws ON calendars (workspace_id, id)`.execute(db);
}
