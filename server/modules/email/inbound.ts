import type { Ctx } from "../../context";
import type { Db } from "../../db/index";
import { GroupCommit } from "../../lib/group-commit";
import { dueHeldEmails, findTicketNumber, mailboxByAddress, seenEmail } from "./inbound.queries";
import { type IngestResult, place, prepareHeld } from "./place";
import { type Mailbox, type Prepared, splitPlus } from "./prepare";
import { prepareInThread } from "./reader";
import { claimHeld } from "./threading";

export type { IngestResult } from "./place";

// The way in for incoming mail, from SMTP and IMAP alike: find the mailbox, read the message, place it in a
// transaction shared with the messages arriving at the same moment, and release held replies whose wait is over.

export interface Delivery {
  raw: Buffer;
  /** Envelope recipients (RCPT TO), lower-cased. */
  recipients: string[];
}

/**
 * Mailboxes found in the last few seconds, per database: every message looks its mailbox up twice (RCPT TO,
 * then ingest), and mailboxes change rarely. Only found ones are kept, so a mailbox just added answers at
 * once; one deleted on another node may take mail for MAILBOX_CACHE_MS more (it is then stored as usual).
 */
export const MAILBOX_CACHE_MS = 5000;
const mailboxCache = new WeakMap<Db, Map<string, { mailbox: Mailbox; until: number }>>();
/** Told when this node's mailboxes change (the SMTP thread keeps a copy of the cache). */
const forgetting = new WeakMap<Db, Set<() => void>>();

export function forgetMailboxes(ctx: Ctx) {
  mailboxCache.delete(ctx.db);
  for (const listener of forgetting.get(ctx.db) ?? []) listener();
}

