import { CompiledQuery, sql } from "kysely";
import type { Db, Trx } from "../../db/index";
import type { UnitOfWork } from "../../events/outbox";
import { toTerms } from "./text";

/**
 * SQLite's search documents are written in batches of their own, a moment after the rows they index commit.
 *
 * FTS5 writes each transaction's new documents as a new segment of its index and merges segments as they pile
 * up, so a document costs less the more of them a transaction writes: about 90 µs for a message among the
 * 16 of a group commit, 45 among 128, 32 among 512. Writing them with the messages made search a third of
 * SQLite's time per email. Here a queue takes them once their rows are durable and writes them when 256 are
 * waiting or 100 ms after the first, in one transaction: SQLite's time per email 0.31 -> 0.28 and 0.42 -> 0.36 ms
 * (bench/ingest-direct.bench.ts --statements, alternating runs).
 *
 * What a search sees is unchanged: it writes what is waiting before it reads. A process that stops before
 * writing them (a crash) leaves tickets and messages without a document, which `repairSearchIndex` gives
 * them at the next start. PostgreSQL writes its documents with the rows, as before: there a statement costs a
 * round trip, not a segment.
 */

type Table = "search_subjects" | "search_messages";
type Doc = { table: Table; rowid: number; terms: string };

const BATCH = 256;
const WAIT_MS = 100;
/** After a failed write, the documents are tried again this much later. */
const RETRY_MS = 5_000;
/** Rows per INSERT: the statement's text is made once per table and row count. */
const ROWS = 64;

