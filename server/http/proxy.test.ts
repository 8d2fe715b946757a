import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type App, buildApp } from "../app";
import { loadConfig } from "../config";
import { LOG_OPTIONS } from "../logger";
import { createRuntime, type Runtime } from "../runtime";
import { buildAgent, buildWorkspace } from "../test/factories";
import { freshDatabase, type TestEnv, testEnv } from "../test/harness";
import { createApiToken } from "../modules/auth/auth.service";

// Issue 21, findings 3 (whose X-Forwarded-For counts) and 9 (secrets and client values in logs).
describe("TRUST_PROXY", () => {
  const envs: TestEnv[] = [];
  afterAll(async () => {
    for (const env of envs) await env.close();
  });
  const envWith = async (overrides: Parameters<typeof testEnv>[1]) => {
    const env = await testEnv("sqlite", { loginRateLimit: 3, ...overrides }, { worker: false });
    envs.push(env);
    return env;
  };
  const login = (env: TestEnv, forwardedFor: string, remoteAddress = "203.0.113.7") =>
    env.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: `nobody-${forwardedFor}@example.it`, password: "wrong password" },
      headers: { "x-forwarded-for": forwardedFor },
      remoteAddress,
    });

  it("ignores X-Forwarded-For by default: a forged one does not lift the per-IP limit", async () => {
    const env = await envWith({});
    const codes: number[] = [];
    for (let i = 1; i <= 5; i++) codes.push((await login(env, `198.51.100.${i}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });

  it("reads X-Forwarded-For from the listed proxies only", async () => {
    const env = await envWith({ trustProxy: ["10.0.0.0/8"] });
    // Through the proxy: each forwarded client has its own allowance.
    const proxied: number[] = [];
    for (let i = 1; i <= 5; i++) proxied.push((await login(env, `198.51.100.${i}`, "10.1.1.1")).statusCode);
    expect(proxied).toEqual([401, 401, 401, 401, 401]);
    // Straight from the internet: the header is the sender's word only.
    const direct: number[] = [];
    for (let i = 1; i <= 5; i++) direct.push((await login(env, `192.0.2.${i}`, "203.0.113.9")).statusCode);
    expect(direct).toEqual([401, 401, 401, 429, 429]);
  });

  it("keeps a client's X-Request-Id only when well-formed and sent by a trusted proxy", async () => {
    const plain = await envWith({});
    const trusting = await envWith({ trustProxy: ["127.0.0.1"] });
    const idOf = async (env: TestEnv, id: string) =>
      (await env.app.inject({ method: "GET", url: "/healthz", headers: { "x-request-id": id } })).headers[
        "x-request-id"
      ];
    expect(await idOf(plain, "abc12345-proxy")).not.toBe("abc12345-proxy");
    expect(await idOf(trusting, "abc12345-proxy")).toBe("abc12345-proxy");
    for (const bad of ["short", "has spaces in it", "x".repeat(65), "inj\u2028ected-line"])
      expect(await idOf(trusting, bad)).toMatch(/^req-/);
  });
});

describe("logs", () => {
  let rt: Runtime;
  let app: App;
  let drop: () => Promise<void>;
  let token: string;
  const lines: string[] = [];
  beforeAll(async () => {
    const fresh = await freshDatabase("sqlite");
    drop = fresh.drop;
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = pino({ ...LOG_OPTIONS, level: "trace" }, sink);
    const config = loadConfig({ DATA_DIR: fresh.dataDir, SEED_DEMO: "never" });
    rt = await createRuntime(config, { log });
    app = await buildApp(rt.ctx);
    const ws = await buildWorkspace(rt.ctx.db, { name: "Logs" });
    const admin = await buildAgent(rt.ctx.db, ws.id, { role: "admin" });
    token = (await createApiToken(rt.ctx.db, ws.id, admin.id, "logs")).token;
    await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await app?.close();
    await rt?.close();
    await drop?.();
  });

  it("never writes a token: websocket ?token=, Authorization, cookies, sign-in links", async () => {
    const { port } = app.server.address() as { port: number };
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime?token=${token}`);
    await new Promise<void>((resolve, reject) => {
      socket.once("message", () => resolve());
      socket.once("error", reject);
    });
    socket.close();
    await app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization: `Bearer ${token}` } });
    await app.inject({ method: "GET", url: "/portal/sign-in?token=signin-secret-123&next=/portal" });
    // Whatever a module logs of a request's headers or a body is redacted too.
    rt.ctx.log.info({ req: { headers: { authorization: `Bearer ${token}`, cookie: "sportello_session=abc" } } }, "x");
    rt.ctx.log.info({ headers: { cookie: "sportello_session=cookie-secret" }, password: "hunter2-secret" }, "y");
    const text = lines.join("");
    expect(text).toContain("/api/v1/realtime?token=[redacted]");
    expect(text).toContain("/portal/sign-in?token=[redacted]&next=/portal");
    for (const secret of [token, "signin-secret-123", "sportello_session=abc", "cookie-secret", "hunter2-secret"])
      expect(text).not.toContain(secret);
  });
});
