import { dbOf, type Runner } from "../../db/index";
import { type CompiledQuery, sql } from "kysely";
import type { DbOrTrx, Dialect } from "../../db/index";
import { statement } from "../../db/statements";
import type { Ctx } from "../../context";
import type { UnitOfWork } from "../../events/outbox";
import { forgetSubjectDoc, queueSearchDocs } from "./index-queue";
import { toFtsQuery, toTerms } from "./text";

export interface SearchDoc {
  workspaceId: number;
  ticketId: number;
  messageId: number | null; // null: the ticket's subject
  text: string;
  /** toTerms(text), when the caller has it already (mail read in the SMTP thread); SQLite only. */
  terms?: string;
}

// SQLite: two contentless FTS5 tables keyed by rowid (subjects by ticket id, messages by message id): the index
// alone, a document's workspace and ticket read from the row it is keyed by. A document is replaced without
// scanning the index, and the newest matches are read first in rowid order.
// PostgreSQL: one table of tsvectors with a GIN index; its id follows insertion order, hence recency.

const INDEX_SUBJECT = statement("INSERT INTO search_subjects (rowid, terms) VALUES (?, ?)");

/** PostgreSQL's documents, in one statement (a new ticket's subject and first message, one round trip). */
function postgresIndex(db: DbOrTrx, docs: SearchDoc[]): CompiledQuery[] {
  if (!docs.length) return [];
  const rows = docs.map(
    (d) =>
      sql`(${d.workspaceId}, ${d.ticketId}, ${d.messageId}, to_tsvector('italian', unaccent(${d.text})) || to_tsvector('english', unaccent(${d.text})))`,
  );
  return [sql`INSERT INTO search_docs (workspace_id, ticket_id, message_id, tsv) VALUES ${sql.join(rows)}`.compile(db)];
}

/**
 * A unit of work's new documents. On SQLite they are queued once the unit has committed and written in batches
 * of their own (index-queue.ts: FTS5 pays per transaction, not per document). On PostgreSQL the statements come
 * back, to be sent with the unit's other writes.
 */
export function indexLast(
  ctx: Pick<Ctx, "db" | "dialect" | "log">,
  uow: UnitOfWork,
  docs: SearchDoc[],
): CompiledQuery[] {
  if (ctx.dialect !== "sqlite") return postgresIndex(uow.trx, docs);
  uow.afterCommit(() => queueSearchDocs(ctx, docs));
  return [];
}

/** Replaces a ticket's subject document after a rename. */
export async function reindexSubject(
  ctx: Pick<Ctx, "db" | "dialect" | "log">,
  uow: UnitOfWork,
  doc: SearchDoc,
): Promise<void> {
  if (ctx.dialect === "sqlite") {
    // The old subject may still be waiting to be written: it must not come after the new one.
    forgetSubjectDoc(ctx, uow, doc.ticketId);
    await sql`DELETE FROM search_subjects WHERE rowid = ${doc.ticketId}`.execute(uow.trx);
    await uow.trx.executeQuery(INDEX_SUBJECT.compile(uow.trx, [doc.ticketId, doc.terms ?? toTerms(doc.text)]));
    return;
  }
  await sql`DELETE FROM search_docs WHERE ticket_id = ${doc.ticketId} AND message_id IS NULL`.execute(uow.trx);
  for (const q of postgresIndex(uow.trx, [{ ...doc, messageId: null }])) await uow.trx.executeQuery(q);
}

/** Replaces a message's document (its parts were recomputed: `sportello email reparse`). */
export async function reindexMessage(
  on: Runner,
  dialect: Dialect,
  doc: SearchDoc & { messageId: number },
): Promise<void> {
  const db = dbOf(on);
  if (dialect === "sqlite") {
    await sql`DELETE FROM search_messages WHERE rowid = ${doc.messageId}`.execute(db);
    await sql`INSERT INTO search_messages (rowid, terms) VALUES (${doc.messageId}, ${doc.terms ?? toTerms(doc.text)})`.execute(
      db,
    );
    return;
  }
  await sql`DELETE FROM search_docs WHERE message_id = ${doc.messageId}`.execute(db);
  for (const q of postgresIndex(db, [doc])) await db.executeQuery(q);
}

/** After a merge moved the messages of `fromTicketId` to `toTicketId`, their documents follow. */
export async function moveDocs(on: Runner, dialect: Dialect, fromTicketId: number, toTicketId: number): Promise<void> {
  const db = dbOf(on);
  // SQLite reads a message document's ticket from its messages row, which the merge has moved already.
  if (dialect === "sqlite") return;
  await sql`UPDATE search_docs SET ticket_id = ${toTicketId} WHERE ticket_id = ${fromTicketId} AND message_id IS NOT NULL`.execute(
    db,
  );
}

