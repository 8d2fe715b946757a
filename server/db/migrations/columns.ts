import { sql } from "kysely";
import type { Dialect } from "../index";

/** The two column types that differ between the databases: 64-bit integers and auto-increment ids. */
export function columnTypes(dialect: Dialect) {
  return {
    big: sql.raw(dialect === "postgres" ? "bigint" : "integer"),
    id: dialect === "postgres" ? sql`id bigserial PRIMARY KEY` : sql`id integer PRIMARY KEY AUTOINCREMENT`,
  };
}
