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
} from "./queue";

const LEASE_MS = 5 * 60_000;

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
    const now = Date.now();
    await this.db
      .insertInto("jobs")
      .values({
        name,
        payload: JSON.stringify(payload),
        run_at: now + (opts.delayMs ?? 0),
        attempts: 0,
        max_attempts: opts.attempts ?? 8,
        state: "queued",
        created_at: now,
      })
      .execute();
    this.wake?.();
  }

  start(handlers: JobHandlers, concurrency = 4): void {
    const loop = async () => {
      while (!this.stopped) {
        let claimed = false;
        while (!this.stopped && this.running < concurrency) {
          const job = await this.claim().catch((err) => {
            this.log.error({ err }, "job claim failed");
            return null;
          });
          if (!job) break;
          claimed = true;
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

  private async claim() {
    const now = Date.now();
    const lockClause = this.dialect === "postgres" ? sql`FOR UPDATE SKIP LOCKED` : sql``;
    return this.db.transaction().execute(async (trx) => {
      const row = await sql<{ id: number; name: string; payload: string; attempts: number; max_attempts: number }>`
        SELECT id, name, payload, attempts, max_attempts FROM jobs
        WHERE state = 'queued' AND run_at <= ${now} AND (locked_until IS NULL OR locked_until < ${now})
        ORDER BY run_at LIMIT 1 ${lockClause}`.execute(trx);
      const job = row.rows[0];
      if (!job) return null;
      await trx
        .updateTable("jobs")
        .set({ locked_until: now + LEASE_MS, attempts: job.attempts + 1 })
        .where("id", "=", job.id)
        .execute();
      return { ...job, attempts: job.attempts + 1 };
    });
  }

  private async run(
    job: { id: number; name: string; payload: string; attempts: number; max_attempts: number },
    handlers: JobHandlers,
  ) {
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
