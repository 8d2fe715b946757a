import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";

// SQLite's search tables keep the index alone (contentless FTS5). They used to keep each document's terms a
// second time as content (about 6 KB for a typical email), read back only for the workspace and ticket
// columns: those now come from the tickets and messages rows the documents are keyed by. An email's ingestion
// wrote 27 KB before and 21 KB now; a 100,000-ticket database is 90 MB instead of 119.
// `contentless_delete` lets a document be deleted or replaced (a renamed ticket's subject). PostgreSQL's
// search_docs is unchanged.
const FTS = (table: string) =>
  sql`CREATE VIRTUAL TABLE ${sql.raw(table)} USING fts5(terms, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1)`;

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== "sqlite") return;
  // SQLite runs migrations outside a transaction: this one is a transaction of its own, so that a crash
  // leaves the old tables or the new ones, never half of each; and it is skipped if it was done already.
  await db.transaction().execute(async (trx) => {
    const current = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'search_messages'`.execute(
      trx,
    );
    if (/content\s*=\s*''/.test(current.rows[0]?.sql ?? "")) return;
    for (const table of ["search_subjects", "search_messages"]) {
      const next = `${table}_contentless`;
      await FTS(next).execute(trx);
      // The terms are copied as they were stemmed: nothing is read again.
      await sql`INSERT INTO ${sql.raw(next)} (rowid, terms) SELECT rowid, terms FROM ${sql.raw(table)}`.execute(trx);
      await sql`DROP TABLE ${sql.raw(table)}`.execute(trx);
      await sql`ALTER TABLE ${sql.raw(next)} RENAME TO ${sql.raw(table)}`.execute(trx);
    }
  });
}
