import crypto from "node:crypto";
import cliProgress from "cli-progress";
import { sql } from "kysely";
import type { DbHandle } from "../db/index";
import type { Database } from "../db/schema";
import { migrateToLatest } from "../db/migrate";
import { createTicketNumbers } from "../modules/tickets/tickets.queries";

// Parents before children, so foreign keys hold while copying. Each table with its ordering key. Every table of
// the schema is here, or in REBUILT (made again on PostgreSQL rather than copied): the test checks both lists
// against the tables a migrated SQLite database has.
export const TABLES: [keyof Database, string[]][] = [
  ["workspaces", ["id"]],
  ["agents", ["id"]],
  ["teams", ["id"]],
  ["team_members", ["team_id", "agent_id"]],
  ["organizations", ["id"]],
  ["customers", ["id"]],
  ["directory_words", ["workspace_id", "kind", "word", "owner_id", "field"]],
  ["calendars", ["id"]],
  ["sla_policies", ["id"]],
  ["escalation_reasons", ["id"]],
  ["mailboxes", ["id"]],
  ["mail_templates", ["id"]],
  ["tickets", ["id"]],
  ["ticket_tags", ["ticket_id", "tag"]],
  ["ticket_drafts", ["ticket_id", "agent_id"]],
  ["ticket_reads", ["agent_id", "ticket_id"]],
  ["saved_views", ["id"]],
  ["messages", ["id"]],
  ["attachments", ["id"]],
  ["ticket_events", ["id"]],
  ["sla_clocks", ["id"]],
  ["overrides", ["id"]],
  ["email_messages", ["id"]],
  ["email_awaiting", ["email_id", "ref_message_id"]],
  ["mail_outbox", ["id"]],
  ["outbox", ["id"]],
  ["sessions", ["id"]],
  ["customer_sessions", ["id"]],
  ["portal_links", ["id"]],
  ["api_tokens", ["id"]],
  ["login_attempts", ["email"]],
  ["audit_events", ["id"]],
  ["webhooks", ["id"]],
  ["webhook_deliveries", ["id"]],
  ["ticket_counts", ["workspace_id", "status", "assignee_id", "team_id", "slot"]],
  ["jobs", ["id"]],
  ["job_probe", ["key", "pid", "ran_at"]],
  ["stored_files", ["sha256"]],
  ["macros", ["id"]],
  ["macro_usage", ["macro_id", "agent_id"]],
  ["playbooks", ["id"]],
  ["playbook_checks", ["ticket_id", "playbook_id", "step_index"]],
  ["ticket_article_links", ["id"]],
  ["question_groups", ["id"]],
  ["question_members", ["ticket_id"]],
  ["question_terms", ["workspace_id", "language", "term"]],
  ["question_state", ["workspace_id"]],
  ["kb_categories", ["id"]],
  ["kb_articles", ["id"]],
  ["kb_versions", ["id"]],
  ["kb_terms", ["workspace_id", "term", "language", "listed", "weight", "article_id"]],
  ["kb_term_keys", ["workspace_id", "key", "term"]],
  ["kb_feedback", ["id"]],
  ["kb_deflections", ["id"]],
  ["kb_images", ["id"]],
  ["ticket_followers", ["ticket_id", "agent_id"]],
  ["ticket_cc", ["ticket_id", "address"]],
  ["notifications", ["id"]],
  ["notification_settings", ["agent_id", "kind"]],
  ["held_replies", ["id"]],
  ["reviews", ["id"]],
  ["review_reads", ["workspace_id", "platform"]],
  ["kudos", ["id"]],
  ["kudos_recipients", ["kudos_id", "agent_id"]],
  ["kudos_digests", ["workspace_id", "week_start"]],
  ["problems", ["id"]],
  ["problem_tickets", ["problem_id", "ticket_id"]],
  ["problem_events", ["id"]],
  ["survey_settings", ["workspace_id"]],
  ["surveys", ["id"]],
  ["survey_counts", ["workspace_id", "kind", "dim", "key", "day"]],
  ["follow_ups", ["id"]],
  ["nps_schedules", ["id"]],
];
/** Tables whose ids are text (tokens), not a sequence to move past the copied rows. */
const TEXT_IDS = new Set(["sessions", "customer_sessions", "portal_links"]);
/** Made again on PostgreSQL instead of copied: the search index (FTS5 there, tsvector here). */
export const REBUILT = ["search_messages", "search_subjects"];
const BATCH = 2000;
/** Stored files are up to 256 KB each: fewer per page. */
const batchOf = (table: string) => (table === "stored_files" ? 50 : BATCH);

export interface TableReport {
  table: string;
  rows: number;
  checksum: string;
  verified: boolean;
}

