import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestEnv, testEnv } from "../test/harness";

/** Every error, the framework's own included, is `{ error: { code, message } }` (issue 21, finding 8). */
function expectErrorShape(status: number, body: string, code?: string) {
  const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
  expect(Object.keys(parsed)).toEqual(["error"]);
  expect(typeof parsed.error?.code).toBe("string");
  expect(typeof parsed.error?.message).toBe("string");
  if (code) expect(parsed.error?.code).toBe(code);
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
}

/** One raw HTTP/1.1 exchange: what a client sends that Node's parser refuses before Fastify sees it. */
function raw(port: number, request: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(request));
    let data = "";
    socket.on("data", (d) => (data += d.toString("latin1")));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1]);
      if (!status) return reject(new Error(`no answer: ${JSON.stringify(data)}`));
      resolve({ status, body: data.slice(data.indexOf("\r\n\r\n") + 4) });
    });
  });
}

describe("error bodies", () => {
  let env: TestEnv;
  let port: number;
  beforeAll(async () => {
    env = await testEnv("sqlite", {}, { worker: false });
    await env.app.listen({ port: 0, host: "127.0.0.1" });
    port = (env.app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await env.close();
  });
  const auth = () => env.auth(env.adminToken);

  it("a path value over the router's length limit", async () => {
    const res = await env.app.inject({ method: "GET", url: `/api/v1/tickets/${"9".repeat(150)}`, headers: auth() });
    expect(res.statusCode).toBe(414);
    expectErrorShape(res.statusCode, res.body, "uri_too_long");
  });

  it("a path that is not a valid URL component", async () => {
    const res = await env.app.inject({ method: "GET", url: "/api/v1/tickets/%E0%A4%A", headers: auth() });
    expect(res.statusCode).toBe(400);
    expectErrorShape(res.statusCode, res.body, "bad_url");
  });

  it("an unknown route, an unexpected charset, broken JSON, a body too large", async () => {
    const unknown = await env.app.inject({ method: "GET", url: "/api/v1/nothing-here" });
    expectErrorShape(unknown.statusCode, unknown.body, "not_found");
    const media = await env.app.inject({
      method: "POST",
      url: "/api/v1/customers",
      headers: { ...auth(), "content-type": "application/json; charset=utf-16" },
      payload: "{}",
    });
    expectErrorShape(media.statusCode, media.body);
    const broken = await env.app.inject({
      method: "POST",
      url: "/api/v1/customers",
      headers: { ...auth(), "content-type": "application/json" },
      payload: '{"email": ',
    });
    expectErrorShape(broken.statusCode, broken.body, "invalid_json");
    const large = await env.app.inject({
      method: "POST",
      url: "/api/v1/customers",
      headers: { ...auth(), "content-type": "application/json" },
      payload: JSON.stringify({ name: "x".repeat(4 * 1024 * 1024) }),
    });
    expect(large.statusCode).toBe(413);
    expectErrorShape(large.statusCode, large.body, "payload_too_large");
  });

  it("what Node's HTTP parser refuses: a malformed request, headers too large", async () => {
    const malformed = await raw(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
    expect(malformed.status).toBe(400);
    expectErrorShape(malformed.status, malformed.body, "bad_request");
    const big = await raw(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(big.status).toBe(431);
    expectErrorShape(big.status, big.body, "headers_too_large");
  });
});
