import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestEnv, testEnv, waitFor } from "../../test/harness";

// Issue 21, finding 4: webhooks reach the public internet only, follow no redirect, and fail in one form.
describe("webhook targets", () => {
  let strict: TestEnv;
  let open: TestEnv;
  let receiver: http.Server;
  const hits: string[] = [];
  let port: number;
  beforeAll(async () => {
    strict = await testEnv("sqlite");
    open = await testEnv("sqlite", { webhookAllowPrivate: true });
    receiver = http.createServer((req, res) => {
      hits.push(req.url ?? "");
      req.resume();
      if (req.url === "/moved") return res.writeHead(302, { location: "/landed" }).end();
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(async () => {
    receiver?.close();
    await strict?.close();
    await open?.close();
  });

  const subscribe = (env: TestEnv, url: string) =>
    env.app.inject({
      method: "POST",
      url: "/api/v1/webhooks",
      headers: env.auth(env.adminToken),
      payload: { url, events: ["ticket.created"] },
    });
  const createTicket = (env: TestEnv) =>
    env.app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      headers: env.auth(env.adminToken),
      payload: { subject: "Hook", body_text: "hi", requester: { email: "hook@example.it" } },
    });
  const firstAttempt = (env: TestEnv, webhookId: number) =>
    waitFor(async () => {
      const r = await env.app.inject({
        method: "GET",
        url: `/api/v1/webhooks/${webhookId}/deliveries`,
        headers: env.auth(env.adminToken),
      });
      const d = r.json().data[0] as { attempts: number; error: string | null; response_status: number | null };
      return d && d.attempts >= 1 ? d : false;
    });

  it("refuses loopback, private, link-local, metadata, unique-local and mapped addresses when saved", async () => {
    for (const url of [
      `http://127.0.0.1:${port}/hook`,
      "http://localhost/hook",
      "http://api.localhost/hook",
      "http://10.1.2.3/hook",
      "http://172.16.0.1/hook",
      "http://192.168.1.10/hook",
      "http://169.254.169.254/latest/meta-data/",
      "http://0.0.0.0/hook",
      "http://[::1]/hook",
      "http://[fd12:3456::1]/hook",
      "http://[fe80::1]/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "http://[::ffff:a9fe:a9fe]/hook",
    ]) {
      const res = await subscribe(strict, url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe("webhook_target_refused");
    }
    expect((await subscribe(strict, "https://203.0.114.1/hook")).statusCode).toBe(201);
  });

  it("checks the address again at delivery, after resolving the name", async () => {
    // A subscription saved when its name was public (or before this check existed) whose name now resolves to
    // loopback: the connection is refused before it is made.
    const hook = await strict.rt.ctx.db
      .insertInto("webhooks")
      .values({
        workspace_id: strict.workspaceId,
        url: `http://localhost:${port}/rebound`,
        events: JSON.stringify(["ticket.created"]),
        secret: "whsec_test",
        active: 1,
        created_at: Date.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await createTicket(strict);
    const d = await firstAttempt(strict, hook.id);
    expect(d.error).toMatch(/^refused: the address is not public/);
    expect(d.response_status).toBeNull();
    expect(hits).not.toContain("/rebound");
  });

  it("does not follow redirects", async () => {
    const hook = (await subscribe(open, `http://127.0.0.1:${port}/moved`)).json();
    await createTicket(open);
    const d = await firstAttempt(open, hook.id);
    expect(d).toMatchObject({ response_status: 302, error: "HTTP 302: redirects are not followed" });
    expect(hits).toContain("/moved");
    expect(hits).not.toContain("/landed");
  });

  it("reports a closed port and a connection cut short in the same words", async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const cutter = net.createServer((socket) => socket.destroy());
    await new Promise<void>((r) => cutter.listen(0, "127.0.0.1", r));
    try {
      const closed = (await subscribe(open, `http://127.0.0.1:${closedPort}/x`)).json();
      const cut = (await subscribe(open, `http://127.0.0.1:${(cutter.address() as AddressInfo).port}/x`)).json();
      await createTicket(open);
      const [a, b] = [await firstAttempt(open, closed.id), await firstAttempt(open, cut.id)];
      expect(a.error).toBe("could not deliver: no answer from the target");
      expect(b.error).toBe(a.error);
      expect(a.response_status).toBeNull();
    } finally {
      cutter.close();
    }
  });
});
