// Satisfaction and NPS reports over a year of a 1,000,000-ticket database with 200,000 CSAT answers (p95 per
// report, every group_by), and the time to queue 10,000 NPS surveys. Run:
// npx tsx bench/surveys.bench.ts [--tickets 1000000] [--surveys 250000] [--db sqlite|postgres] [--runs 40]
import { parseArgs } from "node:util";
import { type Selectable, sql } from "kysely";
import pino from "pino";
import { loadConfig } from "../server/config";
import type { SurveyTable } from "../server/db/schema";
import { countRows, DAY_MS, dayOf } from "../server/modules/surveys/counts";
import { sendNps } from "../server/modules/surveys/nps";
import { bucketOf } from "../server/modules/surveys/rating";
import { npsReport, satisfactionReport } from "../server/modules/surveys/reports";
import { writeSettings, DEFAULT_SETTINGS } from "../server/modules/surveys/settings";
import { addCounts } from "../server/modules/surveys/surveys.queries";
import { createRuntime } from "../server/runtime";
import { buildAgent, buildOrganization, buildTeam, buildWorkspace } from "../server/test/factories";
import { freshDatabase } from "../server/test/harness";

const { values } = parseArgs({
  options: {
    tickets: { type: "string", default: "1000000" },
    surveys: { type: "string", default: "250000" },
    db: { type: "string", default: "sqlite" },
    runs: { type: "string", default: "40" },
  },
});
const TICKETS = Number(values.tickets);
const SURVEYS = Number(values.surveys);
const RUNS = Number(values.runs);
const dialect = values.db as "sqlite" | "postgres";
const fresh = await freshDatabase(dialect);
const rt = await createRuntime(
  {
    ...loadConfig({ DATA_DIR: fresh.dataDir, LOG_LEVEL: "silent" }),
    databaseUrl: fresh.databaseUrl,
    // A relay that is never reached: the NPS emails are queued (not captured) and nobody sends them here.
    smtpRelayUrl: "smtp://127.0.0.1:9?ignoreTLS=true",
  },
  { log: pino({ level: "silent" }) },
);
const db = rt.ctx.db;
const t0 = Date.now();
const ws = await buildWorkspace(db, { name: "Surveys bench" });
const agents: number[] = [];
for (let i = 0; i < 50; i++) agents.push((await buildAgent(db, ws.id, { name: `Agent ${i}` })).id);
const teams: number[] = [];
for (let i = 0; i < 10; i++) teams.push((await buildTeam(db, ws.id, `Team ${i}`, agents.slice(i * 5, i * 5 + 5))).id);
const orgs: number[] = [];
for (let i = 0; i < 500; i++)
  orgs.push(
    (
      await buildOrganization(db, ws.id, {
        name: `Org ${i}`,
        plan_name: ["Premium", "Business", "Standard", "Base"][i % 4],
        account_owner_id: agents[i % 50],
      })
    ).id,
  );
await db
  .insertInto("mailboxes")
  .values({ workspace_id: ws.id, address: "help@bench.it", display_name: null, team_id: null, created_at: Date.now() })
  .execute();

// 60,000 customers and 1,000,000 tickets in one statement each (the tickets are bare: the reports never read them).
const now = Date.now();
/** A 64-bit value PostgreSQL would otherwise take for an integer parameter. */
const big = (v: number) => sql`CAST(${v} AS bigint)`;
const series = (n: number) =>
  dialect === "postgres"
    ? sql`SELECT g AS n FROM generate_series(1, ${n}) AS g`
    : sql`WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${n}) SELECT n FROM s`;
