import type { SelectQueryBuilder } from "kysely";
import { decodeCursor, encodeCursor } from "../../lib/cursor";

/** Keyset page over a table's id: `limit + 1` rows tell whether a next page exists. */
export async function pageById<DB, TB extends keyof DB, R extends { id: number }>(
  q: SelectQueryBuilder<DB, TB, R>,
  idColumn: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ rows: R[]; next_cursor: string | null }> {
  const after = decodeCursor(cursor, 1);
  let qq = q as unknown as SelectQueryBuilder<any, any, R>;
  if (after) qq = qq.where(idColumn, ">", after[0]);
  const rows = await qq
    .orderBy(idColumn, "asc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return { rows: page, next_cursor: rows.length > limit ? encodeCursor([page[page.length - 1].id]) : null };
}
