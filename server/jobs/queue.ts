// Typed job names and payloads, the same in both modes; only the runner behind JobQueue changes.
export interface JobMap {
  "outbox.dispatch": Record<string, never>;
  "webhook.deliver": { delivery_id: number; request_id?: string | null };
  "mail.send": { mail_id: number; request_id?: string | null };
  /** One job per mailbox and poll: mailboxes are fetched in parallel and a slow one holds no other back. */
  "imap.fetch": { mailbox_id: number };
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

export interface JobQueue {
  readonly kind: "embedded" | "bullmq";
  enqueue<N extends JobName>(name: N, payload: JobMap[N], opts?: EnqueueOptions): Promise<void>;
  /** Starts consuming (worker role only). */
  start(handlers: JobHandlers, concurrency?: number): void;
  stats(): Promise<{ waiting: number; oldestAgeMs: number }>;
  close(): Promise<void>;
}

/** Exponential backoff with a cap: 2 s, 4 s, 8 s … 1 h. */
export function backoffMs(attempt: number): number {
  return Math.min(3_600_000, 1000 * 2 ** attempt);
}
