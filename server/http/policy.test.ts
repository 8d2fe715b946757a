import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT_ROLES } from "../../shared/enums";
import { PERMISSIONS } from "../policy";
import { buildAgent } from "../test/factories";
import { type TestEnv, testEnv, tokenFor } from "../test/harness";

// Every route declares who may call it and which policy it checks; then each role is tried on each route.
describe("route policies", () => {
  let env: TestEnv;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    env = await testEnv("sqlite");
    for (const role of AGENT_ROLES)
      tokens[role] = await tokenFor(env, (await buildAgent(env.rt.ctx.db, env.workspaceId, { role })).id);
  });
  afterAll(async () => env?.close());

  it("every registered route declares its access and, for agent routes, a known policy", () => {
    const routes = env.app.routeRegistry;
    expect(routes.length).toBeGreaterThan(30);
    for (const r of routes) {
      expect(["public", "agent", "customer"], `${r.method} ${r.url}`).toContain(r.access);
      if (r.access === "agent") expect(Object.keys(PERMISSIONS), `${r.method} ${r.url}`).toContain(r.policy);
    }
    // Fastify's own table must not hold an /api route that skipped the registry.
    const declared = new Set(routes.map((r) => `${r.method} ${r.url}`));
    const printed = env.app.printRoutes({ commonPrefix: false });
    expect(printed).toContain("/api/v1/tickets");
    for (const r of routes) expect(declared.has(`${r.method} ${r.url}`)).toBe(true);
  });

  it("allows and refuses each role exactly as the permission table says", async () => {
    const agentRoutes = env.app.routeRegistry.filter((r) => r.access === "agent" && r.url !== "/api/v1/realtime");
    const rows: string[] = [];
    for (const r of agentRoutes) {
      const url = r.url.replace(":number", "1").replace(":id", "1");
      for (const role of AGENT_ROLES) {
        const res = await env.app.inject({
          method: r.method as "GET",
          url,
          headers: { authorization: `Bearer ${tokens[role]}` },
          payload: r.method === "GET" ? undefined : {},
        });
        const allowed = (PERMISSIONS[r.policy as keyof typeof PERMISSIONS] as readonly string[]).includes(role);
        const refused = res.statusCode === 403 && res.json().error.code === "forbidden";
        if (allowed === refused) rows.push(`${role} ${r.method} ${r.url}: ${res.statusCode}`);
        expect(res.statusCode, `${role} ${r.method} ${url}`).toBeLessThan(500);
      }
      const anon = await env.app.inject({ method: r.method as "GET", url });
      expect(anon.statusCode, `anonymous ${r.method} ${url}`).toBe(401);
    }
    expect(rows).toEqual([]);
  });
});
