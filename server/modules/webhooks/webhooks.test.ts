import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, type TestEnv, testEnv, waitFor } from "../../test/harness";
import { settle } from "../../test/wait";
import { sign } from "./webhooks.delivery";

describe.each(DIALECTS)("webhooks on %s", (dialect) => {
  let env: TestEnv;
  let server: http.Server;
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let failuresLeft = 1;

  beforeAll(async () => {
    // The receiver is on loopback: this installation calls its own network on purpose.
    env = await testEnv(dialect, { webhookAllowPrivate: true });
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        // The first delivery fails: the job must retry it.
        if (failuresLeft-- > 0) return res.writeHead(503).end();
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  });
  afterAll(async () => {
    server?.close();
    await env?.close();
  });

  it("delivers signed events after commit, retries failures and logs every delivery", async () => {
    const port = (server.address() as AddressInfo).port;
    const hook = await env.app.inject({
      method: "POST",
      url: "/api/v1/webhooks",
      headers: env.auth(env.adminToken),
      payload: { url: `http://127.0.0.1:${port}/hook`, events: ["ticket.created"] },
    });
    expect(hook.statusCode).toBe(201);
    const { id, secret } = hook.json();
    // Retries back off from 2 s; make the retry immediate for the test by pulling run_at forward.
    const t = await env.app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      headers: env.auth(env.adminToken),
      payload: { subject: "Webhook", body_text: "hi", requester: { email: "w@example.it" } },
    });
    await waitFor(() => received.length >= 1);
    await env.rt.ctx.db.updateTable("jobs").set({ run_at: 0 }).where("name", "=", "webhook.deliver").execute();
    await waitFor(() => received.length >= 2);
    const last = received[1];
    const body = JSON.parse(last.body);
    expect(body).toMatchObject({ event: "ticket.created", data: { number: t.json().number } });
    expect(last.headers["x-sportello-signature"]).toBe(
      `sha256=${sign(secret, Number(last.headers["x-sportello-timestamp"]), last.body)}`,
    );
    const log = await waitFor(async () => {
      const r = (
        await env.app.inject({
          method: "GET",
          url: `/api/v1/webhooks/${id}/deliveries`,
          headers: env.auth(env.adminToken),
        })
      ).json();
      return r.data[0]?.status === "delivered" && r;
    });
    expect(log.data).toHaveLength(1);
    expect(log.data[0]).toMatchObject({
      event: "ticket.created",
      status: "delivered",
      attempts: 2,
      response_status: 204,
    });
    // Only subscribed events are sent.
    await env.app.inject({
      method: "PATCH",
      url: `/api/v1/tickets/${t.json().number}`,
      headers: env.auth(env.adminToken),
      payload: { status: "open" },
    });
    // The update's event dispatched and no delivery left to run: had it been sent, it would have arrived.
    await settle(env.rt.ctx, { names: ["webhook.deliver"] });
    expect(received).toHaveLength(2);
  });

  it("lists subscriptions without their secrets, filters the delivery log and removes a subscription", async () => {
    const admin = env.auth(env.adminToken);
    const call = (method: "GET" | "POST" | "DELETE", url: string, payload?: object) =>
      env.app.inject({ method, url, payload, headers: admin });
    const made = (await call("POST", "/api/v1/webhooks", { url: "https://example.it/other" })).json();
    const list = (await call("GET", "/api/v1/webhooks")).json().data as { id: number; url: string }[];
    expect(list.find((w) => w.id === made.id)).toEqual({
      id: made.id,
      url: "https://example.it/other",
      events: ["*"],
      active: true,
      created_at: made.created_at,
    });
    expect(JSON.stringify(list)).not.toContain("whsec_");
    // The first test's subscription delivered one event.
    const first = list.find((w) => w.url.endsWith("/hook"))!;
    const log = (status: string) => call("GET", `/api/v1/webhooks/${first.id}/deliveries?status=${status}`);
    expect((await log("delivered")).json().data).toHaveLength(1);
    expect((await log("failed")).json().data).toHaveLength(0);
    expect((await call("GET", "/api/v1/webhooks/999999/deliveries")).statusCode).toBe(404);
    expect((await call("DELETE", `/api/v1/webhooks/${made.id}`)).statusCode).toBe(200);
    expect((await call("DELETE", `/api/v1/webhooks/${made.id}`)).statusCode).toBe(404);
    expect((await call("GET", "/api/v1/webhooks")).json().data.map((w: { id: number }) => w.id)).toEqual([first.id]);
  });
});