class Queue {
  private docs: Doc[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  /** After a failed write, none is tried before this time (unless a search asks): one error every 5 s, not ten a second. */
  private retryAt = 0;

  constructor(
    private readonly db: Db,
    private readonly onError: (err: unknown) => void,
  ) {}

  add(docs: Doc[]) {
    this.docs.push(...docs);
    const wait = Math.max(this.retryAt - Date.now(), 0);
    if (this.docs.length >= BATCH && !wait) void this.flush();
    else this.schedule(Math.max(wait, WAIT_MS));
  }

  /** Documents that must not be written any more (a renamed ticket's old subject); returns them. */
  forget(table: Table, rowid: number): Doc[] {
    const gone = this.docs.filter((d) => d.table === table && d.rowid === rowid);
    if (gone.length) this.docs = this.docs.filter((d) => !gone.includes(d));
    return gone;
  }

  /** Writes everything waiting; resolves once it is committed (or has failed, and waits for its retry). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // One write at a time, in the order the documents came.
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  private schedule(ms: number) {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), ms);
    // Waiting documents never keep a process alive: whatever is not written is repaired at the next start.
    this.timer.unref();
  }

  private async write() {
    if (!this.docs.length) return;
    let docs: Doc[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        // Taken once this transaction holds the connection (SQLite has one): no other transaction runs until it
        // ends, so a rename that drops a waiting subject never misses one taken and not written yet.
        docs = this.docs.splice(0);
        for (const table of ["search_subjects", "search_messages"] as const)
          await insertDocs(
            trx,
            table,
            docs.filter((d) => d.table === table),
          );
      });
      this.retryAt = 0;
    } catch (err) {
      this.onError(err);
      this.docs.unshift(...docs);
      this.retryAt = Date.now() + RETRY_MS;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.schedule(RETRY_MS);
    }
  }
}

const texts = new Map<string, string>();
/** REPLACE: a document written twice (repaired at start, then its queue) is written once. */
function insertText(table: Table, rows: number): string {
  const key = `${table}:${rows}`;
  let text = texts.get(key);
  if (!text)
    texts.set(
      key,
      (text = `INSERT OR REPLACE INTO ${table} (rowid, terms) VALUES ${Array.from({ length: rows }, () => "(?, ?)").join(", ")}`),
    );
  return text;
}

/** Documents of one table, written in the caller's transaction, ROWS to a statement. */
async function insertDocs(trx: Trx, table: Table, docs: { rowid: number; terms: string }[]): Promise<void> {
  for (let i = 0; i < docs.length; i += ROWS) {
    const chunk = docs.slice(i, i + ROWS);
    await trx.executeQuery(
      CompiledQuery.raw(
        insertText(table, chunk.length),
        chunk.flatMap((d) => [d.rowid, d.terms]),
      ),
    );
  }
}

const queues = new WeakMap<Db, Queue>();
function queueOf(ctx: { db: Db; log: { error: (o: object, msg: string) => void } }): Queue {
  let q = queues.get(ctx.db);
  if (!q)
    queues.set(
      ctx.db,
      (q = new Queue(ctx.db, (err) =>
        ctx.log.error({ err }, "search documents could not be written; trying again in 5 s"),
      )),
    );
  return q;
}

type QueueCtx = Parameters<typeof queueOf>[0];

/** Documents of rows that have committed, to be written shortly. */
export function queueSearchDocs(
  ctx: QueueCtx,
  docs: { ticketId: number; messageId: number | null; text: string; terms?: string }[],
): void {
  queueOf(ctx).add(
    docs.map((d) => ({
      ...(d.messageId === null
        ? { table: "search_subjects", rowid: d.ticketId }
        : { table: "search_messages", rowid: d.messageId }),
      terms: d.terms ?? toTerms(d.text),
    })),
  );
}

/** Writes the waiting documents now: before a search reads, and before the database is closed. */
export function flushSearchDocs(ctx: QueueCtx): Promise<void> {
  return queues.get(ctx.db)?.flush() ?? Promise.resolve();
}

/**
 * A ticket's subject document waiting to be written is dropped: a rename writes the new one. Called inside the
 * rename's transaction, when no write of the queue can be under way; should that transaction fail, the document
 * is queued again (the subject has not changed).
 */
export function forgetSubjectDoc(ctx: QueueCtx, uow: UnitOfWork, ticketId: number): void {
  const queue = queues.get(ctx.db);
  const gone = queue?.forget("search_subjects", ticketId) ?? [];
  if (gone.length) uow.onRollback(() => queue!.add(gone));
}

/**
 * Gives every ticket and message without a search document one (SQLite): those whose documents were still
 * waiting when the process stopped. Run at start, before anything is queued. Returns how many it wrote.
 */
export async function repairSearchIndex(db: Db): Promise<number> {
  let written = 0;
  const sources = [
    {
      table: "search_subjects" as const,
      missing: sql<{
        id: number;
      }>`SELECT id FROM tickets WHERE id NOT IN (SELECT rowid FROM search_subjects) ORDER BY id`,
      texts: (ids: number[]) =>
        sql<{ id: number; text: string }>`SELECT id, subject AS text FROM tickets WHERE id IN (${sql.join(ids)})`,
    },
    {
      table: "search_messages" as const,
      missing: sql<{
        id: number;
      }>`SELECT id FROM messages WHERE id NOT IN (SELECT rowid FROM search_messages) ORDER BY id`,
      texts: (ids: number[]) =>
        // The new text and a forwarded message, never the quoted history (as tickets.write indexes them).
        sql<{
          id: number;
          text: string;
        }>`SELECT id, reply_text || COALESCE(' ' || forwarded_text, '') AS text FROM messages WHERE id IN (${sql.join(ids)})`,
    },
  ];
  for (const { table, missing, texts } of sources) {
    const ids = (await missing.execute(db)).rows.map((r) => r.id);
    // A thousand at a time: the texts of a whole database would not fit in memory.
    for (let i = 0; i < ids.length; i += 1_000) {
      const { rows } = await texts(ids.slice(i, i + 1_000)).execute(db);
      await db.transaction().execute((trx) =>
        insertDocs(
          trx,
          table,
          rows.map((r) => ({ rowid: r.id, terms: toTerms(r.text) })),
        ),
      );
    }
    written += ids.length;
  }
  return written;
}
