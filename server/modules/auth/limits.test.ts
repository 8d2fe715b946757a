import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent } from "../../test/factories";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";

// Issue 21, finding 3: wrong passwords are limited per account, not only per IP.
describe.each(DATABASES)("sign-in limits per account on %s", (mode) => {
  let env: TestEnv;
  let agent: Awaited<ReturnType<typeof buildAgent>>;
  const password = "a correct and long passphrase";
  beforeAll(async () => {
    // The per-IP limit out of the way: every attempt below comes from another address anyway.
    env = await testEnv(mode, { loginRateLimit: 1000, loginLockFailures: 10 }, { worker: false });
    agent = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent", password });
  });
  afterAll(async () => env?.close());

  let ipCounter = 0;
  const login = (email: string, pw: string) =>
    env.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email, password: pw },
      remoteAddress: `198.51.100.${++ipCounter % 250}`,
    });
  /** The delay between attempts, pulled forward as if the attacker had waited it out. */
  const waitOutDelay = () => env.rt.ctx.db.updateTable("login_attempts").set({ delay_until: 0 }).execute();
  const audit = () =>
    env.rt.ctx.db.selectFrom("audit_events").selectAll().where("agent_id", "=", agent.id).orderBy("id").execute();

  it("delays the attempts after a few wrong passwords, refusing even the right one unchecked", async () => {
    expect((await login(agent.email, "wrong one")).statusCode).toBe(401);
    expect((await login(agent.email, "wrong two")).statusCode).toBe(401);
    expect((await login(agent.email, "wrong three")).statusCode).toBe(401);
    const delayed = await login(agent.email, password);
    expect(delayed.statusCode).toBe(429);
    expect(delayed.json().error).toMatchObject({ code: "login_delayed", details: { retry_after_seconds: 1 } });
    await waitOutDelay();
    expect((await login(agent.email, password)).statusCode).toBe(200);
  });

  it("locks the account after ten wrong passwords, the right one included, and records it", async () => {
    for (let i = 0; i < 10; i++) {
      await waitOutDelay();
      expect((await login(agent.email, `wrong ${i}`)).statusCode).toBe(401);
    }
    await waitOutDelay();
    const locked = await login(agent.email, password);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe("account_locked");
    expect(locked.json().error.details.retry_after_seconds).toBeGreaterThan(14 * 60);
    const events = await audit();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "login.locked", actor_agent_id: null, workspace_id: env.workspaceId });
    expect(events[0]!.ip).toMatch(/^198\.51\.100\./);
  });

  it("lets an admin lift the lock, not an agent, and records who did", async () => {
    const other = await tokenFor(env, (await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent" })).id);
    const url = `/api/v1/agents/${agent.id}/unlock`;
    expect((await env.app.inject({ method: "POST", url, headers: env.auth(other) })).statusCode).toBe(403);
    const res = await env.app.inject({ method: "POST", url, headers: env.auth(env.adminToken) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ unlocked: true });
    expect((await login(agent.email, password)).statusCode).toBe(200);
    expect((await audit()).map((e) => [e.action, e.actor_agent_id])).toEqual([
      ["login.locked", null],
      ["login.unlocked", env.admin.id],
    ]);
    // The trail through the API, for admins only.
    const trail = await env.app.inject({
      method: "GET",
      url: "/api/v1/audit-events",
      headers: env.auth(env.adminToken),
    });
    expect(trail.json().data.map((e: { action: string; agent_id: number }) => [e.action, e.agent_id])).toEqual([
      ["login.unlocked", agent.id],
      ["login.locked", agent.id],
    ]);
    expect(
      (await env.app.inject({ method: "GET", url: "/api/v1/audit-events", headers: env.auth(other) })).statusCode,
    ).toBe(403);
    expect(
      (await env.app.inject({ method: "POST", url: "/api/v1/agents/999999/unlock", headers: env.auth(env.adminToken) }))
        .statusCode,
    ).toBe(404);
  });

  it("locks an unknown address the same way, so a lock says nothing about who has an account", async () => {
    for (let i = 0; i < 10; i++) {
      await waitOutDelay();
      await login("nobody-here@example.it", `wrong ${i}`);
    }
    await waitOutDelay();
    const res = await login("nobody-here@example.it", "anything at all");
    expect(res.statusCode).toBe(423);
    expect(res.json().error.code).toBe("account_locked");
  });

  it("lets the account try again once the lock is over", async () => {
    for (let i = 0; i < 10; i++) {
      await waitOutDelay();
      await login(agent.email, `wrong ${i}`);
    }
    await env.rt.ctx.db
      .updateTable("login_attempts")
      .set({ locked_until: Date.now() - 1 })
      .execute();
    expect((await login(agent.email, password)).statusCode).toBe(200);
  });
});
