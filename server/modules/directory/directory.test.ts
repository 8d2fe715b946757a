import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, databaseOf, type TestEnv, testEnv } from "../../test/harness";

describe.each(DATABASES)("customers, organizations, agents and teams on %s", (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(dialect);
  });
  afterAll(async () => env?.close());
  const call = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object) =>
    env.app.inject({ method, url, payload, headers: env.auth(env.adminToken) });

  it("runs the whole CRUD cycle with clear conflicts", async () => {
    const org = await call("POST", "/api/v1/organizations", {
      name: "Bar Centrale",
      plan_name: "Premium",
      plan_tier: 3,
      annual_revenue: 48000,
      account_owner_id: env.admin.id,
    });
    expect(org.statusCode).toBe(201);
    expect(org.json()).toMatchObject({
      name: "Bar Centrale",
      support_plan: { name: "Premium", tier: 3 },
      account_owner_id: env.admin.id,
    });
    const cust = await call("POST", "/api/v1/customers", {
      email: "Luca@BarCentrale.it",
      name: "Luca",
      language: "it",
      organization_id: org.json().id,
      external_id: "CRM-1",
    });
    expect(cust.statusCode).toBe(201);
    expect(cust.json().email).toBe("luca@barcentrale.it");
    expect((await call("POST", "/api/v1/customers", { email: "luca@barcentrale.it" })).json().error.code).toBe(
      "email_taken",
    );
    expect(
      (await call("POST", "/api/v1/customers", { email: "x@y.it", organization_id: 999999 })).json().error.code,
    ).toBe("invalid_organization");
    expect((await call("PATCH", `/api/v1/customers/${cust.json().id}`, { phone: "+39 02 1234567" })).json().phone).toBe(
      "+39 02 1234567",
    );
    expect((await call("GET", "/api/v1/customers?email=luca@barcentrale.it")).json().data).toHaveLength(1);
    expect((await call("DELETE", `/api/v1/organizations/${org.json().id}`)).json().error.code).toBe("has_customers");

    const agent = await call("POST", "/api/v1/agents", {
      name: "Marco",
      email: "marco@example.it",
      role: "supervisor",
      tier: "specialist",
      languages: ["it", "en"],
      password: "a long password",
    });
    expect(agent.statusCode).toBe(201);
    expect(agent.json()).toMatchObject({ role: "supervisor", tier: "specialist", active: true });
    expect(agent.json()).not.toHaveProperty("password_hash");
    const team = await call("POST", "/api/v1/teams", { name: "Tecnico", member_ids: [agent.json().id] });
    expect(team.json().member_ids).toEqual([agent.json().id]);
    expect((await call("POST", "/api/v1/teams", { name: "Tecnico" })).statusCode).toBe(409);
    expect((await call("PATCH", `/api/v1/teams/${team.json().id}`, { member_ids: [999999] })).json().error.code).toBe(
      "invalid_member",
    );
    const off = await call("PATCH", `/api/v1/agents/${agent.json().id}`, { active: false });
    expect(off.json().active).toBe(false);
    expect((await call("DELETE", `/api/v1/teams/${team.json().id}`)).statusCode).toBe(200);

    const page1 = await call("GET", "/api/v1/agents?limit=1");
    expect(page1.json().data).toHaveLength(1);
    const page2 = await call("GET", `/api/v1/agents?limit=1&cursor=${page1.json().next_cursor}`);
    expect(page2.json().data[0].id).toBeGreaterThan(page1.json().data[0].id);
  });

  it("lists teams with each one's members in id order, page by page", async () => {
    const ids: number[] = [];
    for (const name of ["Anna", "Bruno", "Carla"])
      ids.push((await call("POST", "/api/v1/agents", { name, email: `${name.toLowerCase()}@teams.it` })).json().id);
    const a = (await call("POST", "/api/v1/teams", { name: "Primo", member_ids: [ids[2], ids[0]] })).json();
    const b = (await call("POST", "/api/v1/teams", { name: "Secondo", member_ids: [ids[1]] })).json();
    const c = (await call("POST", "/api/v1/teams", { name: "Vuoto" })).json();
    const all = (await call("GET", "/api/v1/teams?limit=200")).json().data as { id: number; member_ids: number[] }[];
    const mine = all.filter((t) => [a.id, b.id, c.id].includes(t.id));
    expect(mine.map((t) => t.member_ids)).toEqual([[ids[0], ids[2]], [ids[1]], []]);
    const page1 = (await call("GET", "/api/v1/teams?limit=1")).json();
    const page2 = (await call("GET", `/api/v1/teams?limit=1&cursor=${page1.next_cursor}`)).json();
    expect(page2.data[0].id).toBeGreaterThan(page1.data[0].id);
    expect((await call("GET", `/api/v1/teams/${a.id}`)).json()).toMatchObject({
      name: "Primo",
      member_ids: [ids[0], ids[2]],
    });
    expect((await call("GET", "/api/v1/teams/999999")).statusCode).toBe(404);
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
    expect((await env.app.inject({ method: "GET", url: "/readyz" })).json()).toMatchObject({
      ok: true,
      database: databaseOf(dialect),
    });
    const metrics = (await env.app.inject({ method: "GET", url: "/metrics" })).body;
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
