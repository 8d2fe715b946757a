import { sql } from "kysely";
import type { DbOrTrx, Dialect } from "../../db/index";
import { toFtsQuery, toTerms } from "./text";

export interface SearchDoc {
  workspaceId: number;
  ticketId: number;
  messageId: number | null;
  text: string;
}

export async function indexDoc(db: DbOrTrx, dialect: Dialect, doc: SearchDoc): Promise<void> {
  if (dialect === "sqlite") {
    await sql`INSERT INTO search_fts (terms, ticket_id, workspace_id, message_id) VALUES (${toTerms(doc.text)}, ${doc.ticketId}, ${doc.workspaceId}, ${doc.messageId})`.execute(db);
  } else {
    await sql`INSERT INTO search_docs (workspace_id, ticket_id, message_id, tsv)
      VALUES (${doc.workspaceId}, ${doc.ticketId}, ${doc.messageId},
        to_tsvector('italian', unaccent(${doc.text})) || to_tsvector('english', unaccent(${doc.text})))`.execute(db);
  }
}

export async function reindexSubject(db: DbOrTrx, dialect: Dialect, doc: SearchDoc): Promise<void> {
  if (dialect === "sqlite") {
    await sql`DELETE FROM search_fts WHERE rowid IN (SELECT rowid FROM search_fts WHERE ticket_id = ${doc.ticketId} AND message_id IS NULL)`.execute(db);
  } else {
    await sql`DELETE FROM search_docs WHERE ticket_id = ${doc.ticketId} AND message_id IS NULL`.execute(db);
  }
  await indexDoc(db, dialect, doc);
}

export async function moveDocs(db: DbOrTrx, dialect: Dialect, fromTicketId: number, toTicketId: number): Promise<void> {
  if (dialect === "sqlite") {
    await sql`UPDATE search_fts SET ticket_id = ${toTicketId} WHERE ticket_id = ${fromTicketId} AND message_id IS NOT NULL`.execute(db);
  } else {
    await sql`UPDATE search_docs SET ticket_id = ${toTicketId} WHERE ticket_id = ${fromTicketId} AND message_id IS NOT NULL`.execute(db);
  }
}

/**
 * Ticket ids matching `q`, best first, at most `limit` past `offsetRank` (search results are ranked, so the
 * cursor is the rank position inside the bounded candidate set, never an OFFSET over the tickets table).
 */
export async function matchTickets(db: DbOrTrx, dialect: Dialect, workspaceId: number, q: string, candidates: number): Promise<number[] | null> {
  if (dialect === "sqlite") {
    const match = toFtsQuery(q);
    if (!match) return null;
    // bm25 ranks documents; a ticket ranks by its best document. The newest tickets win ties.
    const r = await sql<{ ticket_id: number }>`
      SELECT ticket_id, min(rank) AS r FROM (
        SELECT ticket_id, rank FROM search_fts WHERE search_fts MATCH ${match} AND workspace_id = ${workspaceId}
        ORDER BY rank LIMIT ${candidates * 4}
      ) GROUP BY ticket_id ORDER BY r, ticket_id DESC LIMIT ${candidates}`.execute(db);
    return r.rows.map((x) => Number(x.ticket_id));
  }
  const r = await sql<{ ticket_id: number }>`
    WITH q AS (SELECT plainto_tsquery('italian', unaccent(${q})) || plainto_tsquery('english', unaccent(${q})) AS query)
    SELECT ticket_id, max(ts_rank(tsv, q.query)) AS r FROM (
      SELECT d.ticket_id, d.tsv FROM search_docs d, q WHERE d.workspace_id = ${workspaceId} AND d.tsv @@ q.query LIMIT ${candidates * 20}
    ) d, q GROUP BY ticket_id ORDER BY r DESC, ticket_id DESC LIMIT ${candidates}`.execute(db);
  return r.rows.map((x) => Number(x.ticket_id));
}
