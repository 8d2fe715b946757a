import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "../../test/client";
import { DATABASES, metricsOf, type TestEnv, testEnv } from "../../test/harness";

describe.each(DATABASES)("customers, organizations, agents and teams on %s", (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(dialect);
  });
  afterAll(async () => env?.close());

  it("runs the whole CRUD cycle with clear conflicts", async () => {
    const api = apiClient(env);
    const org = await api.organizations.create({
      name: "Bar Centrale",
      plan_name: "Premium",
      plan_tier: 3,
      annual_revenue: 48000,
      account_owner_id: env.admin.id,
    });
    expect(org).toMatchObject({
      name: "Bar Centrale",
      support_plan: { name: "Premium", tier: 3 },
      account_owner_id: env.admin.id,
    });
    const cust = await api.customers.create({
      email: "Luca@BarCentrale.it",
      name: "Luca",
      language: "it",
      organization_id: org.id,
      external_id: "CRM-1",
    });
    expect(cust.email).toBe("luca@barcentrale.it");
    expect((await api.fail("POST", "/api/v1/customers", 409, { email: "luca@barcentrale.it" })).code).toBe(
      "email_taken",
    );
    expect((await api.fail("POST", "/api/v1/customers", 400, { email: "x@y.it", organization_id: 999999 })).code).toBe(
      "invalid_organization",
    );
    expect((await api.customers.update(cust.id, { phone: "+39 02 1234567" })).phone).toBe("+39 02 1234567");
    expect((await api.customers.list({ email: "luca@barcentrale.it" })).data).toHaveLength(1);
    expect((await api.fail("DELETE", `/api/v1/organizations/${org.id}`, 409)).code).toBe("has_customers");

    const agent = await api.agents.create({
      name: "Marco",
      email: "marco@example.it",
      role: "supervisor",
      tier: "specialist",
      languages: ["it", "en"],
      password: "a long password",
    });
    expect(agent).toMatchObject({ role: "supervisor", tier: "specialist", active: true });
    expect(agent).not.toHaveProperty("password_hash");
    const team = await api.teams.create({ name: "Tecnico", member_ids: [agent.id] });
    expect(team.member_ids).toEqual([agent.id]);
    expect((await api.fail("POST", "/api/v1/teams", 409, { name: "Tecnico" })).code).toBe("name_taken");
    expect((await api.fail("PATCH", `/api/v1/teams/${team.id}`, 400, { member_ids: [999999] })).code).toBe(
      "invalid_member",
    );
    expect((await api.agents.update(agent.id, { active: false })).active).toBe(false);
    expect(await api.teams.remove(team.id)).toEqual({ ok: true });

    const page1 = await api.agents.list({ limit: 1 });
    expect(page1.data).toHaveLength(1);
    const page2 = await api.agents.list({ limit: 1, cursor: page1.next_cursor ?? undefined });
    expect(page2.data[0].id).toBeGreaterThan(page1.data[0].id);
  });

  it("lists teams with each one's members in id order, page by page", async () => {
    const api = apiClient(env);
    const ids: number[] = [];
    for (const name of ["Anna", "Bruno", "Carla"])
      ids.push((await api.agents.create({ name, email: `${name.toLowerCase()}@teams.it` })).id);
    const a = await api.teams.create({ name: "Primo", member_ids: [ids[2], ids[0]] });
    const b = await api.teams.create({ name: "Secondo", member_ids: [ids[1]] });
    const c = await api.teams.create({ name: "Vuoto" });
    const all = (await api.teams.list({ limit: 200 })).data;
    const mine = all.filter((t) => [a.id, b.id, c.id].includes(t.id));
    expect(mine.map((t) => t.member_ids)).toEqual([[ids[0], ids[2]], [ids[1]], []]);
    const page1 = await api.teams.list({ limit: 1 });
    const page2 = await api.teams.list({ limit: 1, cursor: page1.next_cursor ?? undefined });
    expect(page2.data[0].id).toBeGreaterThan(page1.data[0].id);
    expect(await api.teams.get(a.id)).toMatchObject({ name: "Primo", member_ids: [ids[0], ids[2]] });
    expect((await api.fail("GET", "/api/v1/teams/999999", 404)).code).toBe("not_found");
  });

  it("publishes an OpenAPI 3.1 document and health endpoints", async () => {
    const doc = (await env.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/tickets",
        "/api/v1/tickets/{number}",
        "/api/v1/tickets/{number}/messages",
        "/api/v1/search",
        "/api/v1/customers",
        "/api/v1/organizations",
        "/api/v1/agents",
        "/api/v1/teams",
      ]),
    );
    expect(doc.paths["/api/v1/tickets"].post.requestBody.content["application/json"].schema.required).toEqual(
      expect.arrayContaining(["subject", "body_text", "requester"]),
    );
    expect((await env.app.inject({ method: "GET", url: "/api/docs" })).body).toContain("Sportello API");
    expect((await env.app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    expect((await env.app.inject({ method: "GET", url: "/readyz" })).json()).toEqual({ ok: true });
    const metrics = await metricsOf(env.app);
    expect(metrics).toContain("sportello_http_requests_total");
    expect(metrics).toContain("sportello_outbox_backlog");
  });
});

describe.each(DATABASES)("partial updates on %s", (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(dialect);
  });
  afterAll(async () => env?.close());
  const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
    env.app.inject({ method, url, payload, headers: env.auth(env.adminToken) });

  it("changes only the fields a PATCH names, never resetting the others to their defaults", async () => {
    const agent = (
      await call("POST", "/api/v1/agents", {
        name: "Rita",
        email: "rita@example.it",
        role: "supervisor",
        tier: "specialist",
        languages: ["en"],
        skills: ["macchine"],
      })
    ).json();
    const renamed = (await call("PATCH", `/api/v1/agents/${agent.id}`, { name: "Rita Bassi" })).json();
    expect(renamed).toMatchObject({
      name: "Rita Bassi",
      role: "supervisor",
      tier: "specialist",
      languages: ["en"],
      skills: ["macchine"],
      active: true,
    });
    const team = (
      await call("POST", "/api/v1/teams", {
        name: "Tecnici",
        member_ids: [agent.id],
        tier: "specialist",
        auto_assign: true,
        capacity: 4,
      })
    ).json();
    const team2 = (await call("PATCH", `/api/v1/teams/${team.id}`, { name: "Tecnici macchine" })).json();
    expect(team2).toMatchObject({
      name: "Tecnici macchine",
      member_ids: [agent.id],
      tier: "specialist",
      auto_assign: true,
      capacity: 4,
    });
    const cal = (await call("GET", "/api/v1/calendars")).json().data[0];
    const policy = (
      await call("POST", "/api/v1/sla/policies", {
        name: "Premium",
        plan_name: "Premium",
        priority: "high",
        calendar_id: cal.id,
        first_response_minutes: 60,
        pause_on_hold: true,
        warn_percent: 70,
        position: 5,
      })
    ).json();
    const policy2 = (await call("PATCH", `/api/v1/sla/policies/${policy.id}`, { name: "Premium alta" })).json();
    expect(policy2).toMatchObject({
      name: "Premium alta",
      plan_name: "Premium",
      priority: "high",
      first_response_minutes: 60,
      pause_on_hold: true,
      warn_percent: 70,
      position: 5,
    });
    expect((await call("PATCH", `/api/v1/sla/policies/${policy.id}`, {})).json().error.code).toBe("nothing_to_change");
  });
});
