import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Config } from "./config";
import type { Ctx } from "./context";
import { openDatabase } from "./db/index";
import { createLogger } from "./logger";
import { MIGRATION_COUNT, migrateToLatest, pendingMigrations } from "./db/migrate";
import { Dispatcher } from "./events/dispatcher";
import { DbQueue } from "./jobs/db-queue";
import { jobHandlers } from "./jobs/handlers";
import type { JobQueue } from "./jobs/queue";
import { RealtimeHub } from "./realtime/hub";
import { pushRealtime } from "./realtime/push";
import { channelMetrics } from "./channel-metrics";
import { watchBreaches } from "./modules/sla/watcher";
import { watchHeldMail } from "./modules/email/inbound";
import { closeTransports } from "./modules/email/outbound";
import { watchUploads } from "./modules/attachments/attachments.service";
import { watchQuestions } from "./modules/unanswered/questions.watcher";
import { watchHeldReplies } from "./modules/tickets/held-replies.service";
import { watchDigests } from "./modules/notifications/digest";
import { watchReviewPlatform } from "./modules/reviews/reviews.sync";
import { watchNpsSchedules } from "./modules/surveys/nps-schedules";
import { watchKudosDigest } from "./modules/kudos/digest";
import { MemoryStore, RedisStore, type SharedStore } from "./shared-store";
import { loadSecretKey, secretBox } from "./lib/secrets";
import { sealMailboxPasswords } from "./modules/email/mailboxes.service";
import { flushSearchDocs, repairSearchIndex } from "./modules/search/index-queue";

export interface Runtime {
  ctx: Ctx;
  redis: Redis | null;
  startWorker(): void;
  /** Resolves once the realtime pushes under way (after-commit, best effort) are done: tests wait for it. */
  pushesDone(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Wires the process from configuration alone: SQLite + in-process queue and hub by default; PostgreSQL,
 * BullMQ and Redis pub/sub when DATABASE_URL and REDIS_URL are set. Nothing else in the code asks which.
 */
export async function createRuntime(config: Config, opts: { log?: Logger; migrate?: boolean } = {}): Promise<Runtime> {
  const log = opts.log ?? (await createLogger(config));
  const handle = openDatabase({
    databaseUrl: config.databaseUrl,
    replicaUrl: config.replicaUrl,
    dataDir: config.dataDir,
    onIdleError: (err) =>
      log.warn({ err }, "an idle database connection was closed by the server; it will be replaced"),
  });
  if (opts.migrate !== false) {
    // Some migrations rebuild a table (020 makes every search document again: 113 s for 1,000,000 tickets of
    // long messages): the log says what the start is waiting for.
    const pending = await pendingMigrations(handle);
    // A new database (every migration pending) is made in a moment and says nothing.
    if (pending.length && pending.length < MIGRATION_COUNT) log.info({ migrations: pending }, "updating the database");
    await migrateToLatest(handle);
  }

  // ioredis and BullMQ load only when REDIS_URL asks for them: an embedded installation would spend 0.7 s of CPU
  // and 7 MB of heap on them at every start.
  let redis: Redis | null = null;
  let subscriber: Redis | null = null;
  let jobs: JobQueue;
  if (config.redisUrl) {
    const [{ Redis: Client }, { BullQueue }] = await Promise.all([import("ioredis"), import("./jobs/bullmq-queue")]);
    const redisOf = () => new Client(config.redisUrl!, { maxRetriesPerRequest: null, lazyConnect: false });
    redis = redisOf();
    subscriber = redisOf();
    jobs = new BullQueue(redisOf, log, config.redisPrefix, config.jobLockMs);
  } else jobs = new DbQueue(handle.db, handle.dialect, log);
  const hub =
    redis && subscriber ? await RealtimeHub.redis(redis, subscriber, config.redisPrefix) : RealtimeHub.local();
  const store: SharedStore = redis ? new RedisStore(redis, config.redisPrefix) : new MemoryStore();

  let dispatcher: Dispatcher | null = null;
  let stopBreaches: (() => void) | null = null;
  let stopHeldMail: (() => void) | null = null;
  let stopUploads: (() => void) | null = null;
  let stopQuestions: (() => void) | null = null;
  let stopHeldReplies: (() => void) | null = null;
  let stopDigests: (() => void) | null = null;
  let stopDigest: (() => void) | null = null;
  let stopNps: (() => void) | null = null;
  let stopReviews: (() => void) | null = null;
  const pushing = new Set<Promise<void>>();
  const pushesDone = async () => {
    while (pushing.size) await Promise.all([...pushing]);
  };
  const ctx: Ctx = {
    config,
    db: handle.db,
    reader: handle.reader,
    dialect: handle.dialect,
    handle,
    log,
    jobs,
    hub,
    store,
    metrics: await channelMetrics(config),
    secrets: secretBox(loadSecretKey(config.secretKey, config.dataDir)),
    committed: (events) => {
      const push = pushRealtime(ctx, events)
        .catch((err) => log.warn({ err }, "realtime push failed"))
        .finally(() => pushing.delete(push));
      pushing.add(push);
      dispatcher?.nudge();
    },
  };
  // Passwords saved before they were encrypted are encrypted now (a no-op once done).
  if (opts.migrate !== false) await sealMailboxPasswords(ctx);
  // Search documents that were waiting to be written when the process last stopped (SQLite) are written now.
  if (opts.migrate !== false && handle.dialect === "sqlite") {
    const repaired = await repairSearchIndex(handle.db);
    if (repaired) log.info({ documents: repaired }, "search documents written that were missing");
  }

  return {
    ctx,
    redis,
    startWorker() {
      dispatcher = new Dispatcher(ctx);
      dispatcher.start();
      jobs.start(jobHandlers(ctx));
      stopBreaches = watchBreaches(ctx);
      stopHeldMail = watchHeldMail(ctx);
      stopUploads = watchUploads(ctx);
      stopQuestions = watchQuestions(ctx);
      stopHeldReplies = watchHeldReplies(ctx);
      stopDigests = watchDigests(ctx);
      stopDigest = watchKudosDigest(ctx);
      stopNps = watchNpsSchedules(ctx);
      stopReviews = watchReviewPlatform(ctx);
    },
    pushesDone,
    async close() {
      stopBreaches?.();
      stopHeldMail?.();
      stopUploads?.();
      stopQuestions?.();
      stopHeldReplies?.();
      stopDigests?.();
      stopDigest?.();
      stopNps?.();
      stopReviews?.();
      await dispatcher?.stop();
      await jobs.close();
      // The relay's pooled connections end with the worker that used them (a relay waits for open ones to close).
      closeTransports();
      // A push still presenting a ticket needs the database and the hub: it ends first.
      await pushesDone();
      await store.close();
      subscriber?.disconnect();
      redis?.disconnect();
      await flushSearchDocs(ctx);
      await handle.close();
    },
  };
}
