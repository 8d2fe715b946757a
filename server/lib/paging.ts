import { DynamicModule, type SelectQueryBuilder } from "kysely";
import { decodeCursor, encodeCursor } from "./cursor";

// The id column is named at run time ("id", "m.id"): a dynamic reference keeps the builder's own types.
const dynamic = new DynamicModule();

/** Keyset page over a table's id: `limit + 1` rows tell whether a next page exists. */
export async function pageById<DB, TB extends keyof DB, R extends { id: number }>(
  q: SelectQueryBuilder<DB, TB, R>,
  idColumn: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ rows: R[]; next_cursor: string | null }> {
  const after = decodeCursor(cursor, 1);
  const id = dynamic.ref(idColumn);
  if (after) q = q.where(id, ">", after[0]);
  const rows = await q
    .orderBy(id, "asc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return { rows: page, next_cursor: rows.length > limit ? encodeCursor([page[page.length - 1].id]) : null };
}
