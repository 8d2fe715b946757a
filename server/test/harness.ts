import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import pino from "pino";
import { type App, buildApp } from "../app";
import { loadConfig, type Config } from "../config";
import { createRuntime, type Runtime } from "../runtime";
import { buildAgent, buildWorkspace } from "./factories";

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const REDIS_TEST_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Whether a PostgreSQL answers: the PostgreSQL half of the suite runs only then (CI always has one). */
export async function postgresAvailable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/** Whether a Redis answers at REDIS_TEST_URL. */
export async function redisAvailable(): Promise<boolean> {
  const { Redis } = await import("ioredis");
  const r = new Redis(REDIS_TEST_URL, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await r.connect();
    return (await r.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

/**
 * The modes every integration suite runs in: embedded SQLite always; PostgreSQL when one answers; and
 * scale-out (PostgreSQL + Redis: BullMQ jobs, Redis realtime, presence and rate limits) when both answer.
 */
export type Mode = "sqlite" | "postgres" | "scaleout";
const pgUp = await postgresAvailable();
const redisUp = await redisAvailable();
export const DIALECTS: Mode[] = [
  "sqlite",
  ...(pgUp ? (["postgres"] as const) : []),
  ...(pgUp && redisUp ? (["scaleout"] as const) : []),
];
/**
 * For suites whose code differs by database only (queries, numbering, search, reports): SQLite, and PostgreSQL
 * in the scale-out mode, whose SQL is the same as plain PostgreSQL's. The plain PostgreSQL mode adds the
 * database-backed job queue and the in-process realtime hub on PostgreSQL, which only suites with jobs,
 * listeners, pushes or the worker need; those keep DIALECTS.
 */
export const DATABASES: Mode[] = ["sqlite", ...(pgUp ? [redisUp ? ("scaleout" as const) : ("postgres" as const)] : [])];
export const databaseOf = (mode: Mode) => (mode === "sqlite" ? "sqlite" : "postgres");

/**
 * A fresh database: a temporary SQLite folder, or a new PostgreSQL database dropped afterwards. `migrated` asks
 * for a PostgreSQL database with every migration already applied, copied from a template (see migratedTemplate).
 */
export async function freshDatabase(dialect: "sqlite" | "postgres", opts: { migrated?: boolean } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-test-"));
  if (dialect === "sqlite" && opts.migrated)
    fs.copyFileSync(await migratedSqliteTemplate(), path.join(dataDir, "sportello.db"));
  if (dialect === "sqlite")
    return {
      dataDir,
      databaseUrl: null as string | null,
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  const name = `sportello_t_${crypto.randomBytes(5).toString("hex")}`;
  const template = opts.migrated ? await migratedTemplate() : null;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`);
  await admin.end();
  const databaseUrl = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    dataDir,
    databaseUrl,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../db/migrations");
let template: Promise<string> | null = null;
let sqliteTemplate: Promise<string> | null = null;

/** A SQLite file with every migration applied, made once per test process and copied into each new data folder. */
function migratedSqliteTemplate(): Promise<string> {
  sqliteTemplate ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-template-"));
    const file = path.join(dir, "template.db");
    const { openDatabase } = await import("../db");
    const { migrateToLatest } = await import("../db/migrate");
    const { sql } = await import("kysely");
    const handle = openDatabase({ databaseUrl: null, dataDir: path.join(dir, "build") });
    try {
      await migrateToLatest(handle);
      // One self-contained file, its write-ahead log folded in.
      await sql`VACUUM INTO ${file}`.execute(handle.db);
    } finally {
      await handle.close();
    }
    return file;
  })();
  return sqliteTemplate;
}

/**
 * A PostgreSQL database with every migration applied, named after a hash of the migrations' sources, made once
 * and copied by `CREATE DATABASE … TEMPLATE` for each suite: a copy takes a fifth of the time of running the
 * migrations again (about 0.3 s against 1.3 s here), and the suite makes some two hundred databases. Workers
 * (and other checkouts) build it under an advisory lock; a template unused for a day is dropped.
 */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const hash = crypto.createHash("sha256");
    for (const f of fs.readdirSync(MIGRATIONS_DIR).sort())
      hash.update(f).update(fs.readFileSync(path.join(MIGRATIONS_DIR, f)));
    const name = `sportello_tpl_${hash.digest("hex").slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query("SELECT pg_advisory_lock(727274)");
      const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (!rowCount) {
        const building = `${name}_building`;
        await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${building}`);
        const { openDatabase } = await import("../db");
        const { migrateToLatest } = await import("../db/migrate");
        const handle = openDatabase({
          databaseUrl: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${building}`),
          dataDir: os.tmpdir(),
        });
        try {
          await migrateToLatest(handle);
        } finally {
          await handle.close();
        }
        await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      }
      await admin.query(`COMMENT ON DATABASE ${name} IS '${Date.now()}'`);
      const stale = await admin.query<{ datname: string }>(
        `SELECT d.datname FROM pg_database d JOIN pg_shdescription s ON s.objoid = d.oid
         WHERE s.classoid = 'pg_database'::regclass AND d.datname LIKE 'sportello_tpl_%' AND d.datname <> $1
           AND CASE WHEN s.description ~ '^[0-9]+$' THEN s.description::bigint END < $2`,
        [name, Date.now() - 86_400_000],
      );
      for (const r of stale.rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
    } finally {
      await admin.query("SELECT pg_advisory_unlock(727274)").catch(() => {});
      await admin.end();
    }
    return name;
  })();
  return template;
}