async function readAll(
  h: DbHandle,
  table: string,
  keys: string[],
  onBatch: (rows: Record<string, unknown>[]) => Promise<void>,
) {
  // Keyset pages over a single ordering key (numbers or text); tables with a composite key are small
  // (memberships, counters, replies waiting for their parent).
  if (keys.length === 1) {
    const key = keys[0];
    let after: unknown = undefined;
    for (;;) {
      let q = h.db
        .selectFrom(table as never)
        .selectAll()
        .orderBy(key as never)
        .limit(batchOf(table));
      if (after !== undefined) q = q.where(key as never, ">", after as never);
      const rows = (await q.execute()) as Record<string, unknown>[];
      if (!rows.length) return;
      await onBatch(rows);
      after = rows[rows.length - 1][key];
    }
  }
  let q = h.db.selectFrom(table as never).selectAll();
  for (const k of keys) q = q.orderBy(k as never);
  const rows = (await q.execute()) as Record<string, unknown>[];
  for (let i = 0; i < rows.length; i += BATCH) await onBatch(rows.slice(i, i + BATCH));
}

/**
 * Row count and a digest of every row, independent of their order: the two databases sort text differently
 * (SQLite by bytes, PostgreSQL by its collation), so rows are digested one by one and the digests XORed.
 */
async function checksum(h: DbHandle, table: string, keys: string[]): Promise<{ rows: number; checksum: string }> {
  const sum = Buffer.alloc(32);
  let rows = 0;
  await readAll(h, table, keys, async (batch) => {
    for (const r of batch) {
      const row = crypto
        .createHash("sha256")
        .update(
          JSON.stringify(
            Object.keys(r)
              .sort()
              .map((k) => [k, r[k] === null ? null : String(r[k])]),
          ),
        )
        .digest();
      for (let i = 0; i < 32; i++) sum[i] ^= row[i];
    }
    rows += batch.length;
  });
  return { rows, checksum: sum.toString("hex").slice(0, 16) };
}

/**
 * Copies an embedded installation into an empty PostgreSQL database, table by table, then verifies row counts
 * and checksums per table. Files over 256 KB stay where they are, under DATA_DIR/files.
 */
export async function migrateToPostgres(
  source: DbHandle,
  target: DbHandle,
  opts: { progress?: boolean } = {},
): Promise<TableReport[]> {
  if (source.dialect !== "sqlite" || target.dialect !== "postgres")
    throw new Error("copies from the embedded SQLite database to PostgreSQL");
  await migrateToLatest(target);
  for (const [table] of TABLES) {
    const any = await target.db
      .selectFrom(table as never)
      .select(sql`1`.as("x"))
      .limit(1)
      .executeTakeFirst();
    if (any) throw new Error(`the target database is not empty (table ${table} has rows); refusing to overwrite it`);
  }
  const totals = await Promise.all(
    TABLES.map(async ([t]) =>
      Number(
        (
          (await source.db
            .selectFrom(t as never)
            .select(sql<number>`count(*)`.as("n"))
            .executeTakeFirstOrThrow()) as { n: number }
        ).n,
      ),
    ),
  );
  const bar = opts.progress
    ? new cliProgress.SingleBar(
        { format: "copying {table} |{bar}| {value}/{total} rows", hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(
    totals.reduce((a, b) => a + b, 0),
    0,
    { table: "" },
  );
  await target.db.transaction().execute(async (trx) => {
    for (const [table, keys] of TABLES) {
      bar?.update({ table });
      await readAll(source, table, keys, async (rows) => {
        await trx
          .insertInto(table as never)
          .values(rows as never)
          .execute();
        bar?.increment(rows.length);
      });
      if (keys[0] === "id" && keys.length === 1 && !TEXT_IDS.has(table)) {
        await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), GREATEST((SELECT max(id) FROM ${sql.table(table)}), 1))`.execute(
          trx,
        );
      }
    }
    // Each workspace's ticket numbers go on from its counter, from a sequence as on every PostgreSQL workspace
    // (migration 037 ran while the target had none).
    const workspaces = await trx.selectFrom("workspaces").select(["id", "next_ticket_number"]).execute();
    for (const w of workspaces) await createTicketNumbers(trx, w.id, w.next_ticket_number);
    // The search index is rebuilt with PostgreSQL's own stemming rather than copied from FTS5.
    await sql`INSERT INTO search_docs (workspace_id, ticket_id, message_id, tsv)
      SELECT workspace_id, id, NULL, to_tsvector('italian', unaccent(subject)) || to_tsvector('english', unaccent(subject)) FROM tickets`.execute(
      trx,
    );
    await sql`INSERT INTO search_docs (workspace_id, ticket_id, message_id, tsv)
      SELECT workspace_id, ticket_id, id, to_tsvector('italian', unaccent(reply_text)) || to_tsvector('english', unaccent(reply_text)) FROM messages`.execute(
      trx,
    );
  });
  bar?.stop();
  const reports: TableReport[] = [];
  for (const [table, keys] of TABLES) {
    const [a, b] = await Promise.all([checksum(source, table, keys), checksum(target, table, keys)]);
    reports.push({
      table,
      rows: b.rows,
      checksum: b.checksum,
      verified: a.rows === b.rows && a.checksum === b.checksum,
    });
  }
  return reports;
}
