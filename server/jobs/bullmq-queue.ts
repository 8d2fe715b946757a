import { DelayedError, Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import {
  type EnqueueOptions,
  type JobHandlers,
  type JobMap,
  type JobName,
  JobDeferred,
  type JobQueue,
  type QueuedJob,
  logJobFailure,
} from "./queue";

/**
 * Scale-out runner on BullMQ: one Redis list shared by every worker process. A job is handed to one worker;
 * if that worker dies, BullMQ's stalled-job check hands it to another after the lock expires.
 */
export class BullQueue implements JobQueue {
  readonly kind = "bullmq" as const;
  private readonly queue: Queue;
  private worker: Worker | null = null;

  constructor(
    private readonly connection: () => Redis,
    private readonly log: Logger,
    private readonly prefix = "sportello",
    /** A killed worker's jobs run again elsewhere once their lock has expired (JOB_LOCK_SECONDS). */
    private readonly lockMs = 30_000,
  ) {
    this.queue = new Queue("jobs", { connection: connection(), prefix: this.prefix });
  }

  async enqueue<N extends JobName>(name: N, payload: JobMap[N], opts: EnqueueOptions = {}): Promise<void> {
    await this.enqueueMany([{ name, payload, opts } as QueuedJob]);
  }

  async enqueueMany(jobs: QueuedJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((j) => ({
        name: j.name,
        data: j.payload,
        opts: {
          delay: j.opts?.delayMs,
          jobId: j.opts?.jobId,
          attempts: j.opts?.attempts ?? 8,
          backoff: { type: "exponential", delay: 2000 },
          removeOnComplete: { count: 1000 },
          removeOnFail: { count: 10_000 },
        },
      })),
    );
  }

  start(handlers: JobHandlers, concurrency = 8): void {
    this.worker = new Worker(
      "jobs",
      async (job, token) => {
        const handler = handlers[job.name as JobName] as
          ((p: unknown, m: { attempt: number; jobId: string }) => Promise<void>) | undefined;
        if (!handler) throw new Error(`no handler for job ${job.name}`);
        try {
          await handler(job.data, { attempt: job.attemptsMade + 1, jobId: String(job.id) });
        } catch (err) {
          if (!(err instanceof JobDeferred)) throw err;
          // Delayed without counting an attempt (BullMQ's way: move it, then throw its DelayedError).
          await job.moveToDelayed(err.untilMs, token);
          throw new DelayedError();
        }
      },
      {
        connection: this.connection(),
        prefix: this.prefix,
        concurrency,
        lockDuration: this.lockMs,
        stalledInterval: Math.min(5_000, this.lockMs / 2),
        maxStalledCount: 5,
      },
    );
    // Heard once per failed attempt, after BullMQ has counted it (attemptsMade) and, when it retries, set the
    // backoff's delay (job.delay).
    this.worker.on("failed", (job, err) => {
      if (!job) return void this.log.error({ err }, "a job failed");
      const attempts = job.opts.attempts ?? 1;
      const retries = job.attemptsMade < attempts && err.name !== "UnrecoverableError";
      logJobFailure(
        this.log,
        { name: job.name, id: String(job.id), attempt: job.attemptsMade, attempts, payload: job.data },
        err,
        retries ? job.delay : null,
      );
    });
  }

  async stats() {
    const counts = await this.queue.getJobCounts("waiting", "delayed", "active");
    const [oldest] = await this.queue.getJobs(["waiting"], 0, 0, true);
    return {
      waiting: (counts.waiting ?? 0) + (counts.delayed ?? 0),
      oldestAgeMs: oldest ? Date.now() - oldest.timestamp : 0,
    };
  }

  async close() {
    await this.worker?.close();
    await this.queue.close();
  }
}
