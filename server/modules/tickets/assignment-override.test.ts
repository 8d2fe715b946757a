import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent, buildTeam } from "../../test/factories";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";

describe.each(DATABASES)("assignment outside the rules needs a reason and a source on %s", (dialect) => {
  let env: TestEnv;
  let agentToken: string;
  let supervisorToken: string;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    env = await testEnv(dialect, {}, { worker: false });
    const db = env.rt.ctx.db;
    const paola = await buildAgent(db, env.workspaceId, { name: "Paola Agente", role: "agent" });
    const anna = await buildAgent(db, env.workspaceId, { name: "Anna Primo", role: "agent" });
    const bruno = await buildAgent(db, env.workspaceId, { name: "Bruno Fatture", role: "agent" });
    const sara = await buildAgent(db, env.workspaceId, { name: "Sara Specialista", role: "agent", tier: "specialist" });
    const supervisor = await buildAgent(db, env.workspaceId, { name: "Sergio Supervisore", role: "supervisor" });
    ids.anna = anna.id;
    ids.bruno = bruno.id;
    ids.sara = sara.id;
    ids.front = (await buildTeam(db, env.workspaceId, "Primo livello", [paola.id, anna.id])).id;
    await buildTeam(db, env.workspaceId, "Fatture", [bruno.id]);
    // Anna sits in the specialist team too, but her tier does not fit a specialist ticket.
    ids.specialists = (
      await buildTeam(db, env.workspaceId, "Specialisti", [sara.id, anna.id], { tier: "specialist" })
    ).id;
    agentToken = await tokenFor(env, paola.id);
    supervisorToken = await tokenFor(env, supervisor.id);
  });
  afterAll(async () => env?.close());
  const as = (token: string) => (method: "GET" | "POST" | "PATCH" | "PUT", url: string, payload?: object) =>
    env.app.inject({ method, url, payload, headers: env.auth(token) });
  const newTicket = async (subject: string, team_id: number) =>
    (
      await as(env.adminToken)("POST", "/api/v1/tickets", {
        subject,
        body_text: "x",
        team_id,
        requester: { email: `${subject.replace(/\W/g, "")}@as.test` },
      })
    ).json();
  const events = async (n: number) =>
    (await as(env.adminToken)("GET", `/api/v1/tickets/${n}/events`)).json().data as {
      type: string;
      actor: { name: string | null };
      data: Record<string, unknown>;
    }[];
  const report = async () =>
    (
      await as(supervisorToken)(
        "GET",
        `/api/v1/reports/fairness?from=${new Date(Date.now() - 3600_000).toISOString()}&to=${new Date(Date.now() + 3600_000).toISOString()}`,
      )
    ).json();

  it("needs nothing inside the ticket's team and tier", async () => {
    const t = await newTicket("Dentro le regole", ids.front);
    const r = await as(agentToken)("PATCH", `/api/v1/tickets/${t.number}`, { assignee_id: ids.anna });
    expect(r.statusCode).toBe(200);
    expect(r.json().assignee.id).toBe(ids.anna);
    expect((await events(t.number)).some((e) => e.type === "assignment_override")).toBe(false);
    // Sending a ticket back to nobody is never an exception.
    expect((await as(agentToken)("PATCH", `/api/v1/tickets/${t.number}`, { assignee_id: null })).statusCode).toBe(200);
  });

  it("refuses an agent outside the team without a reason, records it with one, and the fairness report counts it", async () => {
    const t = await newTicket("Fuori dal team", ids.front);
    const refused = await as(agentToken)("PATCH", `/api/v1/tickets/${t.number}`, { assignee_id: ids.bruno });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: "reason_required" });
    expect(
      (
        await as(agentToken)("PATCH", `/api/v1/tickets/${t.number}`, {
          assignee_id: ids.bruno,
          assignment_reason: "Il cliente chiede di Bruno",
        })
      ).json().error.code,
    ).toBe("reason_required");
    const done = await as(agentToken)("PATCH", `/api/v1/tickets/${t.number}`, {
      assignee_id: ids.bruno,
      assignment_reason: "Solo Bruno conosce la fattura",
      assignment_source: "agent_judgement",
    });
    expect(done.statusCode).toBe(200);
    expect(done.json().assignee.id).toBe(ids.bruno);
    expect((await events(t.number)).find((e) => e.type === "assignment_override")).toMatchObject({
      actor: { name: "Paola Agente" },
      data: {
        from: null,
        to: ids.bruno,
        rule: "not_in_team",
        reason: "Solo Bruno conosce la fattura",
        source: "agent_judgement",
      },
    });
    const r = await report();
    expect(r.overrides.by_type).toEqual(expect.arrayContaining([{ key: "assignment_override", overrides: 1 }]));
    expect(r.overrides.by_source).toEqual(expect.arrayContaining([{ key: "agent_judgement", overrides: 1 }]));
    expect(r.overrides.by_requester).toEqual(expect.arrayContaining([{ key: "Paola Agente", overrides: 1 }]));
  });

  it("treats a first-line agent on a specialist ticket as outside the rules, even inside the team", async () => {
    const t = await newTicket("Serve uno specialista", ids.specialists);
    expect((await as(agentToken)("PATCH", `/api/v1/tickets/${t.number}`, { assignee_id: ids.sara })).statusCode).toBe(
      200,
    );
    const refused = await as(agentToken)("PATCH", `/api/v1/tickets/${t.number}`, { assignee_id: ids.anna });
    expect(refused.json().error.code).toBe("reason_required");
    expect(
      (
        await as(agentToken)("PATCH", `/api/v1/tickets/${t.number}`, {
          assignee_id: ids.anna,
          assignment_reason: "Guasto in corso, specialisti occupati",
          assignment_source: "incident",
        })
      ).statusCode,
    ).toBe(200);
    expect((await events(t.number)).find((e) => e.type === "assignment_override")).toMatchObject({
      data: { from: ids.sara, to: ids.anna, rule: "tier", source: "incident" },
    });
  });

  it("holds an agent's sales-sourced assignment outside the rules for a supervisor when they ask for it", async () => {
    await as(supervisorToken)("PUT", "/api/v1/overrides/settings", { sales_overrides_need_approval: true });
    const t = await newTicket("Cliente del commerciale", ids.front);
    const asked = await as(agentToken)("PATCH", `/api/v1/tickets/${t.number}`, {
      assignee_id: ids.bruno,
      assignment_reason: "Il commerciale vuole Bruno",
      assignment_source: "sales_request",
      tags: ["vip"],
    });
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toMatchObject({
      status: "pending",
      override: { kind: "assignment", change: { assignee_id: ids.bruno }, source: "sales_request" },
      ticket: { assignee: null, tags: ["vip"] },
    });
    // Inside the rules nothing waits, whatever the source.
    const inside = await newTicket("Commerciale dentro le regole", ids.front);
    expect(
      (
        await as(agentToken)("PATCH", `/api/v1/tickets/${inside.number}`, {
          assignee_id: ids.anna,
          assignment_reason: "Il commerciale vuole Anna",
          assignment_source: "sales_request",
        })
      ).statusCode,
    ).toBe(200);
    const approved = await as(supervisorToken)("POST", `/api/v1/overrides/${asked.json().override.id}/approve`);
    expect(approved.json()).toMatchObject({ status: "applied" });
    expect((await as(env.adminToken)("GET", `/api/v1/tickets/${t.number}`)).json().assignee.id).toBe(ids.bruno);
    expect((await events(t.number)).find((e) => e.type === "assignment_override")).toMatchObject({
      actor: { name: "Sergio Supervisore" },
      data: { source: "sales_request", requested_by: "Paola Agente" },
    });
    await as(supervisorToken)("PUT", "/api/v1/overrides/settings", { sales_overrides_need_approval: false });
  });
});
