import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { buildAgent } from "../test/factories";
import { DIALECTS, type TestEnv, testEnv, tokenFor } from "../test/harness";
import { joined } from "../test/realtime";
import { waitFor as waitUntil } from "../test/wait";

/** A websocket client that keeps every message it receives and can wait for one. */
async function connect(port: number, token: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime?token=${token}`);
  const inbox: any[] = [];
  ws.on("message", (d) => inbox.push(JSON.parse(d.toString())));
  await joined(ws);
  const waitFor = (pred: (m: any) => boolean, ms = 5000) =>
    waitUntil(() => inbox.find(pred), {
      timeoutMs: ms,
      what: () => `a matching message; got ${JSON.stringify(inbox.map((x) => x.type))}`,
    });
  return { ws, inbox, waitFor, send: (m: object) => ws.send(JSON.stringify(m)) };
}

describe.each(DIALECTS)("realtime on %s", (dialect) => {
  let env: TestEnv;
  let port: number;
  beforeAll(async () => {
    env = await testEnv(dialect);
    await env.app.listen({ port: 0, host: "127.0.0.1" });
    port = (env.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => env?.close());

  it("pushes new tickets and messages with the API's presenters, and presence per ticket", async () => {
    const anna = await buildAgent(env.rt.ctx.db, env.workspaceId, { name: "Anna Conti" });
    const a = await connect(port, env.adminToken);
    const b = await connect(port, await tokenFor(env, anna.id));
    const created = await env.app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      headers: env.auth(env.adminToken),
      payload: { subject: "Live", body_text: "ciao", requester: { email: "rt@example.it" } },
    });
    const number = created.json().number;
    const pushed = await b.waitFor((m) => m.type === "ticket.created" && m.ticket.number === number);
    const api = (
      await env.app.inject({ method: "GET", url: `/api/v1/tickets/${number}`, headers: env.auth(env.adminToken) })
    ).json();
    expect(pushed.ticket).toEqual(api);

    b.send({ type: "viewing", ticket_number: number });
    a.send({ type: "subscribe", room: `ticket:${env.workspaceId}:${number}` });
    await a.waitFor((m) => m.type === "subscribed" && m.room === `ticket:${env.workspaceId}:${number}`);
    const seen = await a.waitFor(
      (m) => m.type === "presence" && m.viewing.some((v: { name: string }) => v.name === "Anna Conti"),
    );
    expect(seen.ticket_number).toBe(number);
    b.send({ type: "typing", ticket_number: number });
    await a.waitFor((m) => m.type === "presence" && m.typing.some((v: { name: string }) => v.name === "Anna Conti"));

    await env.app.inject({
      method: "POST",
      url: `/api/v1/tickets/${number}/messages`,
      headers: env.auth(env.adminToken),
      payload: { body_text: "nota interna", internal: true },
    });
    const msg = await b.waitFor((m) => m.type === "message.created" && m.message.body_text === "nota interna");
    expect(msg.message).toMatchObject({ internal: true, ticket_number: number, author: { type: "agent" } });

    b.ws.close();
    await a.waitFor((m) => m.type === "presence" && m.viewing.length === 0);
    a.ws.close();
  });

  it("refuses a connection without credentials and rooms of another workspace", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime`);
    const code = await new Promise<number>((r) => ws.on("close", (c) => r(c)));
    expect(code).toBe(4401);
    const a = await connect(port, env.adminToken);
    a.send({ type: "subscribe", room: "workspace:999" });
    const err = await a.waitFor((m) => m.type === "error");
    expect(err.code).toBe("forbidden_room");
    a.ws.close();
  });
});
