import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent } from "../../test/factories";
import { DIALECTS, type TestEnv, testEnv, tokenFor, waitFor } from "../../test/harness";
import { type Relay, startRelay } from "../../test/relay";
import { drainMail, settle } from "../../test/wait";
import { ingest } from "./inbound";
import { sendMail } from "./outbound";

// With no SMTP_RELAY_URL (the default), outgoing email is captured: kept for admins to read, never failed,
// never handed to a job, and sent later only when an admin asks.
describe.each(DIALECTS)("captured mail on %s", (mode) => {
  let env: TestEnv;
  let relay: Relay;

  beforeAll(async () => {
    env = await testEnv(mode);
    await env.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes",
      headers: env.auth(env.adminToken),
      payload: { address: "help@shop.it", display_name: "Shop Help" },
    });
    relay = await startRelay({ deferListen: true });
  });
  afterAll(async () => {
    // The product first: its pooled connections to the relay end with it, so the relay has none to wait for.
    await env?.close();
    await relay?.close();
  });

  it("captures the acknowledgement and a reply, says so on the message, and lists them for admins", async () => {
    const raw = Buffer.from(
      "From: Anna <anna@client.it>\r\nTo: help@shop.it\r\nSubject: Reso\r\nMessage-ID: <c1@client.it>\r\n\r\nVorrei fare un reso\r\n",
    );
    const r = await ingest(env.rt.ctx, { raw, recipients: ["help@shop.it"] });
    const number = r.ticketNumber!;
    const headers = env.auth(env.adminToken);
    // The acknowledgement is queued first, as when an agent answers a moment later (just after an email arrives,
    // what it caused waits for a pause in incoming mail, and an agent's reply does not).
    await settle(env.rt.ctx);
    const reply = await env.app.inject({
      method: "POST",
      url: `/api/v1/tickets/${number}/messages`,
      headers,
      payload: { body_text: "Certo, ecco l'etichetta di reso.", body_html: "<p>Certo, ecco <b>l'etichetta</b>.</p>" },
    });
    expect(reply.statusCode).toBe(201);
    await settle(env.rt.ctx);

    const rows = await env.rt.ctx.db.selectFrom("mail_outbox").select(["kind", "status", "last_error"]).execute();
    expect(rows.map((m) => [m.kind, m.status, m.last_error]).sort()).toEqual([
      ["notification", "captured", null],
      ["reply", "captured", null],
    ]);
    // Nothing was handed to a job: captured mail costs no attempt and no retry.
    expect(await env.rt.ctx.db.selectFrom("jobs").select("id").where("name", "=", "mail.send").execute()).toEqual([]);

    const thread = (await env.app.inject({ method: "GET", url: `/api/v1/tickets/${number}/messages`, headers })).json()
      .data;
    expect(thread.map((m: { delivery: unknown }) => m.delivery)).toEqual([null, { status: "captured" }]);

    const list = await env.app.inject({ method: "GET", url: "/api/v1/mail/captured?limit=1", headers });
    expect(list.statusCode).toBe(200);
    const page = list.json();
    expect(page.data).toHaveLength(1);
    expect(page.data[0]).toMatchObject({ kind: "reply", to_address: "anna@client.it", ticket_id: expect.any(Number) });
    const next = (
      await env.app.inject({ method: "GET", url: `/api/v1/mail/captured?limit=1&cursor=${page.next_cursor}`, headers })
    ).json();
    expect(next.data.map((m: { kind: string }) => m.kind)).toEqual(["notification"]);
    expect(next.next_cursor).toBeNull();

    const one = (
      await env.app.inject({ method: "GET", url: `/api/v1/mail/captured/${page.data[0].id}`, headers })
    ).json();
    expect(one.html).toContain("<b>l'etichetta</b>");
    expect(one.text).toContain("etichetta di reso");
    expect(one.headers).toContainEqual({ name: "To", value: "anna@client.it" });
    expect(one.headers.find((h: { name: string }) => h.name === "In-Reply-To").value).toBe("<c1@client.it>");
  });

  it("is for admins only, and answers 404 for an id that is not captured", async () => {
    const agent = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent" });
    const token = await tokenFor(env, agent.id);
    const refused = await env.app.inject({ method: "GET", url: "/api/v1/mail/captured", headers: env.auth(token) });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBeTruthy();
    const missing = await env.app.inject({
      method: "GET",
      url: "/api/v1/mail/captured/999999",
      headers: env.auth(env.adminToken),
    });
    expect(missing.statusCode).toBe(404);
  });

  it("sends nothing captured when a relay is set, until an admin asks for one email", async () => {
    const headers = env.auth(env.adminToken);
    const [m] = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .select("id")
      .where("kind", "=", "reply")
      .where("status", "=", "captured")
      .execute();
    const noRelay = await env.app.inject({ method: "POST", url: `/api/v1/mail/captured/${m.id}/send`, headers });
    expect(noRelay.statusCode).toBe(409);
    expect(noRelay.json().error.code).toBe("no_relay");

    // The process now has a relay (as after a restart with SMTP_RELAY_URL): a stray job for a captured email
    // sends nothing.
    await relay.listen();
    env.rt.ctx.config.smtpRelayUrl = relay.url;
    expect(await sendMail(env.rt.ctx, m.id, 1)).toBe(false);
    expect(relay.delivered).toHaveLength(0);

    const sent = await env.app.inject({ method: "POST", url: `/api/v1/mail/captured/${m.id}/send`, headers });
    expect(sent.statusCode).toBe(200);
    await drainMail(env.rt.ctx);
    await waitFor(() => relay.delivered.length === 1);
    expect(relay.delivered[0].raw.toString("utf8")).toContain("etichetta di reso");
    const statuses = await env.rt.ctx.db.selectFrom("mail_outbox").select(["kind", "status"]).orderBy("id").execute();
    // Only the one asked for left; the acknowledgement stays captured.
    expect(statuses).toEqual([
      { kind: "notification", status: "captured" },
      { kind: "reply", status: "sent" },
    ]);
    const again = await env.app.inject({ method: "POST", url: `/api/v1/mail/captured/${m.id}/send`, headers });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("not_captured");
  });
});
