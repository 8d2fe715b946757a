/**
 * The field a unique constraint protects, when `err` is the database refusing a duplicate (SQLite's
 * SQLITE_CONSTRAINT_UNIQUE, PostgreSQL's 23505); null for any other error. Only column names come out, never the
 * values PostgreSQL puts in its detail. The workspace column, part of most unique keys, is not the field at fault.
 */
export function uniqueConflictField(err: unknown): string | null {
  const e = err as { code?: unknown; message?: unknown; detail?: unknown } | null;
  if (!e || typeof e !== "object") return null;
  let columns: string[] | null = null;
  if (e.code === "SQLITE_CONSTRAINT_UNIQUE" || e.code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
    // "UNIQUE constraint failed: teams.workspace_id, teams.name"
    const m = /constraint failed: (.+)$/.exec(String(e.message));
    columns = m ? m[1].split(",").map((c) => c.trim().split(".").pop()!) : [];
  } else if (e.code === "23505") {
    // "Key (workspace_id, name)=(1, Resi) already exists."
    const m = /^Key \(([^)]*)\)=/.exec(String(e.detail ?? ""));
    columns = m ? m[1].split(",").map((c) => c.trim().replace(/^lower\((.*)\)$/, "$1")) : [];
  }
  if (!columns) return null;
  const fields = columns.filter((c) => c !== "workspace_id" && /^[a-z_]+$/.test(c));
  return fields.join(",") || "value";
}
