import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { buildAgent, buildTeam, buildWorkspace } from "../test/factories";
import { createApiToken } from "../modules/auth/auth.service";
import { DIALECTS, type TestEnv, testEnv, tokenFor } from "../test/harness";
import { joined } from "../test/realtime";
import { waitFor as waitUntil } from "../test/wait";
import type { ServerMessage } from "../../shared/realtime";

/** A websocket client that keeps every message it receives and can wait for one. */
async function connect(port: number, token: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime?token=${token}`);
  const inbox: ServerMessage[] = [];
  ws.on("message", (d) => inbox.push(JSON.parse(d.toString()) as ServerMessage));
  await joined(ws);
  /** The first message of this type that also passes `pred`, typed as that message. */
  const waitFor = <K extends ServerMessage["type"]>(
    type: K,
    pred: (m: Extract<ServerMessage, { type: K }>) => boolean = () => true,
    ms = 5000,
  ) =>
    waitUntil(
      () =>
        inbox.find(
          (m): m is Extract<ServerMessage, { type: K }> =>
            m.type === type && pred(m as Extract<ServerMessage, { type: K }>),
        ),
      { timeoutMs: ms, what: () => `a ${type} message; got ${JSON.stringify(inbox.map((x) => x.type))}` },
    );
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
    const pushed = await b.waitFor("ticket.created", (m) => m.ticket.number === number);
    const api = (
      await env.app.inject({ method: "GET", url: `/api/v1/tickets/${number}`, headers: env.auth(env.adminToken) })
    ).json();
    expect(pushed.ticket).toEqual(api);

    b.send({ type: "viewing", ticket_number: number });
    a.send({ type: "subscribe", room: `ticket:${env.workspaceId}:${number}` });
    await a.waitFor("subscribed", (m) => m.room === `ticket:${env.workspaceId}:${number}`);
    const seen = await a.waitFor("presence", (m) => m.viewing.some((v) => v.name === "Anna Conti"));
    expect(seen.ticket_number).toBe(number);
    b.send({ type: "typing", ticket_number: number });
    await a.waitFor("presence", (m) => m.typing.some((v) => v.name === "Anna Conti"));

    await env.app.inject({
      method: "POST",
      url: `/api/v1/tickets/${number}/messages`,
      headers: env.auth(env.adminToken),
      payload: { body_text: "nota interna", internal: true },
    });
    const msg = await b.waitFor("message.created", (m) => m.message.body_text === "nota interna");
    expect(msg.message).toMatchObject({ internal: true, ticket_number: number, author: { type: "agent" } });

    b.ws.close();
    await a.waitFor("presence", (m) => m.viewing.length === 0);
    a.ws.close();
  });

  it("refuses a connection without credentials and rooms of another workspace", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime`);
    const code = await new Promise<number>((r) => ws.on("close", (c) => r(c)));
    expect(code).toBe(4401);
    const a = await connect(port, env.adminToken);
    a.send({ type: "subscribe", room: "workspace:999" });
    const err = await a.waitFor("error");
    expect(err.code).toBe("forbidden_room");
    a.ws.close();
  });

  it("authorises every room against the workspace and the ticket read policy (issue 21, finding 2)", async () => {
    const team = await buildTeam(env.rt.ctx.db, env.workspaceId, "Resi", [env.admin.id]);
    const other = await buildWorkspace(env.rt.ctx.db, { name: "Altro spazio" });
    const spies = await Promise.all(
      (["admin", "supervisor"] as const).map(async (role) => {
        const a = await buildAgent(env.rt.ctx.db, other.id, { role });
        return connect(port, (await createApiToken(env.rt.ctx.db, other.id, a.id, "test")).token);
      }),
    );
    for (const spy of spies) {
      for (const room of [`team:${team.id}`, `ticket:${env.workspaceId}:1`, `team:0x${team.id.toString(16)}`]) {
        spy.send({ type: "subscribe", room });
        const err = await spy.waitFor("error", (m) => m.message.includes(room));
        expect(err.code).toBe("forbidden_room");
      }
    }
    const own = await connect(port, env.adminToken);
    own.send({ type: "subscribe", room: `team:${team.id}` });
    await own.waitFor("subscribed", (m) => m.room === `team:${team.id}`);
    // A ticket room of a ticket that does not exist is refused too, as the API's read answers 404.
    own.send({ type: "subscribe", room: `ticket:${env.workspaceId}:999999` });
    expect((await own.waitFor("error", (m) => m.message.includes("999999"))).code).toBe("forbidden_room");

    const created = await env.app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      headers: env.auth(env.adminToken),
      payload: {
        subject: "Segreto di squadra",
        body_text: "x",
        requester: { email: "t@example.it" },
        team_id: team.id,
      },
    });
    expect(created.statusCode).toBe(201);
    const number = created.json().number;
    await own.waitFor("ticket.created", (m) => m.ticket.number === number);
    // The own socket got it through its rooms; the other workspace's sockets must have got nothing of it.
    await env.rt.pushesDone();
    for (const spy of spies) {
      expect(JSON.stringify(spy.inbox)).not.toContain("Segreto di squadra");
      spy.ws.close();
    }
    own.ws.close();
  });
});
