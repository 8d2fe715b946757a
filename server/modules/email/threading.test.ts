import type { AddressInfo } from "node:net";
import nodemailer, { type SendMailOptions } from "nodemailer";
import type { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, type TestEnv, testEnv } from "../../test/harness";
import { releaseHeldMail } from "./inbound";
import { startSmtpServer } from "./smtp-server";

// Replies read before the messages they answer: a backlog fetched out of order, or two mailboxes.
describe.each(DIALECTS)("replies that arrive before the message they answer, on %s", (mode) => {
  let env: TestEnv;
  let smtp: SMTPServer;
  let port: number;
  const send = (mail: SendMailOptions) => nodemailer.createTransport({ host: "127.0.0.1", port, ignoreTLS: true }).sendMail({ to: "help@shop.it", ...mail }) as Promise<{ response: string }>;
  const db = () => env.rt.ctx.db;
  const ticketsOf = (email: string) =>
    db().selectFrom("tickets").innerJoin("customers", "customers.id", "tickets.requester_id").select(["tickets.id", "tickets.number", "tickets.subject"]).where("customers.email", "=", email).orderBy("tickets.id").execute();
  const bodies = async (ticketId: number) => (await db().selectFrom("messages").select("body_text").where("ticket_id", "=", ticketId).orderBy("id").execute()).map((m) => m.body_text);

  beforeAll(async () => {
    env = await testEnv(mode, { emailThreadWaitMs: 300_000 });
    smtp = await startSmtpServer(env.rt.ctx, 0, "127.0.0.1");
    port = (smtp.server.address() as AddressInfo).port;
    await env.app.inject({ method: "POST", url: "/api/v1/mailboxes", headers: env.auth(env.adminToken), payload: { address: "help@shop.it" } });
  });
  afterAll(async () => {
    await new Promise((r) => smtp?.close(() => r(null)));
    await env?.close();
  });

  it("holds a reply to an unknown message and joins it, and the reply to the reply, when that message arrives", async () => {
    const r2 = await send({ from: "anna@client.it", subject: "Re: Re: Fattura", text: "Secondo seguito", messageId: "<r2@client.it>", inReplyTo: "<r1@client.it>", references: ["<o1@client.it>", "<r1@client.it>"] });
    const r1 = await send({ from: "anna@client.it", subject: "Re: Fattura", text: "Primo seguito", messageId: "<r1@client.it>", inReplyTo: "<o1@client.it>", references: ["<o1@client.it>"] });
    // Accepted and stored (250), but no ticket yet: they wait for the message they answer.
    expect(r1.response).toMatch(/^250 2\.0\.0 accepted$/);
    expect(r2.response).toMatch(/^250 2\.0\.0 accepted$/);
    expect(await ticketsOf("anna@client.it")).toEqual([]);
    const stored = await db().selectFrom("email_messages").select(["header_message_id", "ticket_id", "held_until"]).where("from_address", "=", "anna@client.it").execute();
    expect(stored).toHaveLength(2);
    expect(stored.every((s) => s.ticket_id === null && s.held_until! > Date.now())).toBe(true);

    const original = await send({ from: "anna@client.it", subject: "Fattura", text: "La fattura è sbagliata", messageId: "<o1@client.it>" });
    const number = Number(original.response.match(/#(\d+)/)![1]);
    const tickets = await ticketsOf("anna@client.it");
    expect(tickets.map((t) => t.number)).toEqual([number]);
    expect(await bodies(tickets[0].id)).toEqual(["La fattura è sbagliata", "Primo seguito", "Secondo seguito"]);
    const placed = await db().selectFrom("email_messages").select(["ticket_id", "held_until"]).where("from_address", "=", "anna@client.it").execute();
    expect(placed.every((s) => s.ticket_id === tickets[0].id && s.held_until === null)).toBe(true);
    expect(await db().selectFrom("email_awaiting").selectAll().execute()).toEqual([]);
  });

  it("never joins a held reply to another customer's ticket, and places a reply whose message never comes on its own", async () => {
    await send({ from: "intruso@spam.it", subject: "Re: Ordine", text: "Risposta di un altro", messageId: "<x1@spam.it>", inReplyTo: "<o2@client.it>" });
    await send({ from: "luca@client.it", subject: "Re: Ordine lontano", text: "Il messaggio originale non arriverà", messageId: "<l1@client.it>", inReplyTo: "<never@client.it>" });
    await send({ from: "marco@client.it", subject: "Ordine", text: "Dov'è il mio ordine?", messageId: "<o2@client.it>" });
    const marco = await ticketsOf("marco@client.it");
    expect(await bodies(marco[0].id)).toEqual(["Dov'è il mio ordine?"]);
    // The other customer's reply gets a ticket of its own as soon as the message it named turns out to be someone else's.
    const intruder = await ticketsOf("intruso@spam.it");
    expect(intruder).toHaveLength(1);
    expect(await bodies(intruder[0].id)).toEqual(["Risposta di un altro"]);
    // Luca's reply waits until its time is up, then becomes a ticket (exactly once, whoever runs the release).
    expect(await ticketsOf("luca@client.it")).toEqual([]);
    expect(await releaseHeldMail(env.rt.ctx)).toBe(0);
    const later = Date.now() + 301_000;
    const released = await Promise.all([releaseHeldMail(env.rt.ctx, later), releaseHeldMail(env.rt.ctx, later)]);
    expect(released[0] + released[1]).toBe(1);
    const luca = await ticketsOf("luca@client.it");
    expect(luca.map((t) => t.subject)).toEqual(["Re: Ordine lontano"]);
  });
});

// The volume case once, on the embedded database: the rules above are the same on every database, and 2,000
// messages over SMTP on PostgreSQL would take most of a minute of the suite.
describe("a backlog of replies ahead of their messages, on sqlite", () => {
  let env: TestEnv;
  let smtp: SMTPServer;
  let port: number;
  const send = (mail: SendMailOptions) => nodemailer.createTransport({ host: "127.0.0.1", port, ignoreTLS: true }).sendMail({ to: "help@shop.it", ...mail }) as Promise<{ response: string }>;
  const db = () => env.rt.ctx.db;
  const ticketsOf = (email: string) =>
    db().selectFrom("tickets").innerJoin("customers", "customers.id", "tickets.requester_id").select(["tickets.id", "tickets.number", "tickets.subject"]).where("customers.email", "=", email).orderBy("tickets.id").execute();
  const bodies = async (ticketId: number) => (await db().selectFrom("messages").select("body_text").where("ticket_id", "=", ticketId).orderBy("id").execute()).map((m) => m.body_text);

  beforeAll(async () => {
    env = await testEnv("sqlite", { emailThreadWaitMs: 300_000 });
    smtp = await startSmtpServer(env.rt.ctx, 0, "127.0.0.1");
    port = (smtp.server.address() as AddressInfo).port;
    await env.app.inject({ method: "POST", url: "/api/v1/mailboxes", headers: env.auth(env.adminToken), payload: { address: "help@shop.it" } });
  });
  afterAll(async () => {
    await new Promise((r) => smtp?.close(() => r(null)));
    await env?.close();
  });

  it("turns none of 416 replies into tickets of their own when 2,000 messages arrive out of order from 8 clients", async () => {
    // 1,584 originals from 400 customers; 416 replies, each sent before the message it answers.
    const ORIGINALS = 1584;
    const originals = Array.from({ length: ORIGINALS }, (_, i) => ({ from: `bulk${i % 400}@client.it`, subject: `Richiesta ${i}`, text: `Testo ${i}`, messageId: `<bulk-o${i}@client.it>` }));
    const replies = Array.from({ length: 416 }, (_, k) => {
      const i = (k * 37) % ORIGINALS;
      return { from: `bulk${i % 400}@client.it`, subject: `Re: Richiesta ${i}`, text: `Seguito ${k}`, messageId: `<bulk-r${k}@client.it>`, inReplyTo: `<bulk-o${i}@client.it>`, references: [`<bulk-o${i}@client.it>`] };
    });
    // Every reply goes out ahead of the message it answers; the originals follow in a scrambled order.
    const scrambled = originals.map((o, i) => ({ o, key: (i * 7919) % ORIGINALS })).sort((a, b) => a.key - b.key).map((x) => x.o);
    const queue: SendMailOptions[] = [...replies, ...scrambled];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const t = nodemailer.createTransport({ host: "127.0.0.1", port, ignoreTLS: true, pool: true, maxConnections: 1, maxMessages: Infinity });
        while (next < queue.length) {
          const r = await t.sendMail({ to: "help@shop.it", ...queue[next++] });
          expect(r.response).toMatch(/^250 /);
        }
        t.close();
      }),
    );
    const bulk = await db().selectFrom("tickets").innerJoin("customers", "customers.id", "tickets.requester_id").select((eb) => eb.fn.countAll<number>().as("n")).where("customers.email", "like", "bulk%").executeTakeFirstOrThrow();
    expect(Number(bulk.n)).toBe(ORIGINALS);
    const repliesPlaced = await db()
      .selectFrom("messages")
      .innerJoin("tickets", "tickets.id", "messages.ticket_id")
      .select(["messages.body_text", "tickets.subject"])
      .where("messages.body_text", "like", "Seguito %")
      .execute();
    expect(repliesPlaced).toHaveLength(416);
    for (const r of repliesPlaced) {
      const k = Number(r.body_text.split(" ")[1]);
      expect(r.subject).toBe(`Richiesta ${(k * 37) % ORIGINALS}`);
    }
    expect(await db().selectFrom("email_messages").select("id").where("held_until", "is not", null).execute()).toEqual([]);
  }, 240_000);
});
