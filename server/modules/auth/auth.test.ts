import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestEnv, testEnv } from "../../test/harness";

describe("sessions, CSRF and login throttling", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv("sqlite", { loginRateLimit: 5 });
  });
  afterAll(async () => env?.close());

  const login = (password: string, ip = "10.0.0.1", email = env.admin.email) =>
    env.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email, password },
      remoteAddress: ip,
    });

  it("sets an HttpOnly session cookie and hashes passwords with argon2id", async () => {
    const res = await login("correct horse battery", "10.0.0.2");
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === "sportello_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    const hash = (
      await env.rt.ctx.db
        .selectFrom("agents")
        .select("password_hash")
        .where("id", "=", env.admin.id)
        .executeTakeFirstOrThrow()
    ).password_hash;
    expect(hash).toMatch(/^\$argon2id\$/);
    const me = await env.app.inject({ method: "GET", url: "/api/v1/me", cookies: { sportello_session: cookie.value } });
    expect(me.json()).toMatchObject({ id: env.admin.id, csrf_token: res.json().csrf_token });
  });

  it("refuses cookie-authenticated writes without the CSRF token", async () => {
    const res = await login("correct horse battery", "10.0.0.3");
    const session = res.cookies.find((c) => c.name === "sportello_session")!.value;
    const body = { subject: "x", body_text: "y", requester: { email: "csrf@example.it" } };
    const without = await env.app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      cookies: { sportello_session: session },
      payload: body,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe("csrf_failed");
    const withToken = await env.app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      cookies: { sportello_session: session },
      headers: { "x-csrf-token": res.json().csrf_token },
      payload: body,
    });
    expect(withToken.statusCode).toBe(201);
    const out = await env.app.inject({
      method: "POST",
      url: "/api/v1/auth/logout",
      cookies: { sportello_session: session },
      headers: { "x-csrf-token": res.json().csrf_token },
    });
    expect(out.statusCode).toBe(200);
    expect(
      (await env.app.inject({ method: "GET", url: "/api/v1/me", cookies: { sportello_session: session } })).statusCode,
    ).toBe(401);
  });

  it("creates, lists and revokes personal API tokens, noting when each was last used", async () => {
    const admin = env.auth(env.adminToken);
    const made = await env.app.inject({
      method: "POST",
      url: "/api/v1/tokens",
      headers: admin,
      payload: { name: "ci" },
    });
    expect(made.statusCode).toBe(201);
    const { id, token } = made.json();
    expect(token).toMatch(/^spt_/);
    const listed = () =>
      env.app
        .inject({ method: "GET", url: "/api/v1/tokens", headers: admin })
        .then((r) => r.json().data as { id: number; name: string; last_used_at: string | null }[]);
    expect((await listed()).find((t) => t.id === id)).toMatchObject({ name: "ci", last_used_at: null });
    expect(JSON.stringify(await listed())).not.toContain(token);
    const away = await env.app.inject({
      method: "PATCH",
      url: "/api/v1/me",
      headers: env.auth(token),
      payload: { available: false },
    });
    expect(away.json()).toEqual({ available: false, time_zone: null, language: null });
    const patchMe = (payload: object) =>
      env.app.inject({ method: "PATCH", url: "/api/v1/me", headers: env.auth(token), payload });
    // The agent's own time zone and email language; a zone nobody knows is refused, nothing given too.
    expect((await patchMe({ time_zone: "America/Sao_Paulo", language: "en" })).json()).toEqual({
      available: false,
      time_zone: "America/Sao_Paulo",
      language: "en",
    });
    const wrongZone = await patchMe({ time_zone: "Mars/Olympus_Mons" });
    expect([wrongZone.statusCode, wrongZone.json().error.code]).toEqual([400, "invalid_timezone"]);
    expect((await patchMe({ language: "de" })).statusCode).toBe(400);
    expect((await patchMe({})).statusCode).toBe(400);
    const me = await env.app.inject({ method: "GET", url: "/api/v1/me", headers: env.auth(token) });
    expect(me.json()).toMatchObject({
      id: env.admin.id,
      available: false,
      time_zone: "America/Sao_Paulo",
      language: "en",
      csrf_token: null,
    });
    expect((await patchMe({ time_zone: null })).json()).toMatchObject({ time_zone: null, language: "en" });
    expect((await listed()).find((t) => t.id === id)?.last_used_at).toMatch(/^\d{4}-/);
    expect((await env.app.inject({ method: "DELETE", url: `/api/v1/tokens/${id}`, headers: admin })).statusCode).toBe(
      200,
    );
    expect((await env.app.inject({ method: "DELETE", url: `/api/v1/tokens/${id}`, headers: admin })).statusCode).toBe(
      404,
    );
    expect((await env.app.inject({ method: "GET", url: "/api/v1/me", headers: env.auth(token) })).statusCode).toBe(401);
    await env.app.inject({ method: "PATCH", url: "/api/v1/me", headers: admin, payload: { available: true } });
  });

  it("answers a wrong password with 401 and throttles repeated attempts with a JSON 429", async () => {
    const codes: number[] = [];
    // Other addresses each time: the per-account limit (limits.test.ts) is not what this tries.
    for (let i = 0; i < 7; i++)
      codes.push((await login("wrong password", "10.9.9.9", `guess${i}@example.it`)).statusCode);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const limited = await login("correct horse battery", "10.9.9.9");
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("rate_limited");
  });
});
