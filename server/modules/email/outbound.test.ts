import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, type TestEnv, testEnv, waitFor } from "../../test/harness";
import { fixture } from "../../test/fixtures";
import { drainMail, settle } from "../../test/wait";
import { freePort } from "../../test/nodes";
import { type Relay, startRelay } from "../../test/relay";
import { JobDeferred } from "../../jobs/queue";
import { MAIL_MAX_ATTEMPTS, relayPause, sendMail } from "./outbound";
import { type SmtpServer, startSmtpServer } from "./smtp-server";

describe.each(DIALECTS)("outgoing email on %s", (mode) => {
  let env: TestEnv;
  let relay: Relay;
  let inbound: SmtpServer;
  const refusedOnce = new Set<string>();

  beforeAll(async () => {
    // The relay is a real SMTP server on loopback that refuses each message's first attempt with a temporary error.
    relay = await startRelay({
      onMessage(raw) {
        const id = raw.toString("utf8").match(/^Message-ID:\s*(\S+)/im)?.[1] ?? "";
        if (refusedOnce.has(id)) return;
        refusedOnce.add(id);
        return Object.assign(new Error("try later"), { responseCode: 451 });
      },
    });
    env = await testEnv(mode, { smtpRelayUrl: relay.url });
    inbound = await startSmtpServer(env.rt.ctx, 0, "127.0.0.1");
    await env.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes",
      headers: env.auth(env.adminToken),
      payload: { address: "help@shop.it", display_name: "Shop Help" },
    });
  });
  afterAll(async () => {
    await inbound?.close();
    // The product first: its pooled connections to the relay end with it, so the relay has none to wait for.
    await env?.close();
    await relay?.close();
  });

  it("sends an agent's reply once, with thread headers and a reply token, and threads the answer back", async () => {
    const port = inbound.port;
    const customer = nodemailer.createTransport({ host: "127.0.0.1", port, ignoreTLS: true });
    const first = await customer.sendMail({
      from: "anna@client.it",
      to: "help@shop.it",
      subject: "Reso",
      text: "Vorrei fare un reso",
      messageId: "<c1@client.it>",
    });
    const number = Number(first.response.match(/#(\d+)/)![1]);
    const headers = env.auth(env.adminToken);
    await env.app.inject({
      method: "POST",
      url: `/api/v1/tickets/${number}/messages`,
      headers,
      payload: { body_text: "Nota: cliente storico", internal: true },
    });
    await env.app.inject({
      method: "POST",
      url: `/api/v1/tickets/${number}/messages`,
      headers,
      payload: { body_text: "Certo, ecco l'etichetta di reso." },
    });
    // The relay refused the first attempt; the retry goes through. Pull the retry forward in embedded mode.
    const parsed = () => relay.all();
    await waitFor(async () => {
      await env.rt.ctx.db.updateTable("jobs").set({ run_at: 0 }).where("name", "=", "mail.send").execute();
      return (await parsed()).some((m) => m.subject?.startsWith("Re: Reso"));
    });
    // Every email sent and no job left: a second copy of the reply would be at the relay by now.
    await drainMail(env.rt.ctx, { pullForward: true });
    await settle(env.rt.ctx, { pullForward: true });
    const replies = (await parsed()).filter((m) => m.subject?.startsWith("Re: Reso"));
    expect(replies).toHaveLength(1);
    const mail = replies[0];
    // The reply, then the link that opens the request in the portal.
    expect(mail.text).toMatch(
      /^Certo, ecco l'etichetta di reso\.\n\n--\nSegui la tua richiesta in ogni momento: http\S+\/portal\/sign-in\?token=/,
    );
    expect(mail.subject).toBe(`Re: Reso [#${number}]`);
    expect(mail.inReplyTo).toBe("<c1@client.it>");
    expect(mail.from?.value[0]).toMatchObject({ address: "help@shop.it", name: "Shop Help" });
    const replyTo = mail.replyTo!.value[0].address!;
    expect(replyTo).toMatch(/^help\+[a-z0-9]+@shop\.it$/);
    const row = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("kind", "=", "reply")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "sent", attempts: 2, header_message_id: mail.messageId });
    // What we sent has no stored original: asking for it is a clear 404, not a server error.
    const sentRaw = await env.app.inject({ method: "GET", url: `/api/v1/messages/${row.message_id}/raw`, headers });
    expect(sentRaw.statusCode).toBe(404);
    expect(sentRaw.json().error.code).toBe("not_found");

    // The customer answers the email: it joins the same ticket, by token and by References.
    const answer = await customer.sendMail({
      from: "anna@client.it",
      to: replyTo,
      subject: mail.subject,
      text: "Grazie!",
      inReplyTo: mail.messageId,
      references: [mail.messageId!],
    });
    expect(Number(answer.response.match(/#(\d+)/)![1])).toBe(number);
  });

  it("acknowledges an emailed request with its number and the promise of the first answer, never an auto-reply", async () => {
    const port = inbound.port;
    const customer = nodemailer.createTransport({ host: "127.0.0.1", port, ignoreTLS: true });
    const r = await customer.sendMail({
      from: "nuovo@client.it",
      to: "help@shop.it",
      subject: "Macchina ferma",
      text: "Non parte.",
    });
    const number = Number(r.response.match(/#(\d+)/)![1]);
    await customer.sendMail({
      from: "vacanze@client.it",
      to: "help@shop.it",
      subject: "Risposta automatica: fuori sede",
      text: "In ferie",
      headers: { "Auto-Submitted": "auto-replied" },
    });
    const ack = await waitFor(async () => {
      await env.rt.ctx.db.updateTable("jobs").set({ run_at: 0 }).where("name", "=", "mail.send").execute();
      return (await relay.all()).find(
        (m) => m.subject === `[#${number}] Abbiamo ricevuto la tua richiesta: Macchina ferma`,
      );
    });
    expect(ack.headers.get("auto-submitted")).toBe("auto-replied");
    expect(ack.text).toMatch(/Ti risponderemo entro \S+ \d+ \S+ alle \d\d:\d\d\./);
    expect(ack.to && "value" in ack.to ? ack.to.value[0].address : "").toBe("nuovo@client.it");
    const all = await relay.all();
    expect(all.filter((m) => m.to && "value" in m.to && m.to.value[0].address === "vacanze@client.it")).toEqual([]);
  });

  it("shows a bounce of our email as a delivery failure on its ticket, not as a new ticket", async () => {
    const sent = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .select(["header_message_id", "ticket_id"])
      .where("kind", "=", "reply")
      .executeTakeFirstOrThrow();
    const before = (
      await env.rt.ctx.db
        .selectFrom("tickets")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n;
    const dsn = fixture("dsn-mailbox-full.eml", { message_id: sent.header_message_id });
    const port = inbound.port;
    const mta = nodemailer.createTransport({ host: "127.0.0.1", port, ignoreTLS: true });
    await mta.sendMail({ envelope: { from: "", to: ["help@shop.it"] }, raw: dsn });
    const after = (
      await env.rt.ctx.db
        .selectFrom("tickets")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n;
    expect(Number(after)).toBe(Number(before));
    const events = await env.rt.ctx.db
      .selectFrom("ticket_events")
      .select(["type", "data"])
      .where("ticket_id", "=", sent.ticket_id)
      .where("type", "=", "delivery_failed")
      .execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].data)).toMatchObject({ recipient: "anna@client.it" });
  });

  it("pauses an unreachable relay for all its mail at once, without using up any email's attempts", async () => {
    const [m] = await env.rt.ctx.db.selectFrom("mail_outbox").select(["id"]).where("kind", "=", "reply").execute();
    const down = `smtp://127.0.0.1:${await freePort()}`;
    const broken = { ...env.rt.ctx, config: { ...env.rt.ctx.config, smtpRelayUrl: down } };
    await env.rt.ctx.db.updateTable("mail_outbox").set({ status: "queued" }).where("id", "=", m.id).execute();
    const first = await sendMail(broken, m.id, 1).catch((e) => e);
    expect(first).toBeInstanceOf(JobDeferred);
    expect(relayPause(down)).toMatchObject({ failures: 1 });
    // During the pause no email tries the relay: deferred to the pause's end, the relay's failures unchanged.
    const second = await sendMail(broken, m.id, 2).catch((e) => e);
    expect(second).toBeInstanceOf(JobDeferred);
    expect(second.untilMs).toBe(relayPause(down)!.until);
    expect(relayPause(down)).toMatchObject({ failures: 1 });
    const row = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .select(["status", "last_error"])
      .where("id", "=", m.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("queued");
    expect(row.last_error).toMatch(/ECONNREFUSED|connect/);
  });

  it("keeps a message that cannot be sent as a dead letter that an admin can retry", async () => {
    const [m] = await env.rt.ctx.db.selectFrom("mail_outbox").select(["id"]).where("kind", "=", "reply").execute();
    await env.rt.ctx.db.updateTable("mail_outbox").set({ status: "queued" }).where("id", "=", m.id).execute();
    // The relay refuses this message once more (451), on its last attempt.
    refusedOnce.clear();
    await expect(sendMail(env.rt.ctx, m.id, MAIL_MAX_ATTEMPTS)).rejects.toThrow(/try later/);
    const dead = (
      await env.app.inject({ method: "GET", url: "/api/v1/mail/outbox?status=dead", headers: env.auth(env.adminToken) })
    ).json().data;
    expect(dead).toHaveLength(1);
    expect(dead[0].last_error).toMatch(/try later/);
    const retry = await env.app.inject({
      method: "POST",
      url: `/api/v1/mail/outbox/${m.id}/retry`,
      headers: env.auth(env.adminToken),
    });
    expect(retry.statusCode).toBe(200);
    await waitFor(
      async () =>
        (
          await env.rt.ctx.db
            .selectFrom("mail_outbox")
            .select("status")
            .where("id", "=", m.id)
            .executeTakeFirstOrThrow()
        ).status === "sent",
    );
    // The same Message-ID went out again: the receiver can tell it is the same message.
    const sameId = (await relay.all()).filter((x) => x.subject?.startsWith("Re: Reso")).map((x) => x.messageId);
    expect(sameId).toHaveLength(2);
    expect(sameId[1]).toBe(sameId[0]);
  });

  it("without a relay, captures an email queued earlier (kept for admins, not failed): no retry could send it", async () => {
    const [m] = await env.rt.ctx.db.selectFrom("mail_outbox").select(["id"]).where("kind", "=", "reply").execute();
    await env.rt.ctx.db.updateTable("mail_outbox").set({ status: "queued" }).where("id", "=", m.id).execute();
    const noRelay = { ...env.rt.ctx, config: { ...env.rt.ctx.config, smtpRelayUrl: null } };
    expect(await sendMail(noRelay, m.id, 1)).toBe(false);
    const row = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .select(["status", "attempts", "last_error"])
      .where("id", "=", m.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "captured", attempts: 1, last_error: null });
  });
});
