import type { Logger } from "pino";

// Typed job names and payloads, the same in both modes; only the runner behind JobQueue changes.
export interface JobMap {
  "outbox.dispatch": Record<string, never>;
  "webhook.deliver": { delivery_id: number; request_id?: string | null };
  "mail.send": { mail_id: number; request_id?: string | null };
  /** One job per mailbox and poll: mailboxes are fetched in parallel and a slow one holds no other back. */
  "imap.fetch": { mailbox_id: number };
  /** A satisfaction survey for a solved ticket, due delay_minutes after the solve (modules/surveys/csat.ts). */
  "survey.csat": { ticket_id: number; solve_id: number };
  /** Sends waiting NPS emails a few at a time, so replies' emails never queue behind thousands of them. */
  "survey.drip": Record<string, never>;
  /** Used by the multi-node proof and the benchmarks: records that it ran, exactly once. */
  "test.record": { key: string; sleep_ms?: number };
}

export type JobName = keyof JobMap;
export type JobHandler<N extends JobName> = (
  payload: JobMap[N],
  meta: { attempt: number; jobId: string },
) => Promise<void>;
export type JobHandlers = { [N in JobName]?: JobHandler<N> };

export interface EnqueueOptions {
  delayMs?: number;
  /** A stable id makes enqueueing idempotent: the same id is queued at most once. */
  jobId?: string;
  attempts?: number;
}

/** A job to enqueue, as enqueue()'s arguments. */
export type QueuedJob = { [N in JobName]: { name: N; payload: JobMap[N]; opts?: EnqueueOptions } }[JobName];

export interface JobQueue {
  readonly kind: "embedded" | "bullmq";
  enqueue<N extends JobName>(name: N, payload: JobMap[N], opts?: EnqueueOptions): Promise<void>;
  /** Several jobs at once: one statement (embedded) or one round trip (BullMQ) instead of one each. */
  enqueueMany(jobs: QueuedJob[]): Promise<void>;
  /** Starts consuming (worker role only). */
  start(handlers: JobHandlers, concurrency?: number): void;
  stats(): Promise<{ waiting: number; oldestAgeMs: number }>;
  close(): Promise<void>;
}

/**
 * Thrown by a handler that cannot run its job yet for a reason that is not the job's (its relay is down and
 * being backed off): the job runs again at `untilMs`, and the attempt is not counted nor logged as a failure.
 */
export class JobDeferred extends Error {
  constructor(readonly untilMs: number) {
    super(`deferred until ${new Date(untilMs).toISOString()}`);
    this.name = "JobDeferred";
  }
}

/** Exponential backoff with a cap: 2 s, 4 s, 8 s … 1 h. */
export function backoffMs(attempt: number): number {
  return Math.min(3_600_000, 1000 * 2 ** attempt);
}

/** "40 s", "8 min", "1 h" */
function inWords(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

/**
 * The one line a failed attempt of a job writes (the handlers do not log their failures): which job, which attempt
 * of how many, and when it runs again (a warning) or that it will not (an error: a dead letter). The payload's ids
 * and the id of the request that caused the job (reqId, the key Fastify logs) go with it.
 */
export function logJobFailure(
  log: Logger,
  job: { name: string; id: string; attempt: number; attempts: number; payload: unknown },
  err: unknown,
  retryInMs: number | null,
): void {
  const { request_id, ...ids } = (job.payload ?? {}) as { request_id?: string | null };
  const fields = { err, job: job.name, jobId: job.id, attempt: job.attempt, attempts: job.attempts, ...ids };
  const reqId = request_id ?? undefined;
  if (retryInMs === null)
    log.error({ ...fields, reqId }, `${job.name} failed (attempt ${job.attempt} of ${job.attempts}); no more retries`);
  else
    log.warn(
      { ...fields, reqId, retryAt: new Date(Date.now() + retryInMs).toISOString() },
      `${job.name} failed (attempt ${job.attempt} of ${job.attempts}); next try in ${inWords(retryInMs)}`,
    );
}
