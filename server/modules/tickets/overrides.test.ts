import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent, buildTeam } from "../../test/factories";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";

describe.each(DATABASES)("overrides with a reason, a source and (for sales) a supervisor on %s", (dialect) => {
  let env: TestEnv;
  let agentToken: string;
  let supervisorToken: string;
  beforeAll(async () => {
    env = await testEnv(dialect);
    const agent = await buildAgent(env.rt.ctx.db, env.workspaceId, { name: "Paola Agente", role: "agent" });
    const supervisor = await buildAgent(env.rt.ctx.db, env.workspaceId, {
      name: "Sergio Supervisore",
      role: "supervisor",
    });
    await buildTeam(env.rt.ctx.db, env.workspaceId, "Tutti", [agent.id, supervisor.id]);
    agentToken = await tokenFor(env, agent.id);
    supervisorToken = await tokenFor(env, supervisor.id);
  });
  afterAll(async () => env?.close());
  const as = (token: string) => (method: "GET" | "POST" | "PATCH" | "PUT", url: string, payload?: object) =>
    env.app.inject({ method, url, payload, headers: env.auth(token) });
  const newTicket = async (subject: string) =>
    (
      await as(env.adminToken)("POST", "/api/v1/tickets", {
        subject,
        body_text: "x",
        requester: { email: `${subject.replace(/\W/g, "")}@ov.test` },
      })
    ).json();
  const events = async (n: number) =>
    (await as(env.adminToken)("GET", `/api/v1/tickets/${n}/events`)).json().data as {
      type: string;
      actor: { name: string | null };
      data: Record<string, unknown>;
    }[];

  it("moves one SLA target with a reason and a source, keeping the clock's consumed time", async () => {
    const t = await newTicket("Target spostato");
    const before = Date.parse(t.sla.first_response.due_at);
    expect(
      (
        await as(agentToken)("POST", `/api/v1/tickets/${t.number}/sla-override`, {
          target: "first_response",
          business_minutes: 480,
        })
      ).json().error.code,
    ).toBe("validation_error");
    const r = await as(agentToken)("POST", `/api/v1/tickets/${t.number}/sla-override`, {
      target: "first_response",
      business_minutes: 480,
      reason: "Il cliente ci ha chiesto di richiamarlo domani",
      source: "customer",
    });
    expect(r.statusCode).toBe(200);
    expect(Date.parse(r.json().ticket.sla.first_response.due_at)).toBeGreaterThan(before);
    expect((await events(t.number)).find((e) => e.type === "sla_override")).toMatchObject({
      actor: { name: "Paola Agente" },
      data: {
        target: "first_response",
        from_minutes: 240,
        to_minutes: 480,
        source: "customer",
        requested_by: "Paola Agente",
      },
    });
  });

  it("places a ticket at the top of Next up only with a reason, until someone takes it", async () => {
    const early = await newTicket("Scade prima");
    const late = await newTicket("Messo in cima");
    await as(env.adminToken)("POST", `/api/v1/tickets/${late.number}/sla-override`, {
      target: "first_response",
      business_minutes: 5000,
      reason: "Consegna fra una settimana",
      source: "agent_judgement",
    });
    const order = async () =>
      ((await as(agentToken)("GET", "/api/v1/queue?limit=200")).json().data as { number: number }[]).map(
        (x) => x.number,
      );
    expect((await order()).indexOf(early.number)).toBeLessThan((await order()).indexOf(late.number));
    expect((await as(agentToken)("POST", "/api/v1/queue/place", { ticket_number: late.number })).statusCode).toBe(400);
    expect(
      (
        await as(agentToken)("POST", "/api/v1/queue/place", {
          ticket_number: late.number,
          reason: "Guasto in un ospedale",
          source: "incident",
        })
      ).statusCode,
    ).toBe(200);
    expect((await order())[0]).toBe(late.number);
    const next = await as(agentToken)("POST", "/api/v1/queue/next");
    expect(next.json().number).toBe(late.number);
    expect((await events(late.number)).find((e) => e.type === "queue_placement")).toMatchObject({
      data: { reason: "Guasto in un ospedale", source: "incident" },
    });
  });

  it("re-picks the policy when the priority changes, keeping the time already spent", async () => {
    const cal = (await as(env.adminToken)("GET", "/api/v1/calendars"))
      .json()
      .data.find((c: { default: boolean }) => c.default);
    expect(
      (
        await as(env.adminToken)("POST", "/api/v1/sla/policies", {
          name: "Urgenti",
          priority: "urgent",
          calendar_id: cal.id,
          first_response_minutes: 30,
          resolution_minutes: 240,
          position: 10,
        })
      ).statusCode,
    ).toBe(201);
    const t = await newTicket("Diventa urgente");
    const before = await env.rt.ctx.db
      .selectFrom("sla_clocks")
      .select(["target", "target_minutes"])
      .where("ticket_id", "=", t.id)
      .orderBy("target")
      .execute();
    expect(before).toEqual([
      { target: "first_response", target_minutes: 240 },
      { target: "resolution", target_minutes: 1440 },
    ]);
    const r = await as(env.adminToken)("PATCH", `/api/v1/tickets/${t.number}`, {
      priority: "urgent",
      priority_reason: "Macchina ferma in un ospedale",
      priority_source: "incident",
    });
    expect(r.statusCode).toBe(200);
    const after = await env.rt.ctx.db
      .selectFrom("sla_clocks")
      .select(["target", "target_minutes"])
      .where("ticket_id", "=", t.id)
      .orderBy("target")
      .execute();
    expect(after).toEqual([
      { target: "first_response", target_minutes: 30 },
      { target: "resolution", target_minutes: 240 },
    ]);
    expect(Date.parse(r.json().sla.first_response.due_at)).toBeLessThan(Date.parse(t.sla.first_response.due_at));
  });

  it("holds an agent's sales-sourced override for a supervisor when the supervisors ask for it", async () => {
    expect(
      (await as(agentToken)("PUT", "/api/v1/overrides/settings", { sales_overrides_need_approval: true })).statusCode,
    ).toBe(403);
    expect(
      (await as(supervisorToken)("PUT", "/api/v1/overrides/settings", { sales_overrides_need_approval: true })).json(),
    ).toEqual({ sales_overrides_need_approval: true });
    const t = await newTicket("Cliente importante");
    const asked = await as(agentToken)("PATCH", `/api/v1/tickets/${t.number}`, {
      priority: "urgent",
      priority_reason: "Il commerciale chiede priorità",
      priority_source: "sales_request",
      tags: ["vip"],
    });
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toMatchObject({
      status: "pending",
      override: { kind: "priority", change: { priority: "urgent" }, source: "sales_request" },
      ticket: { priority: "normal", tags: ["vip"] },
    });
    // Other sources, and supervisors, are not held.
    expect(
      (
        await as(agentToken)("PATCH", `/api/v1/tickets/${t.number}`, {
          priority: "high",
          priority_reason: "Il cliente è fermo",
          priority_source: "customer",
        })
      ).json().priority,
    ).toBe("high");
    const pending = (await as(supervisorToken)("GET", "/api/v1/overrides?status=pending")).json().data;
    expect(pending).toHaveLength(1);
    expect((await as(agentToken)("POST", `/api/v1/overrides/${pending[0].id}/approve`)).statusCode).toBe(403);
    const approved = await as(supervisorToken)("POST", `/api/v1/overrides/${pending[0].id}/approve`);
    expect(approved.json()).toMatchObject({ status: "applied" });
    expect((await as(supervisorToken)("POST", `/api/v1/overrides/${pending[0].id}/approve`)).json().error.code).toBe(
      "already_decided",
    );
    expect((await as(env.adminToken)("GET", `/api/v1/tickets/${t.number}`)).json().priority).toBe("urgent");
    const change = (await events(t.number)).filter((e) => e.type === "priority_changed").at(-1)!;
    expect(change).toMatchObject({
      actor: { name: "Sergio Supervisore" },
      data: { to: "urgent", source: "sales_request", requested_by: "Paola Agente" },
    });
    // The fairness report names who asked for it, not who approved.
    const report = (
      await as(supervisorToken)(
        "GET",
        `/api/v1/reports/fairness?from=${new Date(Date.now() - 3600_000).toISOString()}&to=${new Date(Date.now() + 3600_000).toISOString()}`,
      )
    ).json();
    expect(report.overrides.by_source).toEqual(expect.arrayContaining([{ key: "sales_request", overrides: 1 }]));
    expect(report.overrides.by_requester).toEqual(expect.arrayContaining([{ key: "Paola Agente", overrides: 4 }]));

    const again = await as(agentToken)("POST", `/api/v1/tickets/${t.number}/sla-override`, {
      target: "resolution",
      business_minutes: 60,
      reason: "Il commerciale ha promesso oggi",
      source: "sales_request",
    });
    expect(again.statusCode).toBe(202);
    const rejected = await as(supervisorToken)("POST", `/api/v1/overrides/${again.json().override.id}/reject`);
    expect(rejected.json().status).toBe("rejected");
    expect((await events(t.number)).some((e) => e.type === "sla_override")).toBe(false);
  });
});
