import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenMetrics } from "./metrics";
import { METRICS_TEST_TOKEN, type TestEnv, testEnv } from "../test/harness";

// /healthz and /readyz are open to anyone, /metrics only to the scraper (issue 21, finding 13).
describe("operations endpoints", () => {
  const envs: TestEnv[] = [];
  afterAll(async () => {
    for (const env of envs) await env.close();
  });
  const envWith = async (overrides: Parameters<typeof testEnv>[1]) => {
    const env = await testEnv("sqlite", overrides, { worker: false });
    envs.push(env);
    return env;
  };

  let off: TestEnv;
  beforeAll(async () => {
    off = await envWith({ metricsToken: null });
  });

  it("has no /metrics without METRICS_TOKEN or METRICS_ADDRESS", async () => {
    const res = await off.app.inject({ method: "GET", url: "/metrics" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: "not_found" } });
    // Nothing is counted for nobody: no registry, and the SMTP counters count nothing.
    expect(off.app.metricsRegistry).toBeNull();
    expect(off.rt.ctx.metrics.registry).toBeNull();
  });

  it("answers /healthz and /readyz with nothing about the installation", async () => {
    const health = await off.app.inject({ method: "GET", url: "/healthz" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ ok: true });
    const ready = await off.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ok: true });
  });

  it("asks for the bearer token when METRICS_TOKEN is set", async () => {
    const env = await envWith({ metricsToken: METRICS_TEST_TOKEN });
    for (const authorization of [undefined, "Bearer wrong-token", `Basic ${METRICS_TEST_TOKEN}`]) {
      const res = await env.app.inject({
        method: "GET",
        url: "/metrics",
        headers: authorization ? { authorization } : {},
      });
      expect(res.statusCode).toBe(401);
      expect(res.body).not.toContain("sportello_");
    }
    const ok = await env.app.inject({
      method: "GET",
      url: "/metrics",
      headers: { authorization: `Bearer ${METRICS_TEST_TOKEN}` },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain("sportello_http_requests_total");
  });

  it("serves /metrics only on METRICS_ADDRESS when it is set", async () => {
    const env = await envWith({ metricsToken: null, metricsAddress: { host: "127.0.0.1", port: 0 } });
    expect((await env.app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(404);
    const server = await listenMetrics(env.rt.ctx, env.app.metricsRegistry!);
    try {
      const { port } = server.server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("sportello_outbox_backlog");
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/me`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
