import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent, buildCustomer, buildTeam } from "../../test/factories";
import { DIALECTS, type TestEnv, testEnv, waitFor } from "../../test/harness";

describe.each(DIALECTS)("tiers, escalation and automatic assignment on %s", (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(dialect);
  });
  afterAll(async () => env?.close());
  const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
    env.app.inject({ method, url, payload, headers: env.auth(env.adminToken) });
  const assigneeOf = async (number: number) =>
    (
      await env.rt.ctx.db
        .selectFrom("tickets")
        .select("assignee_id")
        .where("number", "=", number)
        .executeTakeFirstOrThrow()
    ).assignee_id;
  /** Waits until the outbox has been dispatched up to now, so the assignment listener has run. */
  const settled = () =>
    waitFor(
      async () =>
        !(await env.rt.ctx.db.selectFrom("outbox").select("id").where("dispatched_at", "is", null).executeTakeFirst()),
    );

  it("assigns round-robin among available agents with room, matching language, product area and tier", async () => {
    const db = env.rt.ctx.db;
    const anna = await buildAgent(db, env.workspaceId, { name: "Anna", languages: ["it", "en"] });
    const bruno = await buildAgent(db, env.workspaceId, { name: "Bruno", languages: ["it"], skills: ["macchine"] });
    const carla = await buildAgent(db, env.workspaceId, {
      name: "Carla",
      languages: ["it", "en"],
      skills: ["macchine"],
      available: false,
    });
    const team = await buildTeam(db, env.workspaceId, "Front RR", [anna.id, bruno.id, carla.id], {
      auto_assign: true,
      capacity: 3,
    });
    const it = await buildCustomer(db, env.workspaceId, { email: "it@rr.test", language: "it" });
    const en = await buildCustomer(db, env.workspaceId, { email: "en@rr.test", language: "en" });
    const create = async (email: string, tags: string[] = []) => {
      const r = await call("POST", "/api/v1/tickets", {
        subject: "RR",
        body_text: "x",
        requester: { email },
        team_id: team.id,
        tags,
      });
      expect(r.statusCode).toBe(201);
      await settled();
      return r.json().number as number;
    };
    const got: (number | null)[] = [];
    got.push(await assigneeOf(await create(en.email))); // only Anna speaks English
    got.push(await assigneeOf(await create(it.email))); // Bruno has had none yet
    got.push(await assigneeOf(await create(it.email, ["macchine", "vip"]))); // product area: only Bruno ("vip" is nobody's skill)
    got.push(await assigneeOf(await create(it.email))); // Anna got one longest ago
    got.push(await assigneeOf(await create(it.email))); // Bruno: his third, the capacity
    got.push(await assigneeOf(await create(it.email))); // Anna: her third
    const waiting = await create(it.email); // everyone available is full; Carla is away
    expect(got).toEqual([anna.id, bruno.id, bruno.id, anna.id, bruno.id, anna.id]);
    expect(await assigneeOf(waiting)).toBeNull();
    const events = (await call("GET", `/api/v1/tickets/${waiting - 1}/events`)).json().data;
    expect(events.find((e: { type: string }) => e.type === "auto_assigned")).toMatchObject({
      actor: { type: "system" },
      data: { agent_id: anna.id, rule: "round_robin", capacity: 3 },
    });
    // A team without automatic assignment leaves its tickets to the queue.
    await call("PATCH", `/api/v1/teams/${team.id}`, { auto_assign: false, capacity: 10 });
    expect(await assigneeOf(await create(it.email))).toBeNull();
  });

  it("escalates only with a known reason code and a note, hands over to the specialist team and back", async () => {
    const db = env.rt.ctx.db;
    const dave = await buildAgent(db, env.workspaceId, { name: "Dave Specialist", tier: "specialist" });
    const elena = await buildAgent(db, env.workspaceId, { name: "Elena First", tier: "first_line" });
    const front = await buildTeam(db, env.workspaceId, "Front ESC", [elena.id]);
    const specialists = await buildTeam(db, env.workspaceId, "Specialisti", [dave.id, elena.id], {
      tier: "specialist",
      auto_assign: true,
    });
    const created = await call("POST", "/api/v1/tickets", {
      subject: "La macchina non scalda",
      body_text: "x",
      requester: { email: "esc@example.test" },
      team_id: front.id,
      assignee_id: elena.id,
    });
    const n = created.json().number;
    expect(created.json().tier).toBe("first_line");

    expect(
      (await call("POST", `/api/v1/tickets/${n}/escalate`, { reason_code: "bug", note: "" })).json().error.code,
    ).toBe("validation_error");
    expect(
      (await call("POST", `/api/v1/tickets/${n}/escalate`, { reason_code: "bug", note: "Serve un tecnico" })).json()
        .error.code,
    ).toBe("invalid_reason_code");
    expect(
      (await call("POST", "/api/v1/escalation-reasons", { code: "bug", label: "Guasto da analizzare" })).statusCode,
    ).toBe(201);
    expect((await call("POST", "/api/v1/escalation-reasons", { code: "bug", label: "doppio" })).statusCode).toBe(409);

    const up = await call("POST", `/api/v1/tickets/${n}/escalate`, {
      reason_code: "bug",
      note: "Resistenza sostituita la settimana scorsa, serve un tecnico",
    });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ tier: "specialist", team: { id: specialists.id }, assignee: null });
    expect(
      (await call("POST", `/api/v1/tickets/${n}/escalate`, { reason_code: "bug", note: "di nuovo" })).json().error.code,
    ).toBe("already_escalated");
    // The specialist team assigns automatically, and only to a specialist.
    await settled();
    expect(await assigneeOf(n)).toBe(dave.id);
    const thread = (await call("GET", `/api/v1/tickets/${n}/messages`)).json().data;
    expect(thread.at(-1)).toMatchObject({
      internal: true,
      body_text: "[Guasto da analizzare] Resistenza sostituita la settimana scorsa, serve un tecnico",
    });
    const events = (await call("GET", `/api/v1/tickets/${n}/events`)).json().data;
    expect(events.find((e: { type: string }) => e.type === "escalated")).toMatchObject({
      actor: { type: "agent" },
      data: { reason_code: "bug", from_team_id: front.id, to_team_id: specialists.id, from_assignee_id: elena.id },
    });

    // While with specialists, a first-line agent's Next up does not show it; a specialist's does.
    await call("PATCH", `/api/v1/teams/${specialists.id}`, { auto_assign: false });
    await call("PATCH", `/api/v1/tickets/${n}`, { assignee_id: null });
    const queueOf = async (agentId: number) => {
      const { tokenFor } = await import("../../test/harness");
      const r = await env.app.inject({
        method: "GET",
        url: "/api/v1/queue?limit=200",
        headers: env.auth(await tokenFor(env, agentId)),
      });
      return (r.json().data as { number: number }[]).map((x) => x.number);
    };
    expect(await queueOf(elena.id)).not.toContain(n);
    expect(await queueOf(dave.id)).toContain(n);

    const down = await call("POST", `/api/v1/tickets/${n}/de-escalate`, {
      note: "Tecnico fissato per giovedì",
      team_id: front.id,
    });
    expect(down.json()).toMatchObject({ tier: "first_line", team: { id: front.id } });
    expect((await call("POST", `/api/v1/tickets/${n}/de-escalate`, { note: "ancora" })).json().error.code).toBe(
      "not_escalated",
    );
  });
});
