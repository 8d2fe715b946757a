import { sql } from "kysely";
import type { Logger } from "pino";
import type { Db, Dialect } from "../db/index";
import {
  backoffMs,
  type EnqueueOptions,
  type JobHandlers,
  type JobMap,
  type JobName,
  JobDeferred,
  type JobQueue,
  logJobFailure,
  type QueuedJob,
} from "./queue";

const LEASE_MS = 5 * 60_000;

type ClaimedJob = { id: number; name: string; payload: string; attempts: number; max_attempts: number };

/**
 * The embedded runner: jobs live in the database, so a job survives a crash; a job whose worker died is
 * picked up again once its lease expires. On PostgreSQL, claims use SKIP LOCKED so several processes could
 * share it; scale-out mode uses BullMQ instead (see bullmq-queue.ts).
 */
export class DbQueue implements JobQueue {
  readonly kind = "embedded" as const;
  private timer: NodeJS.Timeout | null = null;
  private running = 0;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly log: Logger,
  ) {}

  async enqueue<N extends JobName>(name: N, payload: JobMap[N], opts: EnqueueOptions = {}): Promise<void> {
    await this.enqueueMany([{ name, payload, opts } as QueuedJob]);
  }

  async enqueueMany(jobs: QueuedJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const now = Date.now();
    // One statement, one commit: the outbox's listeners enqueue an email for each of up to 50 new tickets at once.
    for (let i = 0; i < jobs.length; i += 100)
      await this.db
        .insertInto("jobs")
        .values(
          jobs.slice(i, i + 100).map((j) => ({
            name: j.name,
            payload: JSON.stringify(j.payload),
            run_at: now + (j.opts?.delayMs ?? 0),
            attempts: 0,
            max_attempts: j.opts?.attempts ?? 8,
            state: "queued" as const,
            created_at: now,
          })),
        )
        .execute();
    this.wake?.();
  }

  start(handlers: JobHandlers, concurrency = 4): void {
    const loop = async () => {
      while (!this.stopped) {
        let claimed = false;
        while (!this.stopped && this.running < concurrency) {
          const jobs = await this.claim(concurrency - this.running).catch((err) => {
            this.log.error({ err }, "job claim failed");
            return [];
          });
          if (jobs.length === 0) break;
          claimed = true;
          for (const job of jobs) this.begin(job, handlers);
        }
        if (!claimed || this.running >= concurrency) {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
            this.timer = setTimeout(resolve, 500);
          });
          if (this.timer) clearTimeout(this.timer);
          this.wake = null;
        }
      }
    };
    void loop();
  }

  /** Runs a claimed job in the background, counted in `running` until it ends. */
  private begin(job: ClaimedJob, handlers: JobHandlers) {
    this.running++;
    void this.run(job, handlers)
      // The job's row could not be updated (the database went away, or is closing with the process): its
      // lease expires and the job runs again, as after a crash.
      .catch((err) => {
        if (!this.stopped)
          this.log.error(
            { err, job: job.name },
            "job state could not be saved; the job runs again when its lease expires",
          );
      })
      .finally(() => {
        this.running--;
        this.wake?.();
      });
  }

  /** Up to `limit` due jobs, leased in one transaction (one commit for a batch of emails, not one each). */
  private async claim(limit: number): Promise<ClaimedJob[]> {
    const now = Date.now();
    const lockClause = this.dialect === "postgres" ? sql`FOR UPDATE SKIP LOCKED` : sql``;
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<Omit<ClaimedJob, "attempts"> & { attempts: number }>`
        SELECT id, name, payload, attempts, max_attempts FROM jobs
        WHERE state = 'queued' AND run_at <= ${now} AND (locked_until IS NULL OR locked_until < ${now})
        ORDER BY run_at LIMIT ${limit} ${lockClause}`.execute(trx);
      if (rows.length === 0) return [];
      await trx
        .updateTable("jobs")
        .set((eb) => ({ locked_until: now + LEASE_MS, attempts: eb("attempts", "+", 1) }))
        .where(
          "id",
          "in",
          rows.map((r) => r.id),
        )
        .execute();
      return rows.map((job) => ({ ...job, attempts: job.attempts + 1 }));
    });
  }

  private async run(job: ClaimedJob, handlers: JobHandlers) {
    const handler = handlers[job.name as JobName] as
      ((p: unknown, m: { attempt: number; jobId: string }) => Promise<void>) | undefined;
    let parsed: unknown = null;
    try {
      if (!handler) throw new Error(`no handler for job ${job.name}`);
      parsed = JSON.parse(job.payload);
      await handler(parsed, { attempt: job.attempts, jobId: String(job.id) });
      // Done jobs are deleted: the table holds only the backlog and the dead letters.
      await this.db.deleteFrom("jobs").where("id", "=", job.id).execute();
    } catch (err) {
      if (err instanceof JobDeferred) {
        await this.db
          .updateTable("jobs")
          .set({ locked_until: null, attempts: job.attempts - 1, run_at: err.untilMs })
          .where("id", "=", job.id)
          .execute();
        return;
      }
      const dead = job.attempts >= job.max_attempts;
      logJobFailure(
        this.log,
        { name: job.name, id: String(job.id), attempt: job.attempts, attempts: job.max_attempts, payload: parsed },
        err,
        dead ? null : backoffMs(job.attempts),
      );
      await this.db
        .updateTable("jobs")
        .set({
          state: dead ? "dead" : "queued",
          locked_until: null,
          last_error: String((err as Error)?.message ?? err),
          run_at: Date.now() + backoffMs(job.attempts),
        })
        .where("id", "=", job.id)
        .execute();
    }
  }

  async stats() {
    const r = await this.db
      .selectFrom("jobs")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("created_at").as("oldest")])
      .where("state", "=", "queued")
      .executeTakeFirst();
    return { waiting: Number(r?.n ?? 0), oldestAgeMs: r?.oldest ? Date.now() - Number(r.oldest) : 0 };
  }

  async close() {
    this.stopped = true;
    this.wake?.();
    const deadline = Date.now() + 5000;
    while (this.running > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }
}
