// The inbox, search and ticket creation at N tickets, on SQLite and PostgreSQL, through the real app.
// Run: npm run bench -- [--n 100000] [--db sqlite|postgres|both] [--iterations 200]
// The loaded databases are kept (bench/.data-sqlite-N, database sportello_bench_N) and reused when they exist.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import pg from "pg";
import pino from "pino";
import { buildApp } from "../server/app";
import { loadConfig } from "../server/config";
import { createApiToken } from "../server/modules/auth/auth.service";
import { toFtsQuery } from "../server/modules/search/text";
import { listTicketsQuery, type TicketFilter } from "../server/modules/tickets/tickets.queries";
import { createRuntime } from "../server/runtime";
import { PG_ADMIN_URL, postgresAvailable } from "../server/test/harness";
import { loadTickets } from "./load";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "100000" },
    db: { type: "string", default: "both" },
    iterations: { type: "string", default: "200" },
  },
});
const N = Number(values.n);
const ITER = Number(values.iterations);
const dialects = values.db === "both" ? ["sqlite", "postgres"] : [values.db!];
const here = import.meta.dirname;

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
}

async function time(fn: () => Promise<unknown>, iterations = ITER) {
  for (let i = 0; i < Math.min(20, iterations); i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return stats(out);
}

async function prepare(dialect: string) {
  if (dialect === "sqlite") {
    const dataDir = path.join(here, `.data-sqlite-${N}`);
    const fresh = !fs.existsSync(path.join(dataDir, "sportello.db"));
    return { config: { ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent" }) }, fresh };
  }
  const name = `sportello_bench_${N}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount! > 0;
  if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const dataDir = path.join(here, `.data-pg-${N}`);
  return { config: { ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent" }), databaseUrl: url }, fresh: !exists };
}

const results: string[] = [];
for (const dialect of dialects) {
  if (dialect === "postgres" && !(await postgresAvailable())) {
    console.log("PostgreSQL does not answer at 127.0.0.1:5432: skipped");
    continue;
  }
  const { config, fresh } = await prepare(dialect);
  const rt = await createRuntime(config, { log: pino({ level: "silent" }) });
  const db = rt.ctx.db;
  let info: Awaited<ReturnType<typeof loadTickets>>;
  if (fresh || !(await db.selectFrom("workspaces").select("id").executeTakeFirst())) {
    const t0 = performance.now();
    info = await loadTickets(rt.ctx.handle, N, { progress: true });
    console.log(`${dialect}: loaded ${N} tickets in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } else {
    const ws = await db.selectFrom("workspaces").select("id").executeTakeFirstOrThrow();
    const agents = await db.selectFrom("agents").select("id").orderBy("id").limit(2).execute();
    info = { workspaceId: ws.id, adminId: agents[0].id, agentId: agents[1].id, rare: "zafferano", common: "ordine" };
    console.log(`${dialect}: reusing the loaded database`);
  }
  const app = await buildApp(rt.ctx);
  const token = (await createApiToken(db, info.workspaceId, info.agentId, "bench")).token;
  const headers = { authorization: `Bearer ${token}` };
  const get = (url: string) => async () => {
    const r = await app.inject({ method: "GET", url, headers });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
  };
  const rows: [string, { median: number; p95: number }, string][] = [];
  const lists: [string, string, TicketFilter][] = [
    ["list newest first", "/api/v1/tickets?limit=50", { workspaceId: info.workspaceId }],
    ["list All open", "/api/v1/tickets?view=all_open&limit=50", { workspaceId: info.workspaceId, isOpen: true }],
    ["list Pending", "/api/v1/tickets?view=pending&limit=50", { workspaceId: info.workspaceId, status: "pending" }],
    [
      "list Mine",
      "/api/v1/tickets?view=mine&limit=50",
      { workspaceId: info.workspaceId, assigneeId: info.agentId, isOpen: true },
    ],
    [
      "list status=solved",
      "/api/v1/tickets?status=solved&limit=50",
      { workspaceId: info.workspaceId, status: "solved" },
    ],
  ];
  for (const [label, url, filter] of lists) {
    rows.push([`${label} (HTTP)`, await time(get(url)), "p95 < 20"]);
    rows.push([
      `${label} (query only)`,
      await time(() => listTicketsQuery(db, filter, "updated_desc", 51, null).execute()),
      "",
    ]);
  }
  const first = await app.inject({ method: "GET", url: "/api/v1/tickets?view=all_open&limit=50", headers });
  rows.push([
    "list All open, page 2 (cursor)",
    await time(get(`/api/v1/tickets?view=all_open&limit=50&cursor=${first.json().next_cursor}`)),
    "p95 < 20",
  ]);
  rows.push(["view counts", await time(get("/api/v1/tickets/counts")), "p95 < 20"]);
  rows.push([
    `search common word "${info.common}"`,
    await time(get(`/api/v1/search?q=${info.common}`), Math.min(ITER, 100)),
    "p95 < 50",
  ]);
  rows.push([`search rare word "${info.rare}"`, await time(get(`/api/v1/search?q=${info.rare}`)), "p95 < 50"]);
  // Finding by who asked (issue 19): a customer's name, a common name part, an email, a ticket number.
  const someCustomer = await db
    .selectFrom("customers")
    .select(["name", "email"])
    .where("workspace_id", "=", info.workspaceId)
    .orderBy("id")
    .limit(1)
    .offset(1234)
    .executeTakeFirst();
  if (someCustomer) {
    const by = (label: string, q: string) =>
      time(get(`/api/v1/search?q=${encodeURIComponent(q)}`), Math.min(ITER, 100)).then((s) =>
        rows.push([`search ${label} "${q}"`, s, "p95 < 100"]),
      );
    await by("customer name", someCustomer.name ?? "");
    await by("common name part", (someCustomer.name ?? "").split(" ")[0]);
    await by("email", someCustomer.email);
    await by("number", "#97");
    // Before the directory had ?q= this route answered 400: no row then.
    const directory = get(`/api/v1/customers?q=${encodeURIComponent(someCustomer.name ?? "")}`);
    if (
      await directory().then(
        () => true,
        () => false,
      )
    )
      rows.push([`customers directory ?q= "${someCustomer.name}"`, await time(directory), "p95 < 20"]);
  }
  let k = 0;
  rows.push([
    "create ticket (HTTP)",
    await time(async () => {
      const r = await app.inject({
        method: "POST",
        url: "/api/v1/tickets",
        headers,
        payload: {
          subject: "Bench",
          body_text: "Il mio ordine non è arrivato",
          requester: { email: `bench${k++ % 500}@example.it` },
        },
      });
      if (r.statusCode !== 201) throw new Error(r.body);
    }),
    "median < 5",
  ]);

  console.log(`\nQuery plans (${dialect}, ${N} tickets):`);
  const explain =
    dialect === "sqlite" ? sql.raw("EXPLAIN QUERY PLAN ") : sql.raw("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ");
  for (const [label, , filter] of lists) {
    const c = listTicketsQuery(db, filter, "updated_desc", 51, null).compile();
    const plan = await sql`${explain}${sql.raw(c.sql.replace(/\$\d+|\?/g, () => "{}"))}`.execute(db).catch(async () =>
      db.executeQuery({
        ...c,
        sql: `${dialect === "sqlite" ? "EXPLAIN QUERY PLAN" : "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)"} ${c.sql}`,
      }),
    );
    const text = (plan.rows as Record<string, unknown>[])
      .map((r) => String(r.detail ?? r["QUERY PLAN"]))
      .join("\n    ");
    console.log(`  ${label}:\n    ${text}`);
  }
  if (dialect === "sqlite") {
    const plan = await sql<{
      detail: string;
    }>`EXPLAIN QUERY PLAN SELECT m.ticket_id FROM search_messages s JOIN messages m ON m.id = s.rowid WHERE search_messages MATCH ${toFtsQuery(info.common)} AND m.workspace_id = ${info.workspaceId} ORDER BY s.rowid DESC LIMIT 1500`.execute(
      db,
    );
    console.log(`  search match:\n    ${plan.rows.map((r) => r.detail).join("\n    ")}`);
  } else {
    // The two plans matchTickets() uses: newest documents within a window, then the GIN index for the rest.
    const maxId = Number((await sql<{ m: number }>`SELECT max(id) AS m FROM search_docs`.execute(db)).rows[0].m);
    for (const word of [info.common, info.rare]) {
      const q = (
        await sql<{
          q: string;
        }>`SELECT (plainto_tsquery('italian', unaccent(${word})) || plainto_tsquery('english', unaccent(${word})))::text AS q`.execute(
          db,
        )
      ).rows[0].q;
      const recent = await sql<{
        "QUERY PLAN": string;
      }>`EXPLAIN (ANALYZE, COSTS OFF) SELECT ticket_id, id FROM search_docs WHERE id > ${maxId - 20000} AND workspace_id = ${info.workspaceId} AND tsv @@ ${q}::tsquery ORDER BY id DESC LIMIT 1500`.execute(
        db,
      );
      console.log(`  search "${word}", newest window:\n    ${recent.rows.map((r) => r["QUERY PLAN"]).join("\n    ")}`);
    }
    const rareQ = (
      await sql<{
        q: string;
      }>`SELECT (plainto_tsquery('italian', unaccent(${info.rare})) || plainto_tsquery('english', unaccent(${info.rare})))::text AS q`.execute(
        db,
      )
    ).rows[0].q;
    const gin = await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_indexscan = off`.execute(trx);
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      return sql<{
        "QUERY PLAN": string;
      }>`EXPLAIN (ANALYZE, COSTS OFF) SELECT ticket_id, id FROM search_docs WHERE id <= ${maxId - 20000} AND workspace_id = ${info.workspaceId} AND tsv @@ ${rareQ}::tsquery ORDER BY id DESC LIMIT 1500`.execute(
        trx,
      );
    });
    console.log(
      `  search "${info.rare}", older documents through GIN:\n    ${gin.rows.map((r) => r["QUERY PLAN"]).join("\n    ")}`,
    );
  }
  const table = [
    `| ${dialect} ${N.toLocaleString("en")} tickets | median ms | p95 ms | target ms |`,
    "| --- | --- | --- | --- |",
    ...rows.map(([l, s, t]) => `| ${l} | ${s.median.toFixed(2)} | ${s.p95.toFixed(2)} | ${t} |`),
  ].join("\n");
  console.log(`\n${table}\n`);
  results.push(table);
  fs.writeFileSync(path.join(here, `results-${dialect}-${N}.md`), `${table}\n`);
  await app.close();
  await rt.close();
}
