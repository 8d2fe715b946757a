import type { Logger } from "pino";
import type { Config } from "./config";
import type { Db, DbHandle, Dialect } from "./db/index";
import type { OutboxEvent } from "./events/events";
import { inTransaction, type UnitOfWork } from "./events/outbox";
import type { JobQueue } from "./jobs/queue";
import type { RealtimeHub } from "./realtime/hub";
import type { ChannelMetrics } from "./channel-metrics";
import type { Secrets } from "./lib/secrets";
import type { SharedStore } from "./shared-store";

/** What a use case may touch. Built once per process in main.ts (and per test app); passed explicitly. */
export interface Ctx {
  config: Config;
  db: Db;
  reader: Db;
  dialect: Dialect;
  handle: DbHandle;
  log: Logger;
  jobs: JobQueue;
  hub: RealtimeHub;
  store: SharedStore;
  metrics: ChannelMetrics;
  /** Encrypts and decrypts the secrets we keep for other servers (IMAP passwords). */
  secrets: Secrets;
  /** Called after each commit with its outbox events: realtime pushes and a nudge to the dispatcher. */
  committed: (events: OutboxEvent[]) => void;
}

export function tx<T>(ctx: Ctx, requestId: string | null, fn: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  return inTransaction(ctx.db, ctx.committed, requestId, fn);
}
