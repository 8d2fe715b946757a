import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent, buildOrganization, buildTicket } from "../../test/factories";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";

// A seeded month whose right answers this test computes on its own from the plan below.
const MIN = 60_000;
type Planned = { org: string | null; frt: number | null; res: number | null; breached: boolean };
const PLAN: Planned[] = [
  ...[10, 12, 15, 20, 30, 60].map((frt, i) => ({ org: "Bar Veloce", frt, res: frt + 100 + i, breached: false })),
  ...[40, 50, 60, 80, 90, 120].map((frt, i) => ({ org: "Bar Lento", frt, res: frt * 10 + i, breached: i % 2 === 0 })),
  ...[30, 30, 30, 30, 30].map((frt) => ({ org: "=Ottica Formula", frt, res: null, breached: false })),
  { org: null, frt: 5, res: 50, breached: false },
  { org: null, frt: null, res: null, breached: false },
];
const ORGS = {
  "Bar Veloce": { plan: "Premium", owner: "Marco Conti" },
  "Bar Lento": { plan: "Premium", owner: "Marco Conti" },
  "=Ottica Formula": { plan: "Standard", owner: "Giulia Ferri" },
} as const;

/** Nearest-rank percentile, written independently of the report's code. */
function nearestRank(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = values.slice().sort((a, b) => a - b);
  let rank = Math.ceil(p * sorted.length);
  if (rank < 1) rank = 1;
  return sorted[rank - 1];
}

function expected(rows: Planned[]) {
  const frt = rows.map((r) => r.frt).filter((x): x is number => x !== null);
  const res = rows.map((r) => r.res).filter((x): x is number => x !== null);
  const finished = rows.filter((r) => r.frt !== null);
  const breached = finished.filter((r) => r.breached).length;
  return {
    tickets: rows.length,
    first_response_median_min: nearestRank(frt, 0.5),
    first_response_p90_min: nearestRank(frt, 0.9),
    resolution_median_min: nearestRank(res, 0.5),
    resolution_p90_min: nearestRank(res, 0.9),
    sla_met: finished.length - breached,
    sla_breached: breached,
    sla_compliance_pct: finished.length
      ? Math.round((1000 * (finished.length - breached)) / finished.length) / 10
      : null,
  };
}

