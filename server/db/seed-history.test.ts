import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fairnessReport } from "../modules/reports/fairness";
import { HISTORY } from "../modules/surveys/demo-history";
import { type TestEnv, testEnv } from "../test/harness";
import { settle } from "../test/wait";
import { seedDemo } from "./seed";

// The demo's rated tickets are history from before the installation: each was answered and solved after its own
// business minutes, so the fairness report a team evaluating Sportello opens first shows real times, not zeros.

const DAY = 86_400_000;

describe("the demo's history", () => {
  let env: TestEnv;
  let ws: number;
  beforeAll(async () => {
    // As on a first start (server/main.ts): the demo is written before the worker runs, so that no event of its
    // history is dispatched before it is moved into the past.
    env = await testEnv("sqlite", {}, { worker: false });
    await seedDemo(env.rt.ctx);
    env.rt.startWorker();
    ws = (
      await env.rt.ctx.db.selectFrom("workspaces").select("id").where("name", "like", "Caff%").executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => env.close());

  const history = () =>
    env.rt.ctx.db
      .selectFrom("tickets")
      .innerJoin("customers", "customers.id", "tickets.requester_id")
      .innerJoin("surveys", "surveys.ticket_id", "tickets.id")
      .select(["tickets.id", "tickets.created_at", "tickets.first_response_at", "tickets.solved_at", "surveys.sent_at"])
      .where("tickets.workspace_id", "=", ws)
      .where("surveys.kind", "=", "csat")
      .orderBy("tickets.id")
      .execute();

  it("places each rated ticket in the past: written in opening hours, answered, solved, then surveyed", async () => {
    const rows = await history();
    expect(rows).toHaveLength(HISTORY.length);
    const now = Date.now();
    for (const r of rows) {
      const local = DateTime.fromMillis(r.created_at, { zone: "Europe/Rome" });
      expect(local.weekday).toBeLessThanOrEqual(5);
      expect(local.hour >= 9 && local.hour < 18 && local.hour !== 13).toBe(true);
      expect(r.created_at).toBeGreaterThan(now - 40 * DAY);
      expect(r.first_response_at!).toBeGreaterThan(r.created_at);
      expect(r.solved_at!).toBeGreaterThan(r.first_response_at!);
      expect(r.solved_at!).toBeLessThan(now);
      expect(r.sent_at).toBe(r.solved_at);
      // The timeline and the conversation say the same times.
      const messages = await env.rt.ctx.db
        .selectFrom("messages")
        .select(["author_type", "created_at"])
        .where("ticket_id", "=", r.id)
        .orderBy("id")
        .execute();
      expect(messages).toEqual([
        { author_type: "customer", created_at: r.created_at },
        { author_type: "agent", created_at: r.first_response_at },
      ]);
      const events = await env.rt.ctx.db
        .selectFrom("ticket_events")
        .select(["type", "created_at"])
        .where("ticket_id", "=", r.id)
        .where("type", "in", ["created", "status_changed"])
        .orderBy("id")
        .execute();
      expect(events).toEqual([
        { type: "created", created_at: r.created_at },
        { type: "status_changed", created_at: r.solved_at },
      ]);
    }
  });

  it("answers each survey after it was sent and before now, on the timeline too", async () => {
    const answered = await env.rt.ctx.db
      .selectFrom("surveys")
      .select(["id", "ticket_id", "sent_at", "answered_at"])
      .where("workspace_id", "=", ws)
      .where("answered_at", "is not", null)
      .execute();
    expect(answered.length).toBeGreaterThan(20);
    const now = Date.now();
    for (const s of answered) {
      expect(s.answered_at!).toBeGreaterThan(s.sent_at);
      expect(s.answered_at!).toBeLessThan(now);
      if (s.ticket_id === null) continue;
      const event = await env.rt.ctx.db
        .selectFrom("ticket_events")
        .select("created_at")
        .where("ticket_id", "=", s.ticket_id)
        .where("type", "=", "survey_answered")
        .executeTakeFirstOrThrow();
      expect(event.created_at).toBe(s.answered_at);
    }
    // Good ratings with a comment become praise once the worker dispatches their events, dated when they were given.
    await settle(env.rt.ctx);
    const praise = await env.rt.ctx.db
      .selectFrom("kudos")
      .innerJoin("surveys", "surveys.ticket_id", "kudos.ticket_id")
      .select(["kudos.created_at", "surveys.answered_at"])
      .where("kudos.source", "=", "rating")
      .where("kudos.workspace_id", "=", ws)
      .execute();
    expect(praise.length).toBeGreaterThan(3);
    for (const k of praise) expect(k.created_at).toBe(k.answered_at);
  });

  it("meets or breaches each SLA target as the business minutes say, and the fairness report shows it", async () => {
    const ids = (await history()).map((r) => r.id);
    const clocks = await env.rt.ctx.db
      .selectFrom("sla_clocks")
      .select(["target", "met_at", "breached_at"])
      .where("ticket_id", "in", ids)
      .execute();
    // The demo's catch-all policy: 240 business minutes to answer, 1,440 to solve.
    const breached = (target: string) => clocks.filter((c) => c.target === target && c.breached_at !== null).length;
    expect(clocks.every((c) => c.met_at !== null)).toBe(true);
    expect(breached("first_response")).toBe(HISTORY.filter((h) => h.answerAfter > 240).length);
    expect(breached("resolution")).toBe(HISTORY.filter((h) => h.solveAfter > 1440).length);
    expect(breached("first_response")).toBeGreaterThan(0);

    const now = Date.now();
    const report = await fairnessReport(env.rt.ctx, ws, now - 30 * DAY, now + DAY);
    expect(report.overall.first_response_median_min).toBeGreaterThan(0);
    expect(report.overall.resolution_median_min).toBeGreaterThan(60);
    expect(report.overall.sla_compliance_pct).toBeLessThan(100);
    // The technicians, who serve the Standard plan in the demo, answer later than the front desk.
    const plan = (name: string) => report.by_plan.find((g) => g.key === name)!;
    expect(plan("Standard").first_response_median_min!).toBeGreaterThan(plan("Premium").first_response_median_min!);
    expect(plan("Standard").sla_breached).toBeGreaterThan(0);
  });
});
