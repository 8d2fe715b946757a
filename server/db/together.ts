import { CompiledQuery } from "kysely";
import type { Dialect, DbOrTrx } from "./index";

/**
 * Writes that need nothing from one another, sent together. On PostgreSQL they make one statement, each write
 * a data-modifying WITH query and the last one the statement's own (its RETURNING rows come back): one round
 * trip instead of one each, which is most of a small write's cost there. On SQLite, where a statement costs no
 * round trip, they run one after another. In one PostgreSQL statement the writes all see the same snapshot:
 * none may depend on another's effect, nor touch a row another one touches. Values must be parameters (as
 * Kysely makes them), never `$n` written in the SQL's text: the parameters are renumbered in that text.
 */
export async function writeTogether<R = unknown>(db: DbOrTrx, dialect: Dialect, writes: CompiledQuery[]): Promise<R[]> {
  if (!writes.length) return [];
  if (dialect === "sqlite" || writes.length === 1) {
    let rows: R[] = [];
    for (const w of writes) rows = (await db.executeQuery<R>(w)).rows;
    return rows;
  }
  const params: unknown[] = [];
  const parts = writes.map((w) => {
    const offset = params.length;
    params.push(...w.parameters);
    // Kysely numbers a statement's parameters $1…$n; each write's move past the ones before it.
    return w.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  });
  const last = parts.pop()!;
  const text = `WITH ${parts.map((p, i) => `w${i} AS (${p})`).join(", ")} ${last}`;
  return (await db.executeQuery<R>(CompiledQuery.raw(text, params))).rows;
}
