import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// Files up to 256 KB (nearly every raw email, most attachments) live in the database, written in the
// transaction of the rows that reference them: as durable as those rows, in every backup, and without the
// open/write/close of a file of their own per message. Larger files stay under DATA_DIR/files.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big } = columnTypes(dialect);
  await sql`CREATE TABLE stored_files (
    sha256 text PRIMARY KEY,
    content ${sql.raw(dialect === "postgres" ? "bytea" : "blob")} NOT NULL,
    created_at ${big} NOT NULL
  )`.execute(db);
}
