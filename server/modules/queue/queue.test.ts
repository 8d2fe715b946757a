import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent, buildCustomer, buildOrganization, buildTeam } from "../../test/factories";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";

describe.each(DATABASES)("Next up and Get next on %s", (mode) => {
  let env: TestEnv;
  let anna: string;
  let bruno: string;
  const numbers: Record<string, number> = {};

  beforeAll(async () => {
    env = await testEnv(mode, {}, { worker: false });
    const db = env.rt.ctx.db;
    const a = await buildAgent(db, env.workspaceId, { name: "Anna", languages: ["it"] });
    const b = await buildAgent(db, env.workspaceId, { name: "Bruno", languages: ["it"] });
    const team = await buildTeam(db, env.workspaceId, "Assistenza", [a.id, b.id]);
    const other = await buildTeam(db, env.workspaceId, "Tecnico", []);
    anna = await tokenFor(env, a.id);
    bruno = await tokenFor(env, b.id);
    // A plan with a tighter promise on a round-the-clock calendar: its tickets are due first.
    const allDay = [{ start: "00:00", end: "24:00" }];
    const cal = await env.app.inject({
      method: "POST",
      url: "/api/v1/calendars",
      headers: env.auth(env.adminToken),
      payload: {
        name: "24/7",
        country: null,
        weekly: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, allDay])),
      },
    });
    await env.app.inject({
      method: "POST",
      url: "/api/v1/sla/policies",
      headers: env.auth(env.adminToken),
      payload: {
        name: "Premium",
        plan_name: "Premium",
        calendar_id: cal.json().id,
        first_response_minutes: 30,
        resolution_minutes: 240,
        position: 1,
      },
    });
    const premium = await buildOrganization(db, env.workspaceId, { name: "Bar", plan_name: "Premium" });
    await buildCustomer(db, env.workspaceId, { email: "vip@bar.it", language: "it", organization_id: premium.id });
    await buildCustomer(db, env.workspaceId, { email: "john@uk.co", language: "en" });
    const create = async (key: string, payload: object) => {
      const r = await env.app.inject({
        method: "POST",
        url: "/api/v1/tickets",
        headers: env.auth(env.adminToken),
        payload: { subject: key, body_text: key, ...payload },
      });
      if (r.statusCode !== 201) throw new Error(`${key}: ${r.body}`);
      numbers[key] = r.json().number;
    };
    await create("old-standard", { requester: { email: "uno@example.it" }, team_id: team.id });
    await create("premium", { requester: { email: "vip@bar.it" }, team_id: team.id });
    await create("no-team", { requester: { email: "due@example.it" } });
    await create("other-team", { requester: { email: "tre@example.it" }, team_id: other.id });
    await create("english", { requester: { email: "john@uk.co" }, team_id: team.id });
    await create("assigned", { requester: { email: "quattro@example.it" }, team_id: team.id, assignee_id: a.id });
  });
  afterAll(async () => env?.close());

  it("orders the agent's queue by earliest SLA deadline, then age, for their teams and languages", async () => {
    const queue = (await env.app.inject({ method: "GET", url: "/api/v1/queue", headers: env.auth(anna) }))
      .json()
      .data.map((t: { subject: string }) => t.subject);
    expect(queue).toEqual(["premium", "old-standard", "no-team"]);
  });

  it("Get next gives two agents asking at once two different tickets", async () => {
    const [x, y] = await Promise.all([
      env.app.inject({ method: "POST", url: "/api/v1/queue/next", headers: env.auth(anna) }),
      env.app.inject({ method: "POST", url: "/api/v1/queue/next", headers: env.auth(bruno) }),
    ]);
    expect([x.statusCode, y.statusCode]).toEqual([200, 200]);
    expect(new Set([x.json().number, y.json().number])).toEqual(new Set([numbers.premium, numbers["old-standard"]]));
    expect(x.json().assignee.name).not.toBe(y.json().assignee.name);
    expect(
      (await env.app.inject({ method: "POST", url: "/api/v1/queue/next", headers: env.auth(anna) })).json().number,
    ).toBe(numbers["no-team"]);
    const empty = await env.app.inject({ method: "POST", url: "/api/v1/queue/next", headers: env.auth(bruno) });
    expect(empty.statusCode).toBe(404);
    expect(empty.json().error.code).toBe("queue_empty");
  });
});