describe.each(DATABASES)("fairness report on %s", (dialect) => {
  let env: TestEnv;
  const from = Date.now() - 30 * 86_400_000;
  beforeAll(async () => {
    env = await testEnv(dialect);
    const db = env.rt.ctx.db;
    const marco = await buildAgent(db, env.workspaceId, { name: "Marco Conti", role: "supervisor" });
    const giulia = await buildAgent(db, env.workspaceId, { name: "Giulia Ferri", role: "supervisor" });
    const owners = { "Marco Conti": marco.id, "Giulia Ferri": giulia.id };
    const orgIds: Record<string, number> = {};
    for (const [name, o] of Object.entries(ORGS))
      orgIds[name] = (
        await buildOrganization(db, env.workspaceId, { name, plan_name: o.plan, account_owner_id: owners[o.owner] })
      ).id;
    for (const [i, p] of PLAN.entries()) {
      const email = `c${i}@${(p.org ?? "privato").replace(/\W/g, "").toLowerCase()}.test`;
      const t = await buildTicket(env.rt.ctx, env.admin.actor, { requester: { email } });
      // The default policy exists once the workspace's first ticket has been planned.
      const policy = await db
        .selectFrom("sla_policies")
        .select("id")
        .where("workspace_id", "=", env.workspaceId)
        .executeTakeFirstOrThrow();
      if (p.org)
        await db.updateTable("customers").set({ organization_id: orgIds[p.org] }).where("email", "=", email).execute();
      const created = from + (i + 1) * 86_400_000;
      await db
        .updateTable("tickets")
        .set({
          created_at: created,
          first_response_at: p.frt === null ? null : created + p.frt * MIN,
          solved_at: p.res === null ? null : created + p.res * MIN,
          status: p.res === null ? "open" : "solved",
        })
        .where("id", "=", t.id)
        .execute();
      // One finished target per answered ticket: met, or breached.
      await db.deleteFrom("sla_clocks").where("ticket_id", "=", t.id).execute();
      if (p.frt !== null) {
        await db
          .insertInto("sla_clocks")
          .values({
            workspace_id: env.workspaceId,
            ticket_id: t.id,
            policy_id: policy.id,
            target: "first_response",
            target_minutes: 60,
            consumed_minutes: 0,
            running_since: null,
            due_at: created + 60 * MIN,
            met_at: p.breached ? null : created + p.frt * MIN,
            breached_at: p.breached ? created + 60 * MIN : null,
            warn_at: null,
            warned_at: null,
            created_at: created,
          })
          .execute();
      }
    }
    // Two priority changes from different sources and people, and one escalation of a solved ticket.
    const anna = await buildAgent(db, env.workspaceId, { name: "Anna Rossi" });
    const annaToken = await tokenFor(env, anna.id);
    const tickets = await db
      .selectFrom("tickets")
      .select(["number"])
      .where("workspace_id", "=", env.workspaceId)
      .orderBy("number")
      .execute();
    const patch = (token: string, n: number, body: object) =>
      env.app.inject({ method: "PATCH", url: `/api/v1/tickets/${n}`, headers: env.auth(token), payload: body });
    expect(
      (
        await patch(env.adminToken, tickets[6].number, {
          priority: "urgent",
          priority_reason: "Il commerciale ha promesso priorità",
          priority_source: "sales_request",
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await patch(annaToken, tickets[7].number, {
          priority: "high",
          priority_reason: "Locale chiuso per il guasto",
          priority_source: "customer",
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await patch(annaToken, tickets[8].number, {
          priority: "low",
          priority_reason: "Richiesta poco urgente",
          priority_source: "customer",
        })
      ).statusCode,
    ).toBe(200);
    await env.app.inject({
      method: "POST",
      url: "/api/v1/escalation-reasons",
      headers: env.auth(env.adminToken),
      payload: { code: "bug", label: "Bug" },
    });
    await db
      .insertInto("teams")
      .values({ workspace_id: env.workspaceId, name: "Specialisti", tier: "specialist", created_at: Date.now() })
      .execute();
    expect(
      (
        await env.app.inject({
          method: "POST",
          url: `/api/v1/tickets/${tickets[0].number}/escalate`,
          headers: env.auth(env.adminToken),
          payload: { reason_code: "bug", note: "Da verificare" },
        })
      ).statusCode,
    ).toBe(200);
    await db
      .updateTable("tickets")
      .set({ status: "solved", solved_at: from + 86_400_000 + 106 * MIN })
      .where("number", "=", tickets[0].number)
      .execute();
  });
  afterAll(async () => env?.close());

  const report = (format = "json") =>
    env.app.inject({
      method: "GET",
      url: `/api/v1/reports/fairness?from=${new Date(from).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}&format=${format}`,
      headers: env.auth(env.adminToken),
    });

  it("gives the same numbers for every plan, organization and account owner", async () => {
    const r = (await report()).json();
    const strip = <G extends { key: string }>(g: G) => {
      const { key: _k, ...rest } = g;
      return rest;
    };
    expect(strip(r.overall)).toEqual(expected(PLAN));
    const byPlan = Object.fromEntries(r.by_plan.map((g: { key: string }) => [g.key, strip(g)]));
    expect(byPlan.Premium).toEqual(
      expected(PLAN.filter((p) => p.org && ORGS[p.org as keyof typeof ORGS].plan === "Premium")),
    );
    expect(byPlan.Standard).toEqual(expected(PLAN.filter((p) => p.org === "=Ottica Formula")));
    expect(byPlan["(none)"]).toEqual(expected(PLAN.filter((p) => !p.org)));
    const byOrg = Object.fromEntries(r.by_organization.map((g: { key: string }) => [g.key, strip(g)]));
    for (const org of Object.keys(ORGS)) expect(byOrg[org], org).toEqual(expected(PLAN.filter((p) => p.org === org)));
    const byOwner = Object.fromEntries(r.by_account_owner.map((g: { key: string }) => [g.key, strip(g)]));
    expect(byOwner["Marco Conti"]).toEqual(
      expected(PLAN.filter((p) => p.org === "Bar Veloce" || p.org === "Bar Lento")),
    );
  });

  it("counts overrides by source and by who made them, and the first-line resolution rate", async () => {
    const r = (await report()).json();
    expect(r.overrides.total).toBe(3);
    expect(r.overrides.by_source).toEqual([
      { key: "customer", overrides: 2 },
      { key: "sales_request", overrides: 1 },
    ]);
    expect(r.overrides.by_requester).toEqual([
      { key: "Anna Rossi", overrides: 2 },
      { key: "Ada Admin", overrides: 1 },
    ]);
    const solved = PLAN.filter((p) => p.res !== null).length;
    expect(r.tiers).toEqual({
      solved,
      solved_without_escalation: solved - 1,
      first_line_resolution_pct: Math.round((1000 * (solved - 1)) / solved) / 10,
      escalations_by_reason: [{ reason_code: "bug", escalations: 1 }],
    });
  });

  it("names the customers treated better or worse than others on the same plan, with the numbers", async () => {
    const r = (await report()).json();
    const fast = expected(PLAN.filter((p) => p.org === "Bar Veloce"));
    const slow = expected(PLAN.filter((p) => p.org === "Bar Lento"));
    expect(r.outliers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          plan: "Premium",
          customer: "Bar Veloce",
          treatment: "better",
          first_response_median_min: fast.first_response_median_min,
          plan_others_first_response_median_min: slow.first_response_median_min,
        }),
        expect.objectContaining({
          plan: "Premium",
          customer: "Bar Lento",
          treatment: "worse",
          sla_compliance_pct: slow.sla_compliance_pct,
          plan_others_sla_compliance_pct: 100,
        }),
      ]),
    );
    // Alone on its plan, Ottica Formula has nobody to be compared with.
    expect(r.outliers).toHaveLength(2);
  });

  it("exports the report as CSV that a spreadsheet opens safely", async () => {
    const res = await report("csv");
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    expect(res.headers["content-disposition"]).toMatch(/attachment; filename="fairness-/);
    const lines = res.body
      .trim()
      .split("\r\n")
      .map((l) => l.split(","));
    expect(lines[0].slice(0, 3)).toEqual(["section", "group", "tickets"]);
    const overall = expected(PLAN);
    expect(lines[1].slice(0, 10)).toEqual([
      "overall",
      "all",
      String(overall.tickets),
      String(overall.first_response_median_min),
      String(overall.first_response_p90_min),
      String(overall.resolution_median_min),
      String(overall.resolution_p90_min),
      String(overall.sla_met),
      String(overall.sla_breached),
      String(overall.sla_compliance_pct),
    ]);
    // A name that starts like a formula is written as text.
    expect(lines.find((l) => l[0] === "organization" && l[1].includes("Ottica"))![1]).toBe("'=Ottica Formula");
    expect(lines.filter((l) => l[0] === "outlier")).toHaveLength(2);
    // Every line has the header's columns (read as a spreadsheet would: quoted cells may hold commas); the
    // tiers and the overrides by type are in the file too.
    const cells = res.body
      .trim()
      .split("\r\n")
      .map((l) => l.replace(/"(?:[^"]|"")*"/g, "q").split(","));
    expect(cells.map((l) => l.length)).toEqual(cells.map(() => lines[0].length));
    const value = lines[0].indexOf("value");
    const solved = PLAN.filter((p) => p.res !== null).length;
    const flr = cells.find((l) => l[0] === "first_line_resolution")!;
    expect([flr[2], flr[value]]).toEqual([String(solved), String(Math.round((1000 * (solved - 1)) / solved) / 10)]);
    expect(cells.filter((l) => l[0] === "escalations_by_reason").map((l) => [l[1], l[value]])).toEqual([["bug", "1"]]);
    expect(cells.filter((l) => l[0] === "overrides_by_type").map((l) => [l[1], l[10]])).toEqual([
      ["priority_changed", "3"],
    ]);
    expect(
      (
        await env.app.inject({
          method: "GET",
          url: "/api/v1/reports/fairness?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
          headers: env.auth(env.adminToken),
        })
      ).json().error.code,
    ).toBe("invalid_period");
  });
});
