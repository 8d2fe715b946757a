import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";

// The workspace's brand on the public help centre (issue 22): a colour (#rrggbb; null: Sportello's blue) and a
// logo, kept in the file store by its hash (logo_sha256) with its content type (image/png, image/jpeg, image/webp).
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`ALTER TABLE workspaces ADD COLUMN brand_color text`.execute(db);
  await sql`ALTER TABLE workspaces ADD COLUMN logo_sha256 text`.execute(db);
  await sql`ALTER TABLE workspaces ADD COLUMN logo_type text`.execute(db);
}
