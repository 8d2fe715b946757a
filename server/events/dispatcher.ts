import { sql } from "kysely";
import { autoAssign } from "../modules/queue/assignment";
import type { Ctx } from "../context";
import type { Trx } from "../db/index";
import type { JobQueue, QueuedJob } from "../jobs/queue";
import { BACKGROUND_SHARE, backgroundWaitMs, intakeBusy } from "../modules/email/inbound";
import { queueAcknowledgement, queueStatusEmail } from "../modules/email/notifications";
import { queueReplyEmail } from "../modules/email/outbound";
import { kudosFromSurvey } from "../modules/kudos/kudos.listener";
import { notifyOnEvent } from "../modules/notifications/notifications.listener";
import { fanOutWebhooks } from "../modules/webhooks/webhooks.delivery";
import { scheduleCsat } from "../modules/surveys/csat";
import type { EventName, OutboxEvent } from "./events";

// Durable listeners: they run from the outbox, so a crash after commit delays them but never loses them.
// Each must be idempotent (an event can be handed out again if a worker dies mid-batch).
type Listener = (ctx: Ctx, event: OutboxEvent) => Promise<void>;
const LISTENERS: Record<EventName, Listener[]> = {
  "ticket.created": [fanOutWebhooks, queueAcknowledgement, autoAssign, notifyOnEvent],
  "ticket.updated": [fanOutWebhooks, autoAssign, queueStatusEmail, scheduleCsat, notifyOnEvent],
  "message.created": [fanOutWebhooks, queueReplyEmail, notifyOnEvent],
  "ticket.merged": [fanOutWebhooks],
  // A good rating with a comment becomes kudos for the ticket's agents.
  "survey.answered": [kudosFromSurvey],
};
/**
 * Listeners that only read and insert through the ctx they are given: they run for many events in one
 * transaction. Each of their writes in a transaction of its own cost a commit (on SQLite about 0.3 ms of the one
 * writer's time): five or more per new ticket, more than placing the message itself (bench/imap.bench.ts, real
 * path, statement timings). autoAssign updates the ticket through its own unit of work and runs after them.
 */
const IN_SHARED_TRANSACTION = new Set<Listener>([
  fanOutWebhooks,
  queueAcknowledgement,
  queueReplyEmail,
  queueStatusEmail,
  scheduleCsat,
]);
const LEASE_MS = 60_000;
/** Events a turn takes while mail keeps coming in past the listeners' wait (a few milliseconds of work). */
const BUSY_BATCH = 25;
/** Events whose listeners share one transaction: short, since the writer waits for it (intake too). */
const EVENTS_PER_TRANSACTION = 50;

/** A ctx on the transaction `trx`, whose jobs are enqueued once it has committed (none if it rolls back). */
function inTransaction(ctx: Ctx, trx: Trx) {
  const later: QueuedJob[] = [];
  const jobs: JobQueue = {
    kind: ctx.jobs.kind,
    enqueue: async (name, payload, opts) => void later.push({ name, payload, opts } as QueuedJob),
    enqueueMany: async (many) => void later.push(...many),
    start: () => {
      throw new Error("not here");
    },
    stats: () => ctx.jobs.stats(),
    close: async () => {},
  };
  return {
    ctx: { ...ctx, db: trx, reader: trx, jobs } as Ctx,
    // All at once: an email job for each of 50 new tickets was 50 commits.
    enqueueJobs: () => ctx.jobs.enqueueMany(later),
  };
}

/**
 * Claims a batch of undispatched events with a lease (SKIP LOCKED on PostgreSQL, so two workers never claim
 * the same one), runs the listeners outside any transaction of the app's, then marks them dispatched. A worker that dies
 * mid-batch leaves its lease to expire, and another worker runs the batch again.
 */
