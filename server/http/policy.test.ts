import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT_ROLES } from "../../shared/enums";
import { buildApp } from "../app";
import { PERMISSIONS } from "../policy";
import { buildAgent } from "../test/factories";
import { type TestEnv, testEnv, tokenFor } from "../test/harness";
import { undeclaredApiRoutes } from "../test/routes";

// Every route declares who may call it and which policy it checks, read back from Fastify's own route table;
// then each role is tried on each route.
describe("route policies", () => {
  let env: TestEnv;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    env = await testEnv("sqlite");
    for (const role of AGENT_ROLES)
      tokens[role] = await tokenFor(env, (await buildAgent(env.rt.ctx.db, env.workspaceId, { role })).id);
  });
  afterAll(async () => env?.close());

  it("every route Fastify registered under /api was declared through route() with an access and a policy", () => {
    const api = env.app.registeredRoutes.filter((r) => r.url.startsWith("/api/"));
    expect(api.length).toBeGreaterThan(30);
    expect(undeclaredApiRoutes(env.app.registeredRoutes)).toEqual([]);
    // The registry (OpenAPI, the role-by-role test below) says exactly what Fastify serves, HEAD aside.
    const served = api.filter((r) => r.method !== "HEAD").map((r) => `${r.method} ${r.url} ${r.declaration?.access}`);
    const listed = env.app.routeRegistry.map((r) => `${r.method} ${r.url} ${r.access}`);
    expect(listed.sort()).toEqual(served.sort());
  });

  it("reports a route under /api added beside route(), even inside a plugin, and one with an unknown policy", async () => {
    const app = await buildApp(env.rt.ctx);
    try {
      app.get("/api/v1/stray", async () => ({ ok: true }));
      app.route({
        method: "POST",
        url: "/api/v1/made-up",
        config: { declaration: { access: "agent", policy: "tickets.teleport" } },
        handler: async () => ({ ok: true }),
      });
      await app.register(async (child) => void child.delete("/:id", async () => ({ ok: true })), {
        prefix: "/api/v1/plugin",
      });
      app.get("/not-the-api", async () => ({ ok: true }));
      await app.ready();
      expect(undeclaredApiRoutes(app.registeredRoutes)).toEqual([
        "GET /api/v1/stray: not declared through route()",
        "HEAD /api/v1/stray: not declared through route()",
        "POST /api/v1/made-up: agent route without a known policy (tickets.teleport)",
        "DELETE /api/v1/plugin/:id: not declared through route()",
      ]);
    } finally {
      await app.close();
    }
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
