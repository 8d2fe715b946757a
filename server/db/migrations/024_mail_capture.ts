import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";

// Captured mail: with no SMTP_RELAY_URL, outgoing email is kept with status "captured" (a text column: no
// change of table), readable by admins, and sent only when an admin asks.
// mail_outbox had no index by ticket: the acknowledgement of each new ticket looked for an earlier one with a
// scan of the whole table (bench/imap.bench.ts, real path: 0.9 ms a message at 2,000 rows, growing with the
// table). And captured mail is listed newest first per workspace.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`CREATE INDEX mail_outbox_ticket ON mail_outbox (ticket_id, kind)`.execute(db);
}