/** Calls `listener` whenever forgetMailboxes() is called for this database; returns the unsubscribe. */
export function onForgetMailboxes(ctx: Ctx, listener: () => void): () => void {
  let set = forgetting.get(ctx.db);
  if (!set) forgetting.set(ctx.db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

export async function findMailbox(ctx: Ctx, address: string): Promise<Mailbox | undefined> {
  const [base] = splitPlus(address);
  let cache = mailboxCache.get(ctx.db);
  if (!cache) mailboxCache.set(ctx.db, (cache = new Map()));
  const hit = cache.get(base);
  if (hit && hit.until > Date.now()) return hit.mailbox;
  const mailbox = await mailboxByAddress(ctx.db, base);
  if (mailbox) cache.set(base, { mailbox, until: Date.now() + MAILBOX_CACHE_MS });
  else cache.delete(base);
  return mailbox;
}

/** Incoming mail shares transactions with the other messages arriving at the same moment (one per database). */
const commits = new WeakMap<Db, GroupCommit>();
function groupCommit(ctx: Ctx): GroupCommit {
  let g = commits.get(ctx.db);
  // SQLite has one writer, and most of a small write's cost is its commit (with the search index's flush):
  // the lane waits (2 ms at most) for the messages already being read (ingest() announces each), so that they
  // share it, and commits at once when none is coming. On PostgreSQL a message's cost is its
  // round trips, which a shared transaction would only put in a row: each has its own, up to 8 at once
  // (measured: 47 msg/s alone against 31-40 in batches of 16 on 4 connections, same busy machine).
  if (!g)
    commits.set(
      ctx.db,
      (g = new GroupCommit(
        ctx,
        ctx.dialect === "sqlite" ? { lanes: 1, maxBatch: 64, gatherMs: 2 } : { lanes: 8, maxBatch: 1 },
      )),
    );
  return g;
}

/**
 * Stores the raw message (in the database; on disk, fsynced, when large) and creates or continues its ticket
 * in one transaction. Returns
 * only once both are durable: the SMTP server answers 250 after this resolves, and nothing is lost if the
 * process dies before (the client retries) or after (the Message-ID makes the retry a duplicate).
 */
export async function ingest(ctx: Ctx, d: Delivery): Promise<IngestResult> {
  // While this message is read, a gathering transaction waits for it (see GroupCommit.announce).
  const arrived = announceDelivery(ctx);
  let placed: Promise<IngestResult>;
  try {
    const mailbox = (await Promise.all(d.recipients.map((r) => findMailbox(ctx, r)))).find(Boolean);
    if (!mailbox) throw new Error("no mailbox for these recipients");
    placed = placeDelivery(ctx, await prepareInThread(ctx, mailbox, d.raw, d.recipients));
  } finally {
    arrived();
  }
  return placed;
}

/**
 * Says that a message is being read (here, or in the SMTP thread) and will be placed in a moment: the
 * transaction that is gathering waits for it. Call the returned function once it is handed to placeDelivery,
 * or given up.
 */
export function announceDelivery(ctx: Ctx): () => void {
  markArrival(ctx.db);
  return groupCommit(ctx).announce();
}

/** Notes that a message began arriving: it goes on the current burst of mail, or starts a new one after a pause. */
export function markArrival(db: Db, now = Date.now()): void {
  const t = intake.get(db);
  if (t && now - t.last < BUSY_WITHIN_MS) t.last = now;
  else intake.set(db, { since: now, last: now });
}

/** When this process last began reading an incoming message, and since when mail has come in without a pause. */
const intake = new WeakMap<Db, { since: number; last: number }>();
/** Mail is coming in while messages begin arriving less than this apart. */
const BUSY_WITHIN_MS = 250;
/**
 * Background work (the outbox's listeners: acknowledgements, assignment, notifications; automatic emails) waits
 * while mail is coming in on this node, for this long at most from the start of the burst. With 2 s, a 2,000-message
 * mailbox read in 2.5–3.5 s had its listeners' first large batch and the acknowledgements' sending land in the middle
 * of it: IMAP with a relay 658–702 msg/s, 880–913 with a longer wait (bench/imap.bench.ts, real path).
 */
export const BACKGROUND_WAIT_MS = 30_000;
/** Past that wait, while mail still pours in, background work runs in turns that take at most this share of time. */
export const BACKGROUND_SHARE = 0.1;

/** Whether mail is coming in on this node right now (a message began arriving in the last 250 ms). */
export const intakeBusy = (ctx: Pick<Ctx, "db">, now = Date.now()) => {
  const t = intake.get(ctx.db);
  return !!t && now - t.last < BUSY_WITHIN_MS;
};

/**
 * How much longer background work should wait for a pause in incoming mail: 0 when there is no mail coming in,
 * or when it has come in without a pause for BACKGROUND_WAIT_MS (background work then takes its share, so that a
 * steady stream never starves it).
 */
export function backgroundWaitMs(ctx: Pick<Ctx, "db">, now = Date.now()): number {
  if (!intakeBusy(ctx, now)) return 0;
  return Math.max(0, intake.get(ctx.db)!.since + BACKGROUND_WAIT_MS - now);
}

/** Places a prepared message in the next shared transaction; resolves once it is committed. */
export function placeDelivery(ctx: Ctx, p: Prepared): Promise<IngestResult> {
  return groupCommit(ctx)
    .run((uow) => place(ctx, uow, p, null))
    .catch(async (err) => {
      // Two deliveries of one message at the same moment (an MTA retrying, two IMAP polls): the second loses the
      // race on the unique Message-ID, its transaction rolls back, and it is reported as the duplicate it is.
      if (!isUniqueViolation(err)) throw err;
      const seen = await seenEmail(ctx.db, p.mailbox.workspace_id, p.mail.messageId);
      if (!seen) throw err;
      const number = seen.ticket_id ? await findTicketNumber(ctx.db, seen.ticket_id) : undefined;
      return { status: "duplicate" as const, ticketNumber: number ?? null, flags: p.flags };
    });
}

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; message?: string };
  return (
    e?.code === "23505" || e?.code === "SQLITE_CONSTRAINT_UNIQUE" || /UNIQUE constraint failed/.test(e?.message ?? "")
  );
};

/** Held replies whose wait is over become tickets of their own (or join a thread that appeared meanwhile). */
export async function releaseHeldMail(ctx: Ctx, now = Date.now()): Promise<number> {
  const due = await dueHeldEmails(ctx.db, now);
  let released = 0;
  for (const held of due) {
    const p = await prepareHeld(ctx, ctx.db, held);
    const placed = await groupCommit(ctx).run(async (uow) =>
      (await claimHeld(uow.trx, held.id)) ? place(ctx, uow, p, held.id) : null,
    );
    if (placed) released++;
  }
  return released;
}

/** Worker role: looks for held replies whose wait is over every few seconds. */
export function watchHeldMail(ctx: Ctx, everyMs = 5000): () => void {
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const n = await releaseHeldMail(ctx);
      if (n)
        ctx.log.info({ released: n }, "held replies placed on their own after waiting for the messages they answer");
    } catch (err) {
      ctx.log.warn({ err }, "releasing held replies failed; will try again");
    } finally {
      busy = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
