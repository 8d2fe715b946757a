import nodemailer, { type SendMailOptions } from "nodemailer";
import SMTPConnection from "nodemailer/lib/smtp-connection";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DIALECTS, metricsOf, type TestEnv, testEnv } from "../../test/harness";
import { type SmtpServer, startSmtpServer } from "./smtp-server";

describe.each(DIALECTS)("inbound email over SMTP on %s", (mode) => {
  let env: TestEnv;
  let smtp: SmtpServer;
  let send: (mail: SendMailOptions) => Promise<{ response: string }>;
  const api = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object) =>
    env.app.inject({ method, url, payload, headers: env.auth(env.adminToken) });
  const ticket = async (n: number) => (await api("GET", `/api/v1/tickets/${n}`)).json();
  const thread = async (n: number) => (await api("GET", `/api/v1/tickets/${n}/messages`)).json().data;
  const numberOf = (response: string) => Number(response.match(/#(\d+)/)?.[1]);

  beforeAll(async () => {
    env = await testEnv(mode, { attachmentMaxBytes: 200_000 });
    smtp = await startSmtpServer(env.rt.ctx, 0, "127.0.0.1");
    const port = smtp.port;
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
    send = (mail) => transport.sendMail(mail) as Promise<{ response: string }>;
    expect(
      (await api("POST", "/api/v1/mailboxes", { address: "assistenza@example.it", display_name: "Assistenza" }))
        .statusCode,
    ).toBe(201);
  });
  afterAll(async () => {
    await smtp?.close();
    await env?.close();
  });

  it("turns a message into a ticket only after it is committed, and keeps the raw .eml", async () => {
    const r = await send({
      from: '"Lucia Neri" <lucia@cliente.it>',
      to: "assistenza@example.it",
      subject: "Caffè amaro",
      text: "Buongiorno, il caffè esce amaro.",
      messageId: "<a1@cliente.it>",
    });
    expect(r.response).toMatch(/^250 .*accepted as #\d+/);
    const n = numberOf(r.response);
    expect(await ticket(n)).toMatchObject({
      subject: "Caffè amaro",
      channel: "email",
      status: "new",
      requester: { email: "lucia@cliente.it", name: "Lucia Neri" },
    });
    const [first] = await thread(n);
    expect(first.body_text).toBe("Buongiorno, il caffè esce amaro.");
    // The sender opened it (the timeline names her, not the system).
    const events = (await api("GET", `/api/v1/tickets/${n}/events`)).json().data;
    expect(events[0]).toMatchObject({
      type: "created",
      actor: { type: "customer", name: "Lucia Neri" },
      data: { channel: "email" },
    });
    const raw = await api("GET", `/api/v1/messages/${first.id}/raw`);
    expect(raw.statusCode).toBe(200);
    expect(raw.body).toContain("Message-ID: <a1@cliente.it>");
    // Gone from the store: a 404 with its JSON error, not a download that breaks.
    const { raw_sha256 } = await env.rt.ctx.db
      .selectFrom("email_messages")
      .select("raw_sha256")
      .where("message_id", "=", first.id)
      .executeTakeFirstOrThrow();
    await env.rt.ctx.db.deleteFrom("stored_files").where("sha256", "=", raw_sha256).execute();
    const gone = await api("GET", `/api/v1/messages/${first.id}/raw`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe("not_found");
  });

  it("makes messages delivered at the same moment searchable, new tickets and replies alike", async () => {
    const spices = ["zafferano", "cannella", "cardamomo", "liquirizia", "vaniglia"];
    const first = numberOf(
      (
        await send({
          from: "spezie@cliente.it",
          to: "assistenza@example.it",
          subject: "Spezie",
          text: "Avete il pepe lungo?",
          messageId: "<s0@cliente.it>",
        })
      ).response,
    );
    // Sent at once, they are placed together (one transaction, a savepoint each) and indexed at its end.
    const sent = await Promise.all([
      ...spices.map((spice, i) =>
        send({
          from: `spezie${i}@cliente.it`,
          to: "assistenza@example.it",
          subject: `Ordine ${i}`,
          text: `Vorrei ordinare ${spice} in polvere.`,
        }),
      ),
      send({
        from: "spezie@cliente.it",
        to: "assistenza@example.it",
        subject: "Re: Spezie",
        text: "Anche l'anice stellato, grazie.",
        inReplyTo: "<s0@cliente.it>",
      }),
    ]);
    const search = async (q: string) =>
      (await api("GET", `/api/v1/search?q=${encodeURIComponent(q)}`))
        .json()
        .data.map((x: { ticket: { number: number } }) => x.ticket.number);
    for (const [i, spice] of spices.entries()) expect(await search(spice)).toEqual([numberOf(sent[i].response)]);
    expect(numberOf(sent[5].response)).toBe(first);
    expect(await search("anice stellato")).toEqual([first]);
    expect(await search("pepe lungo")).toEqual([first]);
  });

  it("stores a message's HTML sanitised, on a new ticket and on a reply", async () => {
    const html =
      '<p onclick="steal()">Ciao</p><script>alert(1)</script><img src="https://track.example/p.gif" onerror="x()"><a href="javascript:alert(2)">link</a>';
    const n = numberOf(
      (
        await send({
          from: "html@cliente.it",
          to: "assistenza@example.it",
          subject: "HTML",
          html,
          messageId: "<h1@cliente.it>",
        })
      ).response,
    );
    await send({
      from: "html@cliente.it",
      to: "assistenza@example.it",
      subject: "Re: HTML",
      html,
      inReplyTo: "<h1@cliente.it>",
    });
    const messages = await thread(n);
    expect(messages).toHaveLength(2);
    for (const m of messages) {
      expect(m.body_html).toContain("<p>Ciao</p>");
      expect(m.body_html).not.toMatch(/script|onclick|onerror|javascript:|\ssrc="https/i);
    }
  });

  it("threads by In-Reply-To, by our reply token and by [#n] in the subject, only for the ticket's customer", async () => {
    const first = numberOf(
      (
        await send({
          from: "marco@cliente.it",
          to: "assistenza@example.it",
          subject: "Ordine 55",
          text: "Dov'è?",
          messageId: "<b1@cliente.it>",
        })
      ).response,
    );
    const byHeader = numberOf(
      (
        await send({
          from: "marco@cliente.it",
          to: "assistenza@example.it",
          subject: "Re: Ordine 55",
          text: "Ancora niente",
          inReplyTo: "<b1@cliente.it>",
          references: ["<b1@cliente.it>"],
        })
      ).response,
    );
    expect(byHeader).toBe(first);
    await env.rt.ctx.db.updateTable("tickets").set({ reply_token: "t7f3k9" }).where("number", "=", first).execute();
    expect(
      numberOf(
        (
          await send({
            from: "marco@cliente.it",
            to: "assistenza+t7f3k9@example.it",
            subject: "nuovo oggetto",
            text: "via token",
          })
        ).response,
      ),
    ).toBe(first);
    expect(
      numberOf(
        (
          await send({
            from: "marco@cliente.it",
            to: "assistenza@example.it",
            subject: `Domanda [#${first}]`,
            text: "via oggetto",
          })
        ).response,
      ),
    ).toBe(first);
    const messages = await thread(first);
    expect(messages).toHaveLength(4);
    // The quoted history is kept in body_text and folded out of reply_text.
    const quoted = await send({
      from: "marco@cliente.it",
      to: "assistenza@example.it",
      subject: "Re: Ordine 55",
      text: "Arrivato!\n\nIl giorno 3 mar 2026 Assistenza ha scritto:\n> Spedito oggi.",
      inReplyTo: "<b1@cliente.it>",
    });
    expect(numberOf(quoted.response)).toBe(first);
    const last = (await thread(first)).at(-1);
    expect(last).toMatchObject({ reply_text: "Arrivato!", body_text: expect.stringContaining("> Spedito oggi.") });
    // Another customer using the same token, headers or number gets a ticket of their own.
    const stranger = [
      await send({ from: "altro@spam.it", to: "assistenza+t7f3k9@example.it", subject: "x", text: "token altrui" }),
      await send({
        from: "altro@spam.it",
        to: "assistenza@example.it",
        subject: "Re: Ordine 55",
        text: "header altrui",
        inReplyTo: "<b1@cliente.it>",
      }),
      await send({
        from: "altro@spam.it",
        to: "assistenza@example.it",
        subject: `[#${first}] furbo`,
        text: "numero altrui",
      }),
    ].map((r) => numberOf(r.response));
    for (const n of stranger) expect(n).not.toBe(first);
    expect(await thread(first)).toHaveLength(5);
  });

  it("imports a message delivered twice once, and opens a follow-up for a reply to a closed ticket", async () => {
    const mail = {
      from: "gino@cliente.it",
      to: "assistenza@example.it",
      subject: "Doppio",
      text: "una volta sola",
      messageId: "<dup@cliente.it>",
    };
    const a = numberOf((await send(mail)).response);
    const b = numberOf((await send(mail)).response);
    expect(b).toBe(a);
    expect(await thread(a)).toHaveLength(1);
    await api("PATCH", `/api/v1/tickets/${a}`, { status: "closed" });
    const follow = numberOf(
      (
        await send({
          from: "gino@cliente.it",
          to: "assistenza@example.it",
          subject: "Re: Doppio",
          text: "riapro",
          inReplyTo: "<dup@cliente.it>",
        })
      ).response,
    );
    expect(follow).not.toBe(a);
    const events = (await api("GET", `/api/v1/tickets/${follow}/events`)).json().data;
    expect(events.find((e: { type: string }) => e.type === "follow_up_of").data).toEqual({ number: a });
  });

  it("keeps attachments as files of the message and shows inline images in place", async () => {
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    );
    const r = await send({
      from: "foto@cliente.it",
      to: "assistenza@example.it",
      subject: "Foto del guasto",
      html: '<p>Ecco:</p><img src="cid:guasto@cliente"><img src="https://tracker.example/pixel.gif">',
      attachments: [
        { filename: "guasto.png", content: png, cid: "guasto@cliente" },
        { filename: "fattura n°12.pdf", content: Buffer.from("%PDF-1.4 fake"), contentType: "application/pdf" },
      ],
    });
    const [msg] = await thread(numberOf(r.response));
    expect(msg.attachments.map((a: { filename: string }) => a.filename).sort()).toEqual([
      "fattura n°12.pdf",
      "guasto.png",
    ]);
    const image = msg.attachments.find((a: { filename: string }) => a.filename === "guasto.png");
    expect(msg.body_html).toContain(`src="/api/v1/attachments/${image.id}"`);
    // The remote tracking pixel is not loaded until an agent asks.
    expect(msg.body_html).not.toMatch(/\ssrc="https:/);
    expect(msg.body_html).toContain('data-remote-src="https://tracker.example/pixel.gif"');
    const file = await api("GET", image.url);
    expect(Buffer.from(file.rawPayload).equals(png)).toBe(true);
  });

  it("imports one message delivered twice at the same moment once, and answers 250 to both", async () => {
    const mail = {
      from: "due@cliente.it",
      to: "assistenza@example.it",
      subject: "Doppio invio",
      text: "stesso messaggio",
      messageId: "<race-1@cliente.it>",
    };
    const results = await Promise.all(Array.from({ length: 4 }, () => send(mail)));
    const numbers = new Set(results.map((r) => numberOf(r.response)));
    expect(numbers.size).toBe(1);
    const rows = await env.rt.ctx.db
      .selectFrom("email_messages")
      .select("id")
      .where("header_message_id", "=", "<race-1@cliente.it>")
      .execute();
    expect(rows).toHaveLength(1);
    expect(await thread([...numbers][0])).toHaveLength(1);
  });

  it("answers 550 for an unknown mailbox and 552 above the size limit", async () => {
    await expect(
      send({ from: "x@cliente.it", to: "nessuno@example.it", subject: "?", text: "?" }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      send({ from: "x@cliente.it", to: "assistenza@example.it", subject: "big", text: "x".repeat(300_000) }),
    ).rejects.toMatchObject({ responseCode: 552 });
    const metrics = await metricsOf(env.app);
    expect(metrics).toMatch(/sportello_smtp_rejected_total\{code="550"\} 1/);
    expect(metrics).toMatch(/sportello_smtp_rejected_total\{code="552"\} 1/);
    expect(metrics).toMatch(/sportello_smtp_accepted_total [1-9]/);
  });

  it("logs what a connection delivered in one line when it closes, each message only at debug level", async () => {
    const lines: Record<string, unknown>[] = [];
    const log = env.rt.ctx.log;
    env.rt.ctx.log = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    try {
      // One connection, three messages: two stored, one over the size limit.
      const conn = new SMTPConnection({ host: "127.0.0.1", port: smtp.port, ignoreTLS: true });
      await new Promise<void>((resolve, reject) => conn.connect((err?: Error) => (err ? reject(err) : resolve())));
      const deliver = (subject: string, text: string) =>
        new Promise<string>((resolve, reject) =>
          conn.send(
            { from: "z@cliente.it", to: ["assistenza@example.it"] },
            `From: z@cliente.it\r\nTo: assistenza@example.it\r\nSubject: ${subject}\r\n\r\n${text}\r\n`,
            (err, info) => (err ? reject(err) : resolve(info.response)),
          ),
        );
      expect(await deliver("Uno", "primo")).toMatch(/^250 /);
      expect(await deliver("Due", "secondo")).toMatch(/^250 /);
      await expect(deliver("big", "x".repeat(300_000))).rejects.toMatchObject({ responseCode: 552 });
      conn.quit();
      // (An earlier test's connection may close meanwhile, with a line of its own.)
      await vi.waitFor(
        () =>
          expect(lines).toContainEqual(
            expect.objectContaining({
              msg: "smtp connection closed",
              accepted: 2,
              refused: 1,
              remote: expect.stringMatching(/127\.0\.0\.1$/),
            }),
          ),
        { timeout: 5000 },
      );
      expect(lines.map((l) => l.msg)).not.toContain("email received");
    } finally {
      env.rt.ctx.log = log;
    }
  });

  it("answers 550 at once for a mailbox removed a moment ago (the SMTP thread forgets what it knew of it)", async () => {
    const created = await api("POST", "/api/v1/mailboxes", { address: "vendite@example.it" });
    expect(created.statusCode).toBe(201);
    expect(
      (await send({ from: "y@cliente.it", to: "vendite@example.it", subject: "Preventivo", text: "Quanto costa?" }))
        .response,
    ).toMatch(/^250 /);
    expect((await api("DELETE", `/api/v1/mailboxes/${created.json().id}`)).statusCode).toBe(200);
    await expect(
      send({ from: "y@cliente.it", to: "vendite@example.it", subject: "Preventivo 2", text: "Ci siete?" }),
    ).rejects.toMatchObject({ responseCode: 550 });
  });

  it("stops a mail loop: past the per-sender limit, messages are kept but join the sender's latest ticket", async () => {
    const numbers = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const r = await send({
        from: "robot@loop.it",
        to: "assistenza@example.it",
        subject: `Auto ${i}`,
        text: `autoresponder ${i}`,
        headers: { "Auto-Submitted": "auto-replied" },
      });
      numbers.add(numberOf(r.response));
    }
    // 20 tickets before the limit, then every further message lands in the last one.
    expect(numbers.size).toBe(20);
    const stored = await env.rt.ctx.db
      .selectFrom("email_messages")
      .select("flags")
      .where("from_address", "=", "robot@loop.it")
      .execute();
    expect(stored).toHaveLength(30);
    expect(stored.filter((r) => JSON.parse(r.flags).includes("rate_limited"))).toHaveLength(10);
  });

  it("flags auto-replies and still stores them", async () => {
    const r = await send({
      from: "ferie@cliente.it",
      to: "assistenza@example.it",
      subject: "Risposta automatica: fuori sede",
      text: "Sono in ferie",
      headers: { "Auto-Submitted": "auto-replied" },
    });
    const n = numberOf(r.response);
    const row = await env.rt.ctx.db
      .selectFrom("email_messages")
      .select("flags")
      .where("ticket_id", "=", (await ticket(n)).id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.flags)).toEqual(["auto_reply"]);
  });

  it("keeps taking mail on the same port after its thread dies", async () => {
    const before = smtp.thread;
    await before.terminate();
    await smtp.listening();
    expect(smtp.thread).not.toBe(before);
    const r = await send({
      from: "dopo@cliente.it",
      to: "assistenza@example.it",
      subject: "Dopo il riavvio",
      text: "Ci siete ancora?",
    });
    expect(r.response).toMatch(/^250 .*accepted as #\d+/);
    expect(await ticket(numberOf(r.response))).toMatchObject({ subject: "Dopo il riavvio", channel: "email" });
  });

  it("does not start on a port that is taken, and says why", async () => {
    await expect(startSmtpServer(env.rt.ctx, smtp.port, "127.0.0.1")).rejects.toThrow(/EADDRINUSE/);
  });
});
