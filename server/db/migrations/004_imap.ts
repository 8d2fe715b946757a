import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";

// IMAP fetching for existing mailboxes: where to connect, what to do with fetched messages, and where
// fetching stands (UIDVALIDITY and the last UID imported), with a status an admin can read.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === "postgres" ? "bigint" : "integer"; // a type name here, spliced into ALTER TABLE
  for (const [name, type] of [
    ["imap_host", "text"],
    ["imap_port", "integer"],
    ["imap_secure", "integer"],
    ["imap_user", "text"],
    ["imap_password", "text"],
    ["imap_folder", "text"],
    ["imap_after", "text"],
    ["imap_move_to", "text"],
    ["imap_uid_validity", "text"],
    ["imap_last_uid", big],
    ["imap_status", "text"],
    ["imap_last_error", "text"],
    ["imap_last_fetch_at", big],
  ] as const) {
    await sql`ALTER TABLE mailboxes ADD COLUMN ${sql.raw(name)} ${sql.raw(type)}`.execute(db);
  }
}
