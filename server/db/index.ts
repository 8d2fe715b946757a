import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from "kysely";
import pg from "pg";
import { checkpointInBackground, stopCheckpointing } from "./checkpointer";
import type { Database } from "./schema";

export type Dialect = "sqlite" | "postgres";
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
export type DbOrTrx = Db | Trx;

/**
 * Where a query function runs: a database, a transaction, or whatever holds the database (a service's `ctx`).
 * Services hand their `ctx` (or their unit of work's transaction) to query files and never touch `ctx.db`.
 */
export type Runner = DbOrTrx | { readonly db: Db };
export const dbOf = (on: Runner): DbOrTrx => (on instanceof Kysely ? on : on.db);

export interface DbHandle {
  db: Db;
  /** Reports and search read from here: the replica when one is configured, otherwise `db`. */
  reader: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

// int8 (bigserial ids, epoch-ms columns, count(*)) fits a JS number for every value we store.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * An idle pooled connection that the server closes (a restart, a failover, an administrator) emits an error;
 * without a listener it would crash the process. The pool replaces the connection on the next query.
 */
function pool(connectionString: string, max: number, onError: (err: Error) => void): pg.Pool {
  const p = new pg.Pool({ connectionString, max });
  p.on("error", onError);
  return p;
}

export function openDatabase(opts: {
  databaseUrl: string | null;
  replicaUrl?: string | null;
  dataDir: string;
  poolSize?: number;
  onIdleError?: (err: Error) => void;
}): DbHandle {
  if (opts.databaseUrl) {
    const onError = opts.onIdleError ?? (() => {});
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: pool(opts.databaseUrl, opts.poolSize ?? 10, onError) }),
    });
    const reader = opts.replicaUrl
      ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool(opts.replicaUrl, 5, onError) }) })
      : db;
    return {
      db,
      reader,
      dialect: "postgres",
      async close() {
        await db.destroy();
        if (reader !== db) await reader.destroy();
      },
    };
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const sqlite = new SQLite(path.join(opts.dataDir, "sportello.db"));
  // WAL lets readers work while a writer commits; NORMAL sync is durable across process kills in WAL mode.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("cache_size = -65536");
  // Each message that arrives by mail is a savepoint of a shared transaction (see GroupCommit), and SQLite
  // keeps the pages a savepoint changes in a statement journal, a temporary file once it outgrows 64 KB:
  // about 100 system calls per message (measured with strace). In memory they cost nothing; sorts and
  // temporary tables also stay in memory, which the reports' sizes allow.
  sqlite.pragma("temp_store = MEMORY");
  // Checkpoints run in a thread of their own (checkpointer.ts); this connection checkpoints itself only if
  // the log passes 10,000 pages (40 MB), should that thread fall behind.
  sqlite.pragma("wal_autocheckpoint = 10000");
  const file = path.join(opts.dataDir, "sportello.db");
  checkpointInBackground(file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    reader: db,
    dialect: "sqlite",
    async close() {
      await stopCheckpointing(file);
      await db.destroy();
    },
  };
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements can be reused, and preparing is a good part of
 * a small query's cost. The queries an app sends are a small set of shapes, so a bounded cache keeps them all.
 */
function withStatementCache(sqlite: SQLite.Database, max = 1000) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (!stmt) {
        stmt = sqlite.prepare(sqlText);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sqlText, stmt);
      }
      return stmt;
    },
  };
}
