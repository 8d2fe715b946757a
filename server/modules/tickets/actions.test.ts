import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent, buildWorkspace } from "../../test/factories";
import { createApiToken } from "../auth/auth.service";
import { DIALECTS, type TestEnv, testEnv } from "../../test/harness";
import { settle } from "../../test/wait";

// Ticket actions an agent expects: a ticket made in the app (a phone call, or an email the agent writes first),
// a message split into a ticket of its own, followers and CC (copied on every public reply).
describe.each(DIALECTS)("ticket actions API on %s", (mode) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(mode);
    await env.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes",
      headers: env.auth(env.adminToken),
      payload: { address: "help@shop.it", display_name: "Shop Help" },
    });
  });
  afterAll(async () => env?.close());

  const call = (method: "GET" | "PUT" | "POST" | "PATCH", url: string, payload?: unknown, token = env.adminToken) =>
    env.app.inject({ method, url, payload: payload as object, headers: env.auth(token) });
  const mailOf = (ticketId: number) =>
    env.rt.ctx.db.selectFrom("mail_outbox").selectAll().where("ticket_id", "=", ticketId).execute();

  it("records a phone call as the customer's words and emails nothing; with send_to_customer the agent writes", async () => {
    const phone = await call("POST", "/api/v1/tickets", {
      subject: "Chiamata: fattura",
      body_text: "Il cliente chiede una copia della fattura",
      requester: { email: "rossi@example.it", name: "Mario Rossi" },
      channel: "phone",
    });
    expect(phone.statusCode).toBe(201);
    const sent = await call("POST", "/api/v1/tickets", {
      subject: "Your order",
      body_text: "Hello, your order has shipped",
      requester: { email: "rossi@example.it" },
      channel: "email",
      send_to_customer: true,
    });
    const web = await call("POST", "/api/v1/tickets", {
      subject: "Form by phone",
      body_text: "Typed in by the agent",
      requester: { email: "rossi@example.it" },
      channel: "web",
    });
    await settle(env.rt.ctx);
    const [m1] = (await call("GET", `/api/v1/tickets/${phone.json().number}/messages`)).json().data;
    expect(m1.author).toMatchObject({ type: "customer", name: "Mario Rossi" });
    expect(await mailOf(phone.json().id)).toEqual([]);
    // An agent's web ticket gets no acknowledgement: the customer did not write in.
    expect(await mailOf(web.json().id)).toEqual([]);
    const [m2] = (await call("GET", `/api/v1/tickets/${sent.json().number}/messages`)).json().data;
    expect(m2.author).toMatchObject({ type: "agent", name: "Ada Admin" });
    const mails = await mailOf(sent.json().id);
    expect(mails.map((m) => [m.kind, m.to_address])).toEqual([["reply", "rossi@example.it"]]);
  });

  it("splits a message into a new ticket of the same customer, which the old ticket's timeline names", async () => {
    const t = (
      await call("POST", "/api/v1/tickets", {
        subject: "Due domande",
        body_text: "La fattura è sbagliata",
        requester: { email: "bianchi@example.it" },
      })
    ).json();
    await call("POST", `/api/v1/tickets/${t.number}/messages`, { body_text: "Guardo subito" });
    const only = await call("POST", `/api/v1/tickets/${t.number}/split`, { message_id: 999999 });
    expect([only.statusCode, only.json().error.code]).toEqual([404, "not_found"]);
    const msgs = (await call("GET", `/api/v1/tickets/${t.number}/messages`)).json().data;
    const split = await call("POST", `/api/v1/tickets/${t.number}/split`, {
      message_id: msgs[1].id,
      subject: "Seconda domanda",
    });
    expect(split.statusCode).toBe(201);
    const n = split.json();
    expect(n).toMatchObject({ subject: "Seconda domanda", requester: { email: "bianchi@example.it" } });
    const moved = (await call("GET", `/api/v1/tickets/${n.number}/messages`)).json().data;
    expect(moved.map((m: { body_text: string }) => m.body_text)).toEqual(["Guardo subito"]);
    const left = (await call("GET", `/api/v1/tickets/${t.number}/messages`)).json().data;
    expect(left.map((m: { body_text: string }) => m.body_text)).toEqual(["La fattura è sbagliata"]);
    const events = (await call("GET", `/api/v1/tickets/${t.number}/events`)).json().data;
    expect(events.find((e: { type: string }) => e.type === "split_to").data).toEqual({
      number: n.number,
      message_id: msgs[1].id,
    });
    // The last message stays.
    const last = await call("POST", `/api/v1/tickets/${t.number}/split`, { message_id: msgs[0].id });
    expect([last.statusCode, last.json().error.code]).toEqual([409, "split_last_message"]);
    // The search finds the moved message under its new ticket.
    await settle(env.rt.ctx);
    const hits = (await call("GET", "/api/v1/search?q=guardo")).json().data;
    expect(hits.map((h: { ticket: { number: number } }) => h.ticket.number)).toEqual([n.number]);
  });

  it("keeps followers and CC, copies CC on public replies, and refuses strangers", async () => {
    const anna = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent", name: "Anna Conti" });
    const t = (
      await call("POST", "/api/v1/tickets", {
        subject: "Con copia",
        body_text: "Mettete in copia il mio collega",
        requester: { email: "verdi@example.it" },
        channel: "email",
        send_to_customer: true,
      })
    ).json();
    const f = await call("PUT", `/api/v1/tickets/${t.number}/followers`, { agent_ids: [anna.id, anna.id] });
    expect(f.json()).toEqual({ data: [{ id: anna.id, name: "Anna Conti" }] });
    expect((await call("GET", `/api/v1/tickets/${t.number}/followers`)).json().data).toHaveLength(1);
    const cc = await call("PUT", `/api/v1/tickets/${t.number}/cc`, { addresses: ["Collega@Example.it"] });
    expect(cc.json()).toEqual({ addresses: ["collega@example.it"] });
    await call("POST", `/api/v1/tickets/${t.number}/messages`, { body_text: "Ecco la risposta" });
    await settle(env.rt.ctx);
    const reply = (await mailOf(t.id)).find((m) => m.body_text.includes("Ecco la risposta"));
    expect(reply?.cc).toBe("collega@example.it");
    const bad = await call("PUT", `/api/v1/tickets/${t.number}/cc`, { addresses: ["not an address"] });
    expect(bad.statusCode).toBe(400);
    const other = await buildWorkspace(env.rt.ctx.db, { name: "Altra" });
    const stranger = await buildAgent(env.rt.ctx.db, other.id, { role: "admin", name: "Estraneo" });
    const token = (await createApiToken(env.rt.ctx.db, other.id, stranger.id, "test")).token;
    expect((await call("GET", `/api/v1/tickets/${t.number}/followers`, undefined, token)).statusCode).toBe(404);
    const foreign = await call("PUT", `/api/v1/tickets/${t.number}/followers`, { agent_ids: [stranger.id] });
    expect([foreign.statusCode, foreign.json().error.code]).toEqual([400, "invalid_follower"]);
  });
});
