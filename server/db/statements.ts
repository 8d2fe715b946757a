import { CompiledQuery, type Insertable, PostgresAdapter } from "kysely";
import type { DbOrTrx } from "./index";
import type { Database } from "./schema";

// The statements every incoming message runs (about twenty per message), without Kysely's query building.
// Building and compiling them took about 0.4 ms per message on the SMTP benchmark's main thread (CPU profile),
// half as much as SQLite's own work on them. Here each statement's SQL is made once per shape and reused, and
// the values are bound as always (never written into the SQL). Everything else keeps using Kysely: this is
// for the hot path of inbound mail only, and each statement here runs in the tests on both dialects.

/** Whether `db` speaks PostgreSQL (placeholders `$1…$n`) rather than SQLite (`?`). */
export const isPostgres = (db: DbOrTrx) => db.getExecutor().adapter instanceof PostgresAdapter;

/** `?` placeholders, in order, as PostgreSQL's `$1…$n` (the SQL here never has a `?` of its own). */
const numbered = (text: string) => {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
};

/** A compiled query made once per SQL text (Kysely needs a query node with it; no plugin reads it here), given its values. */
const withValues = <R>(shell: CompiledQuery, parameters: readonly unknown[]) =>
  ({ ...shell, parameters }) as CompiledQuery<R>;

/** A statement written in SQL with `?` for each value, in order; its rows typed as `R`. */
export function statement<R = never>(text: string) {
  const sqlite = CompiledQuery.raw(text);
  const pg = CompiledQuery.raw(numbered(text));
  const compile = (db: DbOrTrx, params: readonly unknown[]) => withValues<R>(isPostgres(db) ? pg : sqlite, params);
  return {
    compile,
    async all(db: DbOrTrx, params: readonly unknown[]): Promise<R[]> {
      return (await db.executeQuery(compile(db, params))).rows;
    },
    async first(db: DbOrTrx, params: readonly unknown[]): Promise<R | undefined> {
      return (await db.executeQuery(compile(db, params))).rows[0];
    },
  };
}

type Table = keyof Database & string;
/** INSERTs by shape. Row counts follow the data (a message's attachments), so the shapes kept are bounded. */
const inserts = new Map<string, CompiledQuery>();
const INSERT_SHAPES_MAX = 500;

/**
 * `INSERT INTO table (columns of the first row) VALUES (…), (…) [suffix]`: every row must have the first
 * row's columns (a column whose value is undefined in the first row is left out, as Kysely does; elsewhere
 * undefined is NULL). `suffix` is SQL after the values (ON CONFLICT …, RETURNING …), without values of its own.
 */
export function insertQuery<T extends Table>(
  db: DbOrTrx,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  suffix = "",
): CompiledQuery {
  const first = rows[0] as Record<string, unknown>;
  const columns = Object.keys(first).filter((c) => first[c] !== undefined);
  const pg = isPostgres(db);
  const key = `${pg ? "p" : "s"}${rows.length}\u0000${table}\u0000${columns.join(",")}\u0000${suffix}`;
  let shell = inserts.get(key);
  if (shell === undefined) {
    const tuple = `(${columns.map(() => "?").join(", ")})`;
    const text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) values ${Array.from({ length: rows.length }, () => tuple).join(", ")}${suffix ? ` ${suffix}` : ""}`;
    shell = CompiledQuery.raw(pg ? numbered(text) : text);
    if (inserts.size >= INSERT_SHAPES_MAX) inserts.clear();
    inserts.set(key, shell);
  }
  const parameters: unknown[] = [];
  for (const row of rows as readonly Record<string, unknown>[])
    for (const c of columns) parameters.push(row[c] ?? null);
  return withValues(shell, parameters);
}

/** insertQuery, run; resolves to the rows its RETURNING clause (in `suffix`) gives, typed as `R`. */
export async function insertRows<T extends Table, R = never>(
  db: DbOrTrx,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  suffix = "",
): Promise<R[]> {
  return (await db.executeQuery<R>(insertQuery(db, table, rows, suffix))).rows;
}