/**
 * Ids of the tickets matching every word of `q`, most recently matched first, at most `candidates`.
 * Reading matches newest-first keeps a common word as cheap as a rare one: the index stops after a page,
 * where ranking every match of "ordine" in a million tickets would read them all.
 */
/** How many of the newest search documents the first plan reads before falling back to the GIN index. */
const RECENT_WINDOW = 20_000;

export async function matchTickets(
  on: Runner,
  dialect: Dialect,
  workspaceId: number,
  q: string,
  candidates: number,
): Promise<number[] | null> {
  const db = dbOf(on);
  const hits = await matchTicketFields(db, dialect, workspaceId, q, candidates);
  return hits && hits.map((h) => h.id);
}

/** A ticket the words matched, and where: its subject, one of its messages, or both. */
export type TextHit = { id: number; subject: boolean; body: boolean };

/** As matchTickets, saying for each ticket whether its subject or a message matched (the results' `matched`). */
export async function matchTicketFields(
  on: Runner,
  dialect: Dialect,
  workspaceId: number,
  q: string,
  candidates: number,
): Promise<TextHit[] | null> {
  const db = dbOf(on);
  const hits = new Map<number, TextHit>();
  const add = (id: number, subject: boolean) => {
    let h = hits.get(id);
    if (!h) {
      if (hits.size >= candidates) return;
      hits.set(id, (h = { id, subject: false, body: false }));
    }
    if (subject) h.subject = true;
    else h.body = true;
  };
  if (dialect === "sqlite") {
    const match = toFtsQuery(q);
    if (!match) return null;
    // A ticket matched by subject and by a message comes twice: twice the rows, the same tickets.
    const r = await sql<{ ticket_id: number; subject: number }>`
      SELECT ticket_id, subject FROM (
        SELECT * FROM (SELECT t.id AS ticket_id, 1 AS subject FROM search_subjects s JOIN tickets t ON t.id = s.rowid WHERE search_subjects MATCH ${match} AND t.workspace_id = ${workspaceId} ORDER BY s.rowid DESC LIMIT ${candidates})
        UNION
        SELECT * FROM (SELECT m.ticket_id, 0 AS subject FROM search_messages s JOIN messages m ON m.id = s.rowid WHERE search_messages MATCH ${match} AND m.workspace_id = ${workspaceId} ORDER BY s.rowid DESC LIMIT ${candidates * 3})
      ) ORDER BY ticket_id DESC LIMIT ${candidates * 2}`.execute(db);
    for (const x of r.rows) add(Number(x.ticket_id), x.subject === 1);
    return [...hits.values()];
  }
  // The tsquery is built first and passed back as a constant, so no row re-runs unaccent().
  const { rows } = await sql<{
    q: string;
  }>`SELECT (plainto_tsquery('italian', unaccent(${q})) || plainto_tsquery('english', unaccent(${q})))::text AS q`.execute(
    db,
  );
  const query = rows[0]?.q;
  if (!query) return null;
  const want = candidates * 3;
  // Two plans, chosen by what the data says rather than by the planner's guess of a word's frequency:
  // 1. the newest documents, read backwards by id within a bounded window: enough for a common word;
  // 2. for the rest, the GIN index (cheap for a rare word, whose matches are few wherever they are).
  const top = await sql<{ m: number | null }>`SELECT max(id) AS m FROM search_docs`.execute(db);
  const maxId = Number(top.rows[0]?.m ?? 0);
  const boundary = Math.max(0, maxId - RECENT_WINDOW);
  type Doc = { ticket_id: number; id: number; message_id: number | null };
  const recent = await sql<Doc>`
    SELECT ticket_id, id, message_id FROM search_docs
    WHERE id > ${boundary} AND workspace_id = ${workspaceId} AND tsv @@ ${query}::tsquery
    ORDER BY id DESC LIMIT ${want}`.execute(db);
  let docs = recent.rows;
  if (docs.length < want && boundary > 0) {
    const older = await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_indexscan = off`.execute(trx);
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      return sql<Doc>`
        SELECT ticket_id, id, message_id FROM search_docs
        WHERE id <= ${boundary} AND workspace_id = ${workspaceId} AND tsv @@ ${query}::tsquery
        ORDER BY id DESC LIMIT ${want - docs.length}`.execute(trx);
    });
    docs = docs.concat(older.rows);
  }
  for (const d of docs) add(Number(d.ticket_id), d.message_id === null);
  return [...hits.values()];
}

/** The public messages of these tickets, newest first: what a result's snippet is taken from. */
export function publicReplies(on: Runner, ticketIds: number[]) {
  const db = dbOf(on);
  return db
    .selectFrom("messages")
    .select(["ticket_id", "reply_text"])
    .where("ticket_id", "in", ticketIds)
    .where("internal", "=", 0)
    .orderBy("id", "desc")
    .execute();
}
