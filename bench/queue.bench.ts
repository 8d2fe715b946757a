// Service levels at 100,000 open tickets: the Next up view (p95 per request) and the worker's warning and
// breach checks (p95 per check, and time per minute of simulated clock, on the watcher's own schedule). Run: npx tsx bench/queue.bench.ts [--n 100000] [--db sqlite|postgres]
import { parseArgs } from "node:util";
import { sql } from "kysely";
import pino from "pino";
import { buildApp } from "../server/app";
import { loadConfig } from "../server/config";
import { createApiToken } from "../server/modules/auth/auth.service";
import { checkDue } from "../server/modules/sla/watcher";
import { createRuntime } from "../server/runtime";
import { buildAgent, buildTeam, buildWorkspace } from "../server/test/factories";
import { freshDatabase } from "../server/test/harness";

const { values } = parseArgs({
  options: { n: { type: "string", default: "100000" }, db: { type: "string", default: "sqlite" } },
});
const N = Number(values.n);
const fresh = await freshDatabase(values.db as "sqlite" | "postgres");
const rt = await createRuntime(
  { ...loadConfig({ DATA_DIR: fresh.dataDir, LOG_LEVEL: "silent" }), databaseUrl: fresh.databaseUrl },
  { log: pino({ level: "silent" }) },
);
const db = rt.ctx.db;
const ws = await buildWorkspace(db, { name: "Queue bench" });
const agent = await buildAgent(db, ws.id, { name: "Anna", languages: ["it"] });
const team = await buildTeam(db, ws.id, "Assistenza", [agent.id]);
const policy = await db
  .insertInto("sla_policies")
  .values({
    workspace_id: ws.id,
    name: "Bench",
    plan_name: null,
    priority: null,
    calendar_id: (await db.selectFrom("calendars").select("id").executeTakeFirstOrThrow()).id,
    first_response_minutes: 240,
    next_response_minutes: null,
    resolution_minutes: 1440,
    pause_on_hold: 0,
    position: 0,
    created_at: Date.now(),
  })
  .returning("id")
  .executeTakeFirstOrThrow();
await db
  .insertInto("customers")
  .values({
    workspace_id: ws.id,
    email: "bench@example.it",
    name: null,
    phone: null,
    language: "it",
    organization_id: null,
    external_id: null,
    created_at: Date.now(),
    updated_at: Date.now(),
  })
  .execute();
const customer = (await db.selectFrom("customers").select("id").executeTakeFirstOrThrow()).id;

// N open tickets whose deadlines are spread over the next 30 days: about 1/43,200 of them fall due each minute.
const now = Date.now();
const t0 = performance.now();
for (let b = 0; b < N; b += 1000) {
  await db.transaction().execute(async (trx) => {
    const size = Math.min(1000, N - b);
    const rows = Array.from({ length: size }, (_, k) => {
      const i = b + k;
      const due = now + Math.floor((((i * 7919) % N) / N) * 30 * 86_400_000);
      return {
        workspace_id: ws.id,
        number: i + 1,
        subject: `T${i}`,
        status: "new" as const,
        priority: "normal" as const,
        channel: "api" as const,
        requester_id: customer,
        assignee_id: null,
        team_id: i % 3 ? team.id : null,
        tags: "[]",
        is_open: 1,
        merged_into_id: null,
        created_at: now - i * 1000,
        updated_at: now,
        first_response_at: null,
        solved_at: null,
        sla_due_at: due,
      };
    });
    const ids = await trx.insertInto("tickets").values(rows).returning(["id", "sla_due_at"]).execute();
    await trx
      .insertInto("sla_clocks")
      .values(
        ids.map((t) => ({
          workspace_id: ws.id,
          ticket_id: t.id,
          policy_id: policy.id,
          target: "first_response" as const,
          target_minutes: 240,
          consumed_minutes: 0,
          running_since: now,
          due_at: t.sla_due_at!,
          warn_at: t.sla_due_at! - 48 * 60_000,
          warned_at: null,
          met_at: null,
          breached_at: null,
          created_at: now,
        })),
      )
      .execute();
  });
}
await sql`ANALYZE`.execute(db);
console.log(
  `${values.db}: loaded ${N} open tickets with running clocks in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
);

const countEvents = async () =>
  Number(
    (
      await db
        .selectFrom("ticket_events")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("type", "in", ["sla_warning", "sla_breached"])
        .executeTakeFirstOrThrow()
    ).n,
  );
const app = await buildApp(rt.ctx);
const token = (await createApiToken(db, ws.id, agent.id, "bench")).token;
const times: number[] = [];
for (let i = 0; i < 220; i++) {
  const s = performance.now();
  const r = await app.inject({
    method: "GET",
    url: "/api/v1/queue?limit=50",
    headers: { authorization: `Bearer ${token}` },
  });
  if (r.statusCode !== 200) throw new Error(r.body);
  if (i >= 20) times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
console.log(
  `Next up (50 rows, HTTP): median ${times[times.length >> 1].toFixed(2)} ms, p95 ${times[Math.floor(times.length * 0.95)].toFixed(2)} ms (target p95 < 20)`,
);

// The worker: the watcher's own check (checkDue: fire due warnings, then due breaches, then read when the next
// one is due), on the watcher's own schedule over 60 simulated minutes: it sleeps until the next due time,
// at most 10 s. First a catch-up check at the start (the warnings of the deadlines already within 48 minutes).
const catchUpStart = performance.now();
const warnedBefore = await countEvents();
await checkDue(rt.ctx, now);
console.log(
  `worker catch-up at start: ${(await countEvents()) - warnedBefore} warnings in ${(performance.now() - catchUpStart).toFixed(0)} ms`,
);
const checks: number[] = [];
const before = await countEvents();
let clock = now;
const end = now + 60 * 60_000;
while (clock < end) {
  const s = performance.now();
  const next = await checkDue(rt.ctx, clock);
  checks.push(performance.now() - s);
  clock = Math.min(clock + 10_000, Math.max(clock + 50, next));
}
const fired = (await countEvents()) - before;
const total = checks.reduce((a, b) => a + b, 0);
checks.sort((a, b) => a - b);
console.log(
  `worker: ${checks.length} checks over 60 simulated minutes fired ${fired} warnings and breaches; per check median ${checks[checks.length >> 1].toFixed(2)} ms, p95 ${checks[Math.floor(checks.length * 0.95)].toFixed(2)} ms (target < 20); ${(total / 60).toFixed(1)} ms of work per minute (target < 1,000 ms)`,
);
await app.close();
await rt.close();
await fresh.drop();
