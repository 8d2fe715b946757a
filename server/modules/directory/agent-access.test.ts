import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent } from "../../test/factories";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";

// Issue 21, finding 5: a new password ends the agent's other sessions (and, when asked, their API tokens);
// deactivating an agent ends both at once.
describe.each(DATABASES)("sessions and tokens after a password change on %s", (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(dialect);
  });
  afterAll(async () => env?.close());

  const login = async (email: string, password: string, ip: string) => {
    const res = await env.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email, password },
      remoteAddress: ip,
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === "sportello_session")!.value;
    return { cookie, headers: { cookie: `sportello_session=${cookie}`, "x-csrf-token": res.json().csrf_token } };
  };
  const me = async (headers: Record<string, string>) =>
    (await env.app.inject({ method: "GET", url: "/api/v1/me", headers })).statusCode;
  const patchAgent = (headers: Record<string, string>, id: number, payload: object) =>
    env.app.inject({ method: "PATCH", url: `/api/v1/agents/${id}`, headers, payload });

  it("ends the other sessions of an agent who changes their password, keeps this one, and revokes tokens on request", async () => {
    const password = "Ginepro-Vetta-7291-Lago";
    const ada = await buildAgent(env.rt.ctx.db, env.workspaceId, {
      role: "admin",
      email: "ada2@example.test",
      password,
    });
    const here = await login("ada2@example.test", password, "10.1.0.1");
    const elsewhere = await login("ada2@example.test", password, "10.1.0.2");
    const token = env.auth(await tokenFor(env, ada.id));

    const changed = await patchAgent(here.headers, ada.id, { password: "Castagno-Brina-4418-Valle" });
    expect(changed.statusCode).toBe(200);
    expect(await me(here.headers)).toBe(200);
    expect(await me(elsewhere.headers)).toBe(401);
    expect(await me(token)).toBe(200);

    const again = await patchAgent(here.headers, ada.id, { password: "Salice-Nebbia-3307-Fiume", revoke_tokens: true });
    expect(again.statusCode).toBe(200);
    expect(await me(token)).toBe(401);
    expect(await me(here.headers)).toBe(200);
  });

  it("ends every session of an agent whose password an admin resets", async () => {
    const password = "Ontano-Piana-8812-Colle";
    const bea = await buildAgent(env.rt.ctx.db, env.workspaceId, { email: "bea@example.test", password });
    const s = await login("bea@example.test", password, "10.2.0.1");
    const admin = env.auth(env.adminToken);
    expect((await patchAgent(admin, bea.id, { password: "Betulla-Grotta-5520-Mare" })).statusCode).toBe(200);
    expect(await me(s.headers)).toBe(401);
  });

  it("ends sessions and tokens at once when an agent is deactivated, for good", async () => {
    const password = "Frassino-Cima-6643-Rivo";
    const carlo = await buildAgent(env.rt.ctx.db, env.workspaceId, { email: "carlo@example.test", password });
    const s = await login("carlo@example.test", password, "10.3.0.1");
    const token = env.auth(await tokenFor(env, carlo.id));
    const admin = env.auth(env.adminToken);
    expect((await patchAgent(admin, carlo.id, { active: false })).statusCode).toBe(200);
    expect(await me(s.headers)).toBe(401);
    expect(await me(token)).toBe(401);
    // Back at work: the old token does not come back with them.
    expect((await patchAgent(admin, carlo.id, { active: true })).statusCode).toBe(200);
    expect(await me(token)).toBe(401);
    expect(await me(s.headers)).toBe(401);
  });
});
