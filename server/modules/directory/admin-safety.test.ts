import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent } from "../../test/factories";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";

// Safe administration: an agent is made an agent unless a role is chosen, nobody deactivates themselves, and the
// workspace never loses its last active admin.
describe.each(DATABASES)("agents an admin cannot lock out on %s", (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(dialect, {}, { worker: false });
  });
  afterAll(async () => env?.close());

  const call = (method: "POST" | "PATCH", url: string, payload: object, token = env.adminToken) =>
    env.app.inject({ method, url, payload, headers: env.auth(token) });

  it("creates an agent, not an admin, when no role is given", async () => {
    const res = await call("POST", "/api/v1/agents", { name: "Nuovo Arrivo", email: "nuovo@example.it" });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ role: "agent", languages: ["it"] });
  });

  it("refuses to deactivate oneself, and to deactivate or demote the last active admin", async () => {
    const self = await call("PATCH", `/api/v1/agents/${env.admin.id}`, { active: false });
    expect([self.statusCode, self.json().error.code, self.json().error.details]).toEqual([
      409,
      "cannot_deactivate_self",
      { field: "active" },
    ]);
    // Another admin, demoted to supervisor: the first is the last admin, who may not be demoted.
    const other = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "admin", name: "Bruno Admin" });
    const bruno = await tokenFor(env, other.id);
    expect((await call("PATCH", `/api/v1/agents/${other.id}`, { role: "supervisor" })).statusCode).toBe(200);
    const lastDemote = await call("PATCH", `/api/v1/agents/${env.admin.id}`, { role: "agent" });
    expect([lastDemote.statusCode, lastDemote.json().error.code]).toEqual([409, "last_admin"]);
    // With a second admin again, one may deactivate the other; the one left cannot deactivate themselves.
    expect((await call("PATCH", `/api/v1/agents/${other.id}`, { role: "admin" })).statusCode).toBe(200);
    expect((await call("PATCH", `/api/v1/agents/${env.admin.id}`, { active: false }, bruno)).statusCode).toBe(200);
    const alone = await call("PATCH", `/api/v1/agents/${other.id}`, { active: false }, bruno);
    expect(alone.json().error.code).toBe("cannot_deactivate_self");
  });
});
