import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent } from "../../test/factories";
import { DIALECTS, type TestEnv, testEnv, tokenFor } from "../../test/harness";
import { settle } from "../../test/wait";
import { deliveryReason } from "../tickets/tickets.presenter";
import { ingest } from "./inbound";

// The app's banner (GET /api/v1/mail/status) and the retry of a reply's failed email from the ticket, by any agent.
describe.each(DIALECTS)("mail status and a reply's retry on %s", (mode) => {
  let env: TestEnv;
  let agentToken: string;
  let number: number;

  beforeAll(async () => {
    env = await testEnv(mode);
    await env.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes",
      headers: env.auth(env.adminToken),
      payload: { address: "help@shop.it" },
    });
    agentToken = await tokenFor(env, (await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent" })).id);
    const raw = Buffer.from(
      "From: Anna <anna@client.it>\r\nTo: help@shop.it\r\nSubject: Reso\r\nMessage-ID: <s1@client.it>\r\n\r\nUn reso\r\n",
    );
    number = (await ingest(env.rt.ctx, { raw, recipients: ["help@shop.it"] })).ticketNumber!;
    // Its acknowledgement is written before anyone answers (none is sent for a request answered already).
    await settle(env.rt.ctx);
  });
  afterAll(async () => env?.close());

  it("tells every agent that mail is captured, and how much", async () => {
    const before = await env.app.inject({ method: "GET", url: "/api/v1/mail/status", headers: env.auth(agentToken) });
    expect(before.statusCode).toBe(200);
    await env.app.inject({
      method: "POST",
      url: `/api/v1/tickets/${number}/messages`,
      headers: env.auth(agentToken),
      payload: { body_text: "Ecco l'etichetta." },
    });
    await settle(env.rt.ctx);
    const after = (
      await env.app.inject({ method: "GET", url: "/api/v1/mail/status", headers: env.auth(agentToken) })
    ).json();
    expect(after).toEqual({ relay: false, captured: 2 });
  });

  it("shows why a reply failed and lets the agent retry it once", async () => {
    const headers = env.auth(agentToken);
    const mail = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .select(["id", "message_id"])
      .where("kind", "=", "reply")
      .executeTakeFirstOrThrow();
    // As the sender leaves it after its last attempt against a relay that refused connections.
    await env.rt.ctx.db
      .updateTable("mail_outbox")
      .set({ status: "dead", last_error: "connect ECONNREFUSED 127.0.0.1:2525" })
      .where("id", "=", mail.id)
      .execute();
    const thread = (await env.app.inject({ method: "GET", url: `/api/v1/tickets/${number}/messages`, headers })).json();
    const reply = thread.data.find((m: { id: number }) => m.id === mail.message_id);
    expect(reply.delivery).toEqual({
      status: "failed",
      error: "connect ECONNREFUSED 127.0.0.1:2525",
      reason: "unreachable",
    });

    const retried = await env.app.inject({
      method: "POST",
      url: `/api/v1/messages/${mail.message_id}/delivery/retry`,
      headers,
    });
    expect(retried.statusCode).toBe(200);
    const row = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .select("status")
      .where("id", "=", mail.id)
      .executeTakeFirstOrThrow();
    expect(row.status).not.toBe("dead");
    const again = await env.app.inject({
      method: "POST",
      url: `/api/v1/messages/${mail.message_id}/delivery/retry`,
      headers,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("not_dead");
    const missing = await env.app.inject({ method: "POST", url: "/api/v1/messages/999999/delivery/retry", headers });
    expect(missing.statusCode).toBe(404);
  });

  it("names the kind of a relay's error", () => {
    expect(deliveryReason("Invalid login: 535 5.7.8 Authentication failed")).toBe("auth");
    expect(deliveryReason("Connection timeout")).toBe("timeout");
    expect(deliveryReason("Can't send mail - all recipients were rejected: 550 5.1.1 No such user")).toBe("rejected");
    expect(deliveryReason("self-signed certificate in certificate chain")).toBe("tls");
    expect(deliveryReason("getaddrinfo ENOTFOUND relay.example")).toBe("unreachable");
    expect(deliveryReason("something odd")).toBe("other");
  });
});
