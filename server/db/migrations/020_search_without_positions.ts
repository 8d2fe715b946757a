import { sql, type Kysely } from "kysely";
import { toTerms } from "../../modules/search/text";
import type { Dialect } from "../index";

// SQLite's search tables keep which documents hold a term, no longer where in them (FTS5 `detail = none`):
// a search asks for every word of the query, never for a phrase, so the positions were never read. And they
// split the terms at spaces alone (the `ascii` tokenizer, which takes every other character as part of a word):
// the terms arrive folded and stemmed (search/text.ts), so unicode61's folding was done a second time for
// nothing. With text of a real inbox's variety (bench/messages.ts), per message: 105 -> 76 µs to index, 2.1 ->
// 0.5 KB of index.
// The tables keep no content (019), so the documents are made again from the tickets' subjects and the
// messages' new parts, as the app makes them, a thousand rows at a time: 113 s for 1,000,000 tickets with a long
// message each, 317 MB of memory at most. PostgreSQL's search_docs is unchanged.
const FTS = (table: string) =>
  sql`CREATE VIRTUAL TABLE ${sql.raw(table)} USING fts5(terms, tokenize = 'ascii', detail = none, content = '', contentless_delete = 1)`;
const BATCH = 1_000;

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== "sqlite") return;
  // A transaction of its own (SQLite runs migrations outside one): a crash leaves the old tables or the new.
  await db.transaction().execute(async (trx) => {
    const current = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'search_messages'`.execute(
      trx,
    );
    if (/detail\s*=\s*none/.test(current.rows[0]?.sql ?? "")) return;
    const sources = [
      {
        table: "search_subjects",
        read: (after: number) =>
          sql<{
            id: number;
            text: string;
          }>`SELECT id, subject AS text FROM tickets WHERE id > ${after} ORDER BY id LIMIT ${BATCH}`,
      },
      {
        table: "search_messages",
        read: (after: number) =>
          sql<{
            id: number;
            text: string;
          }>`SELECT id, reply_text AS text FROM messages WHERE id > ${after} ORDER BY id LIMIT ${BATCH}`,
      },
    ];
    for (const { table, read } of sources) {
      const next = `${table}_next`;
      await FTS(next).execute(trx);
      for (let after = 0; ;) {
        const { rows } = await read(after).execute(trx);
        if (!rows.length) break;
        await sql`INSERT INTO ${sql.raw(next)} (rowid, terms) VALUES ${sql.join(rows.map((r) => sql`(${r.id}, ${toTerms(r.text)})`))}`.execute(
          trx,
        );
        after = rows[rows.length - 1].id;
      }
      await sql`DROP TABLE ${sql.raw(table)}`.execute(trx);
      await sql`ALTER TABLE ${sql.raw(next)} RENAME TO ${sql.raw(table)}`.execute(trx);
    }
  });
}