export async function dispatchBatch(ctx: Ctx, batch = 100, requestsOnly = false): Promise<number> {
  const now = Date.now();
  const lock = ctx.dialect === "postgres" ? sql`FOR UPDATE SKIP LOCKED` : sql``;
  const only = requestsOnly ? sql`AND request_id IS NOT NULL` : sql``;
  const { rows } = await sql<{
    id: number;
    workspace_id: number;
    event: EventName;
    payload: string;
    request_id: string | null;
    created_at: number;
  }>`
    UPDATE outbox SET claimed_until = ${now + LEASE_MS}
    WHERE id IN (SELECT id FROM outbox WHERE dispatched_at IS NULL AND (claimed_until IS NULL OR claimed_until < ${now}) ${only} ORDER BY id LIMIT ${batch} ${lock})
    RETURNING id, workspace_id, event, payload, request_id, created_at`.execute(ctx.db);
  rows.sort((a, b) => Number(a.id) - Number(b.id));
  const events: OutboxEvent[] = rows.map((r) => ({
    ...r,
    id: Number(r.id),
    workspace_id: Number(r.workspace_id),
    payload: JSON.parse(r.payload),
  }));
  for (let i = 0; i < events.length; i += EVENTS_PER_TRANSACTION) {
    const chunk = events.slice(i, i + EVENTS_PER_TRANSACTION);
    const enqueue = await ctx.db.transaction().execute(async (trx) => {
      const t = inTransaction(ctx, trx);
      for (const event of chunk)
        for (const listener of LISTENERS[event.event] ?? [])
          if (IN_SHARED_TRANSACTION.has(listener)) await listener(t.ctx, event);
      return t.enqueueJobs;
    });
    await enqueue();
    for (const event of chunk)
      for (const listener of LISTENERS[event.event] ?? [])
        if (!IN_SHARED_TRANSACTION.has(listener)) await listener(ctx, event);
    await ctx.db
      .updateTable("outbox")
      .set({ dispatched_at: Date.now() })
      .where(
        "id",
        "in",
        chunk.map((e) => e.id),
      )
      .execute();
  }
  return rows.length;
}

/** Whether events of a request wait (a read on a partial index, migration 039: no write lock taken when none do). */
async function requestEventsWaiting(ctx: Ctx): Promise<boolean> {
  const { rows } =
    await sql`SELECT id FROM outbox WHERE dispatched_at IS NULL AND request_id IS NOT NULL LIMIT 1`.execute(ctx.db);
  return rows.length > 0;
}

export class Dispatcher {
  private stopped = false;
  /** Ends the current wait early: stop() always, a nudge (new events) unless it is a rest between turns. */
  private ending: (() => void) | null = null;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly ctx: Ctx) {}

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        // While mail pours in, the listeners (an acknowledgement, assignment and a webhook per new ticket) wait for
        // a pause (backgroundWaitMs, 30 s at most), then run in batches: beside intake they took a third of its speed
        // (bench/imap.bench.ts, the real path). Mail that keeps coming past the wait gets small turns, each followed by
        // a rest nine times as long, so the listeners take a tenth of the main thread and still keep up.
        // What people did meanwhile (an agent's reply, an assignment: events of a request) does not wait.
        const wait = backgroundWaitMs(this.ctx);
        if (wait > 0) {
          if (await this.tryDispatch(() => requestEventsWaiting(this.ctx)))
            await this.tryDispatch(() => dispatchBatch(this.ctx, BUSY_BATCH, true));
          await this.sleep(Math.min(wait, 100));
          continue;
        }
        const busy = intakeBusy(this.ctx);
        const started = performance.now();
        const n = await this.tryDispatch(() => dispatchBatch(this.ctx, busy ? BUSY_BATCH : 100));
        if (busy && n > 0) {
          const rest = (performance.now() - started) * (1 / BACKGROUND_SHARE - 1);
          await this.sleep(Math.max(50, rest), false);
        } else if (n === 0 && !this.stopped) await this.sleep(250);
      }
    })();
  }

  /** A step of the loop; a failure is logged and the loop goes on (false, 0: nothing was done). */
  private async tryDispatch<T extends number | boolean>(step: () => Promise<T>): Promise<T | 0> {
    try {
      return await step();
    } catch (err) {
      this.ctx.log.error({ err }, "outbox dispatch failed");
      return 0;
    }
  }

  /** Waits `ms`; stop() ends the wait, and so does a nudge unless `wakeable` is false (a rest while mail pours in). */
  private sleep(ms: number, wakeable = true) {
    return new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.ending = this.wake = null;
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.ending = end;
      this.wake = wakeable ? end : null;
    });
  }

  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.ending?.();
    await this.loop;
  }
}
