import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";

// An emailed message split into the parts the agent app and the portal show (issue 20): `parts` is the JSON
// list of pieces in their order (new text, quoted history, signature, forwarded message with its header), and
// `forwarded_text` the forwarded message alone, which search indexes with the new text (reply_text) while the
// quoted history is never indexed. Both stay null for messages that were never an email and for emails stored
// before this migration until `sportello email reparse` recomputes them from their raw .eml.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`ALTER TABLE messages ADD COLUMN parts text`.execute(db);
  await sql`ALTER TABLE messages ADD COLUMN forwarded_text text`.execute(db);
}
