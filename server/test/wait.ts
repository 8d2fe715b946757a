import net from "node:net";
import { type JobType, Queue } from "bullmq";
import { Redis } from "ioredis";
import type { Ctx } from "../context";
import type { JobName } from "../jobs/queue";
import { flushSearchDocs } from "../modules/search/index-queue";

// Explicit waits for the tests: each waits for the thing it names, never for a fixed time. A fixed sleep is too
// long on a quiet machine and too short on a busy one; a wait for the condition is as short as it can be.

export interface WaitOptions {
  /** Give up after this long (default 20 s): the condition did not come true, and the test fails saying so. */
  timeoutMs?: number;
  /** What is awaited, for the error message. */
  what?: string | (() => string);
}

/** Polls `condition` until it returns something truthy, and returns it; throws once the deadline has passed. */
export async function waitFor<T>(
  condition: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  opts: WaitOptions | number = {},
): Promise<T> {
  const { timeoutMs = 20_000, what = "a condition" } = typeof opts === "number" ? { timeoutMs: opts } : opts;
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await condition();
    if (v) return v;
    if (Date.now() > end)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === "function" ? what() : what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A promise with its resolve at hand: a test's code says "I got here", another part awaits it. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets every promise callback already queued run (one turn of the event loop, no timer). */
export const pendingCallbacks = () => new Promise<void>((r) => setImmediate(r));

/** Whether something accepts TCP connections on the port (a server that is up). */
export function portAnswers(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, host, () => (s.end(), resolve(true)));
    s.on("error", () => resolve(false));
  });
}

type DrainCtx = Pick<Ctx, "db" | "config" | "jobs">;

/** Waits until every outbox event has been handed to its listeners (a worker must be running). */
export async function drainOutbox(ctx: Pick<Ctx, "db">, opts: WaitOptions = {}): Promise<void> {
  await waitFor(
    async () => !(await ctx.db.selectFrom("outbox").select("id").where("dispatched_at", "is", null).executeTakeFirst()),
    { what: "the outbox to be dispatched", ...opts },
  );
}

type BullmqConn = Pick<Ctx["config"], "redisUrl" | "redisPrefix">;
type BullmqOpts = { names?: readonly JobName[]; pullForward?: boolean; includeDelayed?: boolean };

/** How many jobs BullMQ still has to run, read with a queue of our own on the runtime's prefix. */
async function bullmqBusy(conn: BullmqConn, { names, pullForward, includeDelayed }: BullmqOpts) {
  const redis = new Redis(conn.redisUrl!, { maxRetriesPerRequest: null });
  const queue = new Queue("jobs", { connection: redis, prefix: conn.redisPrefix });
  try {
    if (pullForward) for (const job of await queue.getDelayed()) await job.promote().catch(() => {});
    const states: JobType[] = [
      "waiting",
      "active",
      "prioritized",
      "paused",
      ...(includeDelayed ? ["delayed" as const] : []),
    ];
    if (!names) return Object.values(await queue.getJobCounts(...states)).reduce((a, b) => a + b, 0);
    return (await queue.getJobs(states)).filter((j) => j && names.includes(j.name as JobName)).length;
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

/** Waits until BullMQ has no job waiting or running (`includeDelayed`: nor any waiting for a retry). */
export async function drainBullmq(conn: BullmqConn, opts: WaitOptions & BullmqOpts = {}): Promise<void> {
  await waitFor(async () => (await bullmqBusy(conn, opts)) === 0, { what: "BullMQ to be idle", ...opts });
}

/**
 * Waits until no job is waiting or running: the embedded queue holds no job due now (done jobs are deleted), or
 * BullMQ none waiting or active. A job that failed and waits for its retry is not due; `pullForward` makes it due
 * at once. `names` restricts the wait to those jobs.
 */
export async function drainJobs(
  ctx: DrainCtx,
  opts: WaitOptions & { names?: readonly JobName[]; pullForward?: boolean } = {},
): Promise<void> {
  const { names, pullForward = false } = opts;
  await waitFor(
    async () => {
      if (ctx.jobs.kind === "bullmq") return (await bullmqBusy(ctx.config, { names, pullForward })) === 0;
      if (pullForward) {
        let due = ctx.db.updateTable("jobs").set({ run_at: 0 }).where("state", "=", "queued");
        if (names) due = due.where("name", "in", names);
        await due.execute();
      }
      let busy = ctx.db.selectFrom("jobs").select("id").where("state", "=", "queued").where("run_at", "<=", Date.now());
      if (names) busy = busy.where("name", "in", names);
      return !(await busy.executeTakeFirst());
    },
    { what: `the job queue to be idle${names ? ` (${names.join(", ")})` : ""}`, ...opts },
  );
}

/** Waits until every email in mail_outbox has been sent (or given up): nothing of them is still on its way. */
export async function drainMail(ctx: DrainCtx, opts: WaitOptions & { pullForward?: boolean } = {}): Promise<void> {
  await waitFor(
    async () => {
      if (opts.pullForward && ctx.jobs.kind === "embedded")
        await ctx.db
          .updateTable("jobs")
          .set({ run_at: 0 })
          .where("name", "=", "mail.send")
          .where("state", "=", "queued")
          .execute();
      return !(await ctx.db.selectFrom("mail_outbox").select("id").where("status", "=", "queued").executeTakeFirst());
    },
    { what: "the queued emails to be sent", ...opts },
  );
}

/**
 * Waits until the worker has nothing left to do: the outbox dispatched and the jobs it caused run, again until
 * neither has anything (a job may emit events, a listener may queue jobs).
 */
export async function settle(
  ctx: DrainCtx,
  opts: WaitOptions & { names?: readonly JobName[]; pullForward?: boolean } = {},
): Promise<void> {
  for (;;) {
    await drainOutbox(ctx, opts);
    await drainJobs(ctx, opts);
    if (!(await ctx.db.selectFrom("outbox").select("id").where("dispatched_at", "is", null).executeTakeFirst())) return;
  }
}

/** Writes the search documents waiting in SQLite's index queue now (a no-op where nothing waits). */
export const drainSearchIndex = (ctx: Pick<Ctx, "db" | "log">) => flushSearchDocs(ctx);
