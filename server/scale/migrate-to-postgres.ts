import crypto from "node:crypto";
import cliProgress from "cli-progress";
import { sql } from "kysely";
import type { DbHandle } from "../db/index";
import type { Database } from "../db/schema";
import { migrateToLatest } from "../db/migrate";

// Parents before children, so foreign keys hold while copying. Each table with its ordering key.
const TABLES: [keyof Database, string[]][] = [
  ["workspaces", ["id"]],
  ["agents", ["id"]],
  ["teams", ["id"]],
  ["team_members", ["team_id", "agent_id"]],
  ["organizations", ["id"]],
  ["customers", ["id"]],
  ["tickets", ["id"]],
  ["ticket_tags", ["ticket_id", "tag"]],
  ["messages", ["id"]],
  ["attachments", ["id"]],
  ["ticket_events", ["id"]],
  ["outbox", ["id"]],
  ["sessions", ["id"]],
  ["api_tokens", ["id"]],
  ["webhooks", ["id"]],
  ["webhook_deliveries", ["id"]],
  ["ticket_counts", ["workspace_id", "status", "assignee_id", "team_id"]],
  ["jobs", ["id"]],
  ["job_probe", ["key", "pid", "ran_at"]],
];
const BATCH = 2000;

export interface TableReport {
  table: string;
  rows: number;
  checksum: string;
  verified: boolean;
}

async function readAll(h: DbHandle, table: string, keys: string[], onBatch: (rows: Record<string, unknown>[]) => Promise<void>) {
  // Keyset pages over the ordering key; tables with a composite key are small (membership, counters).
  if (keys.length === 1 && keys[0] === "id") {
    let after = -1;
    for (;;) {
      const rows = (await h.db.selectFrom(table as never).selectAll().where("id" as never, ">", after as never).orderBy("id" as never).limit(BATCH).execute()) as Record<string, unknown>[];
      if (!rows.length) return;
      await onBatch(rows);
      after = Number(rows[rows.length - 1].id);
    }
  }
  let q = h.db.selectFrom(table as never).selectAll();
  for (const k of keys) q = q.orderBy(k as never);
  const rows = (await q.execute()) as Record<string, unknown>[];
  for (let i = 0; i < rows.length; i += BATCH) await onBatch(rows.slice(i, i + BATCH));
}

async function checksum(h: DbHandle, table: string, keys: string[]): Promise<{ rows: number; checksum: string }> {
  const hash = crypto.createHash("sha256");
  let rows = 0;
  await readAll(h, table, keys, async (batch) => {
    for (const r of batch) hash.update(JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k] === null ? null : String(r[k])])));
    rows += batch.length;
  });
  return { rows, checksum: hash.digest("hex").slice(0, 16) };
}

/**
 * Copies an embedded installation into an empty PostgreSQL database, table by table, then verifies row counts
 * and checksums per table. Attachments stay where they are, under DATA_DIR/files.
 */
export async function migrateToPostgres(source: DbHandle, target: DbHandle, opts: { progress?: boolean } = {}): Promise<TableReport[]> {
  if (source.dialect !== "sqlite" || target.dialect !== "postgres") throw new Error("copies from the embedded SQLite database to PostgreSQL");
  await migrateToLatest(target);
  for (const [table] of TABLES) {
    const any = await target.db.selectFrom(table as never).select(sql`1`.as("x")).limit(1).executeTakeFirst();
    if (any) throw new Error(`the target database is not empty (table ${table} has rows); refusing to overwrite it`);
  }
  const totals = await Promise.all(TABLES.map(async ([t]) => Number((await source.db.selectFrom(t as never).select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow() as { n: number }).n)));
  const bar = opts.progress ? new cliProgress.SingleBar({ format: "copying {table} |{bar}| {value}/{total} rows", hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(totals.reduce((a, b) => a + b, 0), 0, { table: "" });
  await target.db.transaction().execute(async (trx) => {
    for (const [table, keys] of TABLES) {
      bar?.update({ table });
      await readAll(source, table, keys, async (rows) => {
        await trx.insertInto(table as never).values(rows as never).execute();
        bar?.increment(rows.length);
      });
      if (keys[0] === "id" && keys.length === 1 && table !== "sessions") {
        await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), GREATEST((SELECT max(id) FROM ${sql.table(table)}), 1))`.execute(trx);
      }
    }
    // The search index is rebuilt with PostgreSQL's own stemming rather than copied from FTS5.
    await sql`INSERT INTO search_docs (workspace_id, ticket_id, message_id, tsv)
      SELECT workspace_id, id, NULL, to_tsvector('italian', unaccent(subject)) || to_tsvector('english', unaccent(subject)) FROM tickets`.execute(trx);
    await sql`INSERT INTO search_docs (workspace_id, ticket_id, message_id, tsv)
      SELECT workspace_id, ticket_id, id, to_tsvector('italian', unaccent(reply_text)) || to_tsvector('english', unaccent(reply_text)) FROM messages`.execute(trx);
  });
  bar?.stop();
  const reports: TableReport[] = [];
  for (const [table, keys] of TABLES) {
    const [a, b] = await Promise.all([checksum(source, table, keys), checksum(target, table, keys)]);
    reports.push({ table, rows: b.rows, checksum: b.checksum, verified: a.rows === b.rows && a.checksum === b.checksum });
  }
  return reports;
}
