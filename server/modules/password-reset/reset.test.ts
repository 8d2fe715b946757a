import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, type TestEnv, testEnv } from "../../test/harness";
import { resetToken } from "./reset.service";

// Password reset by email: a link in a captured (or sent) email, good once and for an hour, a strong password,
// every session ended; nobody learns whether an address is an agent's, and an address gets three emails an hour.
describe.each(DATABASES)("password reset on %s", (mode) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(mode, {}, { worker: false });
  });
  afterAll(async () => env?.close());

  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    env.app.inject({ method: "POST", url, payload, headers });
  const resetMails = () =>
    env.rt.ctx.db.selectFrom("mail_outbox").selectAll().where("kind", "=", "password_reset").orderBy("id").execute();
  const tokenIn = (body: string) => /token=([A-Za-z0-9_-]+)/.exec(body)![1];

  it("emails a link that sets a strong password once, and signs the agent out everywhere", async () => {
    const login = await post("/api/v1/auth/login", { email: env.admin.email, password: "correct horse battery" });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === "sportello_session")!.value;
    const asked = await post("/api/v1/auth/password-reset", { email: env.admin.email.toUpperCase() });
    expect(asked.json()).toEqual({ ok: true });
    const [mail] = await resetMails();
    expect(mail).toMatchObject({ to_address: env.admin.email, status: "captured" });
    expect(mail.body_text).toContain(`${env.config.publicUrl}/reset-password?token=`);
    const token = tokenIn(mail.body_text);
    const weak = await post("/api/v1/auth/password-reset/confirm", { token, password: "password123" });
    expect([weak.statusCode, weak.json().error.code]).toEqual([400, "weak_password"]);
    const done = await post("/api/v1/auth/password-reset/confirm", { token, password: "viola tramonto lanterna 42" });
    expect(done.json()).toEqual({ ok: true });
    // The old session is over, the new password works, the old one does not, and the link is spent.
    const me = await env.app.inject({ method: "GET", url: "/api/v1/me", cookies: { sportello_session: cookie } });
    expect(me.statusCode).toBe(401);
    expect(
      (await post("/api/v1/auth/login", { email: env.admin.email, password: "viola tramonto lanterna 42" })).statusCode,
    ).toBe(200);
    expect(
      (await post("/api/v1/auth/login", { email: env.admin.email, password: "correct horse battery" })).statusCode,
    ).toBe(401);
    const again = await post("/api/v1/auth/password-reset/confirm", { token, password: "un'altra frase lunga 7" });
    expect([again.statusCode, again.json().error.code]).toEqual([400, "invalid_reset_token"]);
  });

  it("answers the same for an unknown address, refuses forged and expired tokens, and limits emails", async () => {
    const before = (await resetMails()).length;
    expect((await post("/api/v1/auth/password-reset", { email: "nobody@example.it" })).json()).toEqual({ ok: true });
    expect(await resetMails()).toHaveLength(before);
    const forged = Buffer.from(JSON.stringify({ a: env.admin.id, e: Date.now() + 60_000, f: "x" })).toString(
      "base64url",
    );
    for (const token of [forged, "A".repeat(40)]) {
      const r = await post("/api/v1/auth/password-reset/confirm", { token, password: "viola tramonto lanterna 43" });
      expect([r.statusCode, r.json().error.code]).toEqual([400, "invalid_reset_token"]);
    }
    const agent = await env.rt.ctx.db
      .selectFrom("agents")
      .select(["id", "password_hash"])
      .where("id", "=", env.admin.id)
      .executeTakeFirstOrThrow();
    const expired = resetToken(env.rt.ctx, agent, Date.now() - 2 * 3_600_000);
    const r = await post("/api/v1/auth/password-reset/confirm", {
      token: expired,
      password: "viola tramonto lanterna 44",
    });
    expect(r.json().error.code).toBe("invalid_reset_token");
    for (let i = 0; i < 4; i++) await post("/api/v1/auth/password-reset", { email: env.admin.email });
    // One was sent in the first test: two more this hour, then none.
    expect((await resetMails()).length).toBe(3);
  });
});