export interface TestEnv {
  rt: Runtime;
  app: App;
  config: Config;
  workspaceId: number;
  admin: Awaited<ReturnType<typeof buildAgent>>;
  adminToken: string;
  /** Authorization header for an agent. */
  auth(token: string): { authorization: string };
  close(): Promise<void>;
}

export async function testEnv(
  mode: Mode,
  overrides: Partial<Config> = {},
  opts: { worker?: boolean } = {},
): Promise<TestEnv> {
  const fresh = await freshDatabase(databaseOf(mode), { migrated: true });
  const redis =
    mode === "scaleout"
      ? { redisUrl: REDIS_TEST_URL, redisPrefix: `sptest${crypto.randomBytes(4).toString("hex")}` }
      : {};
  const config = {
    ...loadConfig({ DATA_DIR: fresh.dataDir, LOG_LEVEL: "silent", SEED_DEMO: "never" }),
    databaseUrl: fresh.databaseUrl,
    // Every JSON answer of a route with a response schema is parsed with it: a presenter that drifts fails here.
    checkResponses: true,
    // /metrics is off without a token; the suites that read it ask with this one (metricsOf).
    metricsToken: METRICS_TEST_TOKEN,
    ...redis,
    ...overrides,
  };
  const rt = await createRuntime(config, { log: pino({ level: "silent" }) });
  if (opts.worker !== false) rt.startWorker();
  const app = await buildApp(rt.ctx, { redis: rt.redis ?? undefined });
  const ws = await buildWorkspace(rt.ctx.db, { name: "Test" });
  const admin = await buildAgent(rt.ctx.db, ws.id, {
    role: "admin",
    name: "Ada Admin",
    password: "correct horse battery",
  });
  const { createApiToken } = await import("../modules/auth/auth.service");
  const adminToken = (await createApiToken(rt.ctx.db, ws.id, admin.id, "test")).token;
  return {
    rt,
    app,
    config,
    workspaceId: ws.id,
    admin,
    adminToken,
    auth: (token) => ({ authorization: `Bearer ${token}` }),
    async close() {
      await app.close();
      await rt.close();
      await fresh.drop();
    },
  };
}

export const METRICS_TEST_TOKEN = "metrics-token-for-the-tests";

/** The app's /metrics text, asked with the test token. */
export async function metricsOf(app: App): Promise<string> {
  return (
    await app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${METRICS_TEST_TOKEN}` } })
  ).body;
}

export async function tokenFor(env: TestEnv, agentId: number): Promise<string> {
  const { createApiToken } = await import("../modules/auth/auth.service");
  return (await createApiToken(env.rt.ctx.db, env.workspaceId, agentId, "test")).token;
}

/** The real app on an existing database, for tests that prepared the data with the CLI. */
export async function testEnvFromUrl(databaseUrl: string, dataDir: string) {
  const config = { ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent" }), databaseUrl, checkResponses: true };
  const rt = await createRuntime(config, { log: pino({ level: "silent" }) });
  const app = await buildApp(rt.ctx);
  return Object.assign(app, {
    rt,
    async closeAll() {
      await app.close();
      await rt.close();
    },
  });
}

// The explicit waits live in wait.ts; tests that import waitFor from here keep working.
export { waitFor } from "./wait";
