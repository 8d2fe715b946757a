import { sql } from "kysely";
import type { DbOrTrx, Dialect } from "../../db/index";
import { toFtsQuery, toTerms } from "./text";

export interface SearchDoc {
  workspaceId: number;
  ticketId: number;
  messageId: number | null; // null: the ticket's subject
  text: string;
}

// SQLite: two FTS5 tables keyed by rowid (subjects by ticket id, messages by message id), so a document is
// replaced or moved without scanning the index, and the newest matches are read first in rowid order.
// PostgreSQL: one table of tsvectors with a GIN index; its id follows insertion order, hence recency.

export async function indexDoc(db: DbOrTrx, dialect: Dialect, doc: SearchDoc): Promise<void> {
  if (dialect === "sqlite") {
    if (doc.messageId === null) {
      await sql`INSERT INTO search_subjects (rowid, terms, workspace_id) VALUES (${doc.ticketId}, ${toTerms(doc.text)}, ${doc.workspaceId})`.execute(db);
    } else {
      await sql`INSERT INTO search_messages (rowid, terms, ticket_id, workspace_id) VALUES (${doc.messageId}, ${toTerms(doc.text)}, ${doc.ticketId}, ${doc.workspaceId})`.execute(db);
    }
  } else {
    await sql`INSERT INTO search_docs (workspace_id, ticket_id, message_id, tsv)
      VALUES (${doc.workspaceId}, ${doc.ticketId}, ${doc.messageId},
        to_tsvector('italian', unaccent(${doc.text})) || to_tsvector('english', unaccent(${doc.text})))`.execute(db);
  }
}

/** Replaces a ticket's subject document after a rename. */
export async function reindexSubject(db: DbOrTrx, dialect: Dialect, doc: SearchDoc): Promise<void> {
  if (dialect === "sqlite") await sql`DELETE FROM search_subjects WHERE rowid = ${doc.ticketId}`.execute(db);
  else await sql`DELETE FROM search_docs WHERE ticket_id = ${doc.ticketId} AND message_id IS NULL`.execute(db);
  await indexDoc(db, dialect, { ...doc, messageId: null });
}

/** After a merge moved the messages of `fromTicketId` to `toTicketId`, their documents follow. */
export async function moveDocs(db: DbOrTrx, dialect: Dialect, fromTicketId: number, toTicketId: number): Promise<void> {
  if (dialect === "sqlite") {
    await sql`UPDATE search_messages SET ticket_id = ${toTicketId} WHERE rowid IN (SELECT id FROM messages WHERE ticket_id = ${toTicketId}) AND ticket_id = ${fromTicketId}`.execute(db);
  } else {
    await sql`UPDATE search_docs SET ticket_id = ${toTicketId} WHERE ticket_id = ${fromTicketId} AND message_id IS NOT NULL`.execute(db);
  }
}

/**
 * Ids of the tickets matching every word of `q`, most recently matched first, at most `candidates`.
 * Reading matches newest-first keeps a common word as cheap as a rare one: the index stops after a page,
 * where ranking every match of "ordine" in a million tickets would read them all.
 */
export async function matchTickets(db: DbOrTrx, dialect: Dialect, workspaceId: number, q: string, candidates: number): Promise<number[] | null> {
  if (dialect === "sqlite") {
    const match = toFtsQuery(q);
    if (!match) return null;
    const r = await sql<{ ticket_id: number }>`
      SELECT ticket_id FROM (
        SELECT * FROM (SELECT rowid AS ticket_id FROM search_subjects WHERE search_subjects MATCH ${match} AND workspace_id = ${workspaceId} ORDER BY rowid DESC LIMIT ${candidates})
        UNION
        SELECT * FROM (SELECT ticket_id FROM search_messages WHERE search_messages MATCH ${match} AND workspace_id = ${workspaceId} ORDER BY rowid DESC LIMIT ${candidates * 3})
      ) ORDER BY ticket_id DESC LIMIT ${candidates}`.execute(db);
    return r.rows.map((x) => Number(x.ticket_id));
  }
  // The tsquery is built first and passed back as a constant: the planner then sees how common the words
  // are (GIN bitmap for rare ones, newest-first scan for common ones), and no row re-runs unaccent().
  const { rows } = await sql<{ q: string }>`SELECT (plainto_tsquery('italian', unaccent(${q})) || plainto_tsquery('english', unaccent(${q})))::text AS q`.execute(db);
  if (!rows[0]?.q) return null;
  const r = await sql<{ ticket_id: number }>`
    SELECT ticket_id FROM (
      SELECT ticket_id, id FROM search_docs
      WHERE workspace_id = ${workspaceId} AND tsv @@ ${rows[0].q}::tsquery
      ORDER BY id DESC LIMIT ${candidates * 3}
    ) d GROUP BY ticket_id ORDER BY max(id) DESC LIMIT ${candidates}`.execute(db);
  return r.rows.map((x) => Number(x.ticket_id));
}