await sql`INSERT INTO customers (workspace_id, email, name, phone, language, organization_id, external_id, created_at, updated_at)
  SELECT ${ws.id}, 'c' || n || '@bench.it', NULL, NULL, CASE WHEN n % 3 = 0 THEN 'en' ELSE 'it' END,
         CASE WHEN n % 5 = 0 THEN NULL ELSE ${orgs[0]} + (n % 500) END, NULL, ${big(now)}, ${big(now)} FROM (${series(60_000)}) AS x`.execute(
  db,
);
const firstCustomer = Number(
  (
    await db
      .selectFrom("customers")
      .select(sql<number>`min(id)`.as("m"))
      .executeTakeFirstOrThrow()
  ).m,
);
await sql`INSERT INTO tickets (workspace_id, number, subject, status, priority, channel, requester_id, assignee_id, team_id, tags, is_open,
    merged_into_id, created_at, updated_at, first_response_at, solved_at, reply_token, sla_due_at, queue_pinned_at)
  SELECT ${ws.id}, n, 'Ticket ' || n, 'solved', 'normal', 'email', ${firstCustomer} + (n % 60000), ${agents[0]} + (n % 50), NULL, '[]', 0,
    NULL, ${big(now)} - (n % 365) * ${big(DAY_MS)}, ${big(now)}, NULL, ${big(now)} - (n % 365) * ${big(DAY_MS)}, NULL, NULL, NULL FROM (${series(TICKETS)}) AS x`.execute(
  db,
);
console.log(
  `loaded ${TICKETS.toLocaleString()} tickets and 60,000 customers in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);

// Surveys over the last year, four in five answered; the counters written as the app writes them (counts.ts).
const t1 = Date.now();
const CHANNELS = ["email", "web", "portal", "chat", "api", "phone"];
const firstTicket = Number(
  (
    await db
      .selectFrom("tickets")
      .select(sql<number>`min(id)`.as("m"))
      .executeTakeFirstOrThrow()
  ).m,
);
let answers = 0;
for (let i = 0; i < SURVEYS; i += 1000) {
  const rows: Selectable<SurveyTable>[] = [];
  for (let j = i; j < Math.min(SURVEYS, i + 1000); j++) {
    const nps = j % 5 === 4;
    const sentAt = now - ((j * 7919) % 365) * DAY_MS - (j % 86_400) * 1000;
    const answered = j % 5 !== 3;
    const scale = nps ? 11 : 5;
    const score = answered ? (nps ? (j * 31) % 11 : 1 + ((j * 13) % 5)) : null;
    if (answered) answers++;
    rows.push({
      id: 0,
      workspace_id: ws.id,
      kind: nps ? ("nps" as const) : ("csat" as const),
      customer_id: firstCustomer + (j % 60_000),
      ticket_id: nps ? null : firstTicket + ((j * 4) % TICKETS),
      solve_id: nps ? null : j,
      scale,
      language: "it" as const,
      sent_at: sentAt,
      sent_day: dayOf(sentAt),
      expires_at: sentAt + 14 * DAY_MS,
      agent_id: nps ? null : agents[j % 50],
      team_id: nps ? null : teams[j % 10],
      organization_id: j % 5 === 0 ? null : orgs[j % 500],
      owner_id: j % 5 === 0 ? null : agents[j % 50],
      plan: j % 5 === 0 ? null : ["Premium", "Business", "Standard", "Base"][j % 4],
      channel: nps ? null : CHANNELS[j % 6],
      score,
      comment: null,
      resolved: null,
      answered_at: answered ? sentAt + 3_600_000 : null,
      mail_id: null,
    });
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("surveys")
      .values(rows.map(({ id: _id, ...r }) => r))
      .execute();
    const counts = countRows(
      ws.id,
      rows.map((r) => ({
        ...r,
        delta: {
          sent: 1,
          answered: r.score === null ? 0 : 1,
          ...(r.score === null ? { good: 0, bad: 0 } : bucketOf(r.scale, r.score)),
        },
      })),
    );
    for (let k = 0; k < counts.length; k += 1000) await addCounts(trx, counts.slice(k, k + 1000));
  });
}
const counterRows = Number(
  (
    await db
      .selectFrom("survey_counts")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow()
  ).n,
);
console.log(
  `${SURVEYS.toLocaleString()} surveys (${answers.toLocaleString()} answers) and ${counterRows.toLocaleString()} counter rows in ${((Date.now() - t1) / 1000).toFixed(1)} s`,
);
if (dialect === "sqlite") await sql`ANALYZE`.execute(db);
else await sql`ANALYZE`.execute(db);

const p95 = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.ceil(0.95 * xs.length) - 1];
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const year = { from: new Date(now - 365 * DAY_MS).toISOString(), to: new Date(now + DAY_MS).toISOString() };
const timeIt = async (name: string, fn: () => Promise<unknown>) => {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await fn();
    ms.push(performance.now() - s);
  }
  console.log(`${name.padEnd(34)} median ${median(ms).toFixed(1)} ms, p95 ${p95(ms).toFixed(1)} ms`);
};
for (const g of [undefined, "agent", "team", "plan", "channel", "organization"] as const)
  await timeIt(`satisfaction, a year, ${g ?? "overall"}`, () =>
    satisfactionReport(rt.ctx, ws.id, { ...year, group_by: g }),
  );
for (const g of [undefined, "plan", "organization", "owner", "month"] as const)
  await timeIt(`nps, a year, ${g ?? "overall"}`, () => npsReport(rt.ctx, ws.id, { ...year, group_by: g }));

// 10,000 NPS surveys queued: customers of their own, never surveyed.
await writeSettings(db, ws.id, { ...DEFAULT_SETTINGS, nps: { enabled: true, interval_days: 90 } });
const target = (
  await db
    .insertInto("organizations")
    .values({
      workspace_id: ws.id,
      name: "NPS wave",
      plan_name: "Premium",
      plan_tier: null,
      annual_revenue: null,
      account_owner_id: agents[0],
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow()
).id;
await sql`INSERT INTO customers (workspace_id, email, name, phone, language, organization_id, external_id, created_at, updated_at)
  SELECT ${ws.id}, 'wave' || n || '@bench.it', NULL, NULL, 'it', ${target}, NULL, ${big(now)}, ${big(now)} FROM (${series(10_000)}) AS x`.execute(
  db,
);
const t2 = performance.now();
const sent = await sendNps(rt.ctx, ws.id, { organization_id: target });
const queueMs = performance.now() - t2;
const waiting = Number(
  (
    await db
      .selectFrom("mail_outbox")
      .select(sql<number>`count(*)`.as("n"))
      .where("kind", "=", "nps")
      .where("status", "=", "queued")
      .executeTakeFirstOrThrow()
  ).n,
);
const jobs = Number(
  (
    await db
      .selectFrom("jobs")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow()
      .catch(() => ({ n: -1 }))
  ).n,
);
console.log(
  `NPS: ${sent.queued.toLocaleString()} surveys queued in ${(queueMs / 1000).toFixed(2)} s (${waiting.toLocaleString()} emails waiting in mail_outbox, ${jobs} job(s) for the drip)`,
);
await rt.close();
await fresh.drop();
