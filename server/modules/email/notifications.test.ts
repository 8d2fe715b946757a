import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxEvent } from "../../events/events";
import { buildAgent, buildCustomer, buildTicket, buildWorkspace } from "../../test/factories";
import { DIALECTS, type TestEnv, testEnv, tokenFor, waitFor } from "../../test/harness";
import { drainMail, settle } from "../../test/wait";
import { type Relay, startRelay } from "../../test/relay";
import { queueAcknowledgement, queueStatusEmail } from "./notifications";
import { type SmtpServer, startSmtpServer } from "./smtp-server";
import { DEFAULT_TEMPLATES, formatPromise } from "./templates";

describe("the promise in notifications", () => {
  it.each([
    ["it", "2026-12-01T10:00:00Z", "martedì 1 dicembre alle 11:00"],
    ["en", "2026-12-01T10:00:00Z", "Tuesday 1 December at 11:00"],
    ["it", "2026-07-03T07:30:00Z", "venerdì 3 luglio alle 09:30"],
  ] as const)("%s %s → %s", (language, iso, text) => {
    expect(formatPromise(Date.parse(iso), language, "Europe/Rome")).toBe(text);
  });
});

// The four emails a customer receives, from the workspace's templates, through a real SMTP relay on loopback.
describe.each(DIALECTS)("notification templates on %s", (mode) => {
  let env: TestEnv;
  let relay: Relay;
  let inbound: SmtpServer;
  const all = () => relay.all();
  /** Waits for the email to `to` whose subject is `subject`; retries are pulled forward in embedded mode. */
  const mailTo = (to: string, subject: string) =>
    waitFor(async () => {
      await env.rt.ctx.db
        .updateTable("jobs")
        .set({ run_at: 0 })
        .where("name", "=", "mail.send")
        .where("state", "=", "queued")
        .execute();
      return (await all()).find(
        (m) => m.subject === subject && m.to && "value" in m.to && m.to.value[0].address === to,
      );
    });
  const count = async (subject: string) => (await all()).filter((m) => m.subject === subject).length;
  const allDispatched = () =>
    waitFor(
      async () =>
        !(await env.rt.ctx.db.selectFrom("outbox").select("id").where("dispatched_at", "is", null).executeTakeFirst()),
    );
  const api = (
    method: "GET" | "PUT" | "POST" | "DELETE" | "PATCH",
    url: string,
    payload?: object,
    token = env.adminToken,
  ) => env.app.inject({ method, url, headers: env.auth(token), payload });
  /** The outbox event of this kind whose payload matches, as the dispatcher hands it to a listener. */
  const eventOf = async <K extends OutboxEvent["event"]>(
    kind: K,
    match: (payload: OutboxEvent<K>["payload"]) => boolean,
  ): Promise<OutboxEvent> => {
    const rows = await env.rt.ctx.db
      .selectFrom("outbox")
      .selectAll()
      .where("event", "=", kind)
      .orderBy("id", "desc")
      .execute();
    const row = rows.find((e) => match(JSON.parse(e.payload)))!;
    const event = {
      ...row,
      id: Number(row.id),
      workspace_id: Number(row.workspace_id),
      payload: JSON.parse(row.payload),
    };
    return event as OutboxEvent;
  };
  const ticketIdOf = async (n: number) =>
    (
      await env.rt.ctx.db
        .selectFrom("tickets")
        .select("id")
        .where("workspace_id", "=", env.workspaceId)
        .where("number", "=", n)
        .executeTakeFirstOrThrow()
    ).id;
  const send = async (from: string, subject: string, text: string, headers: Record<string, string> = {}) => {
    const port = inbound.port;
    const r = await nodemailer
      .createTransport({ host: "127.0.0.1", port, ignoreTLS: true })
      .sendMail({ from, to: "help@shop.it", subject, text, headers });
    return Number(r.response.match(/#(\d+)/)![1]);
  };

  beforeAll(async () => {
    relay = await startRelay();
    env = await testEnv(mode, { smtpRelayUrl: relay.url });
    inbound = await startSmtpServer(env.rt.ctx, 0, "127.0.0.1");
    await api("POST", "/api/v1/mailboxes", { address: "help@shop.it", display_name: "Shop Help" });
    await buildCustomer(env.rt.ctx.db, env.workspaceId, {
      email: "giulia@cliente.it",
      name: "Giulia Verdi",
      language: "it",
    });
    await buildCustomer(env.rt.ctx.db, env.workspaceId, {
      email: "john@client.co.uk",
      name: "John Baker",
      language: "en",
    });
  });
  afterAll(async () => {
    await inbound?.close();
    // The product first: its pooled connections to the relay end with it, so the relay has none to wait for.
    await env?.close();
    await relay?.close();
  });

  it.each([
    {
      lang: "it",
      from: "giulia@cliente.it",
      subject: "Caldaia in blocco",
      reply: "Buongiorno Giulia, il tecnico passa domani.",
      received: (n: number) => `[#${n}] Abbiamo ricevuto la tua richiesta: Caldaia in blocco`,
      promise: /Ciao Giulia Verdi,[\s\S]*Ti risponderemo entro \S+ \d+ \S+ alle \d\d:\d\d\./,
      footer: "Segui la tua richiesta in ogni momento: ",
      waiting: (n: number) => `[#${n}] Aspettiamo una tua risposta: Caldaia in blocco`,
      solved: (n: number) => `[#${n}] La tua richiesta è stata risolta: Caldaia in blocco`,
      reopen: "rispondi a questa email: la richiesta si riaprirà",
    },
    {
      lang: "en",
      from: "john@client.co.uk",
      subject: "Boiler locked out",
      reply: "Hello John, the engineer comes tomorrow.",
      received: (n: number) => `[#${n}] We have received your request: Boiler locked out`,
      promise: /Hello John Baker,[\s\S]*We will answer by \S+ \d+ \S+ at \d\d:\d\d\./,
      footer: "Follow your request at any time: ",
      waiting: (n: number) => `[#${n}] We are waiting for your reply: Boiler locked out`,
      solved: (n: number) => `[#${n}] Your request has been solved: Boiler locked out`,
      reopen: "reply to this email: the request will reopen",
    },
  ])("sends the four emails in the customer's language ($lang)", async (c) => {
    const n = await send(c.from, c.subject, "It stopped this morning.");
    const ack = await mailTo(c.from, c.received(n));
    expect(ack.text).toMatch(c.promise);
    expect(ack.text).toContain(`${c.footer}http`);
    expect(ack.headers.get("auto-submitted")).toBe("auto-replied");

    await api("POST", `/api/v1/tickets/${n}/messages`, { body_text: c.reply });
    const reply = await mailTo(c.from, `Re: ${c.subject} [#${n}]`);
    expect(reply.text).toMatch(new RegExp(`^${c.reply}\\n\\n--\\n${c.footer}http\\S+/portal/sign-in\\?token=`));
    expect(reply.headers.get("auto-submitted")).toBeUndefined();

    expect((await api("PATCH", `/api/v1/tickets/${n}`, { status: "pending" })).statusCode).toBe(200);
    const waiting = await mailTo(c.from, c.waiting(n));
    expect(waiting.headers.get("auto-submitted")).toBe("auto-replied");
    expect(waiting.text).toMatch(/\/portal\/sign-in\?token=\S+&next=%2Fportal%2Frequests%2F\d+/);
    expect(waiting.inReplyTo).toBe(ack.inReplyTo); // threaded under the customer's email

    expect((await api("PATCH", `/api/v1/tickets/${n}`, { status: "solved" })).statusCode).toBe(200);
    const solved = await mailTo(c.from, c.solved(n));
    expect(solved.headers.get("auto-submitted")).toBe("auto-replied");
    expect(solved.text).toContain(c.reopen);
    expect(solved.text).toMatch(/\/portal\/sign-in\?token=\S+&next=%2Fportal%2Frequests%2F\d+/);
  });

  it("lists every kind in both languages, previews without saving, refuses unknown placeholders and resets", async () => {
    const list = (await api("GET", "/api/v1/mail/templates")).json().data;
    expect(list).toHaveLength(8);
    expect(list.every((t: { is_default: boolean }) => t.is_default)).toBe(true);
    const received = list.find((t: { kind: string; language: string }) => t.kind === "received" && t.language === "it");
    expect(received).toMatchObject({
      subject: DEFAULT_TEMPLATES.it.received.subject,
      body: DEFAULT_TEMPLATES.it.received.body,
    });
    expect(received.placeholders).toEqual(
      expect.arrayContaining(["customer_name", "ticket_number", "subject", "portal_link", "due", "team"]),
    );

    const draft = {
      subject: "Still open: {{subject}}",
      body: "Hi {{customer_name}}, #{{ticket_number}} waits for you {{due}}.",
    };
    expect((await api("POST", "/api/v1/mail/templates/received/en/preview", draft)).json()).toEqual({
      subject: "Still open: The coffee machine does not switch on",
      body: expect.stringMatching(/^Hi Mary Smith, #1234 waits for you by \S+ \d+ \S+ at 11:00\.$/),
    });
    expect(
      (await api("GET", "/api/v1/mail/templates"))
        .json()
        .data.find((t: { kind: string; language: string }) => t.kind === "received" && t.language === "en").is_default,
    ).toBe(true);

    const unknown = await api("PUT", "/api/v1/mail/templates/waiting_for_reply/it", {
      subject: "Ciao {{nome}}",
      body: "Scrivici {{customer_name}}",
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe("unknown_placeholder");
    expect(unknown.json().error.message).toContain("{{nome}}");
    expect(unknown.json().error.message).toContain(
      "{{customer_name}}, {{ticket_number}}, {{subject}}, {{portal_link}}, {{team}}",
    );
    // {{due}} belongs to the acknowledgement only; {{reply}} may not be left out of an agent's reply.
    expect(
      (await api("POST", "/api/v1/mail/templates/solved/en/preview", { subject: "x", body: "{{due}}" })).json().error
        .code,
    ).toBe("unknown_placeholder");
    expect(
      (
        await api("PUT", "/api/v1/mail/templates/agent_reply/en", {
          subject: "Re: {{subject}}",
          body: "See the portal.",
        })
      ).json().error.code,
    ).toBe("missing_placeholder");
    expect(
      (await api("PUT", "/api/v1/mail/templates/solved/en", { subject: "x", body: "{{ customer_name" })).json().error
        .code,
    ).toBe("invalid_placeholder");
    expect((await api("PUT", "/api/v1/mail/templates/solved/xx", { subject: "x", body: "y" })).statusCode).toBe(400);

    const saved = await api("PUT", "/api/v1/mail/templates/solved/en", {
      subject: "Done for {{customer_name}}: {{subject}}",
      body: "Dear {{customer_name}}, all done.\nReopen: {{portal_link}}\n{{agent_first_name}}",
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ kind: "solved", language: "en", is_default: false });
    const reset = await api("DELETE", "/api/v1/mail/templates/solved/en");
    expect(reset.json()).toMatchObject({ is_default: true, body: DEFAULT_TEMPLATES.en.solved.body });
  });

  it("uses an edited template, and no customer value can add a header", async () => {
    await api("PUT", "/api/v1/mail/templates/solved/en", {
      subject: "Done for {{customer_name}}: {{subject}}",
      body: "Dear {{customer_name}}, all done.\nReopen: {{portal_link}}\n{{agent_first_name}}",
    });
    const marta = await buildAgent(env.rt.ctx.db, env.workspaceId, { name: "Marta Gallo" });
    await buildCustomer(env.rt.ctx.db, env.workspaceId, {
      email: "eve@client.co.uk",
      name: "Eve\r\nBcc: evil@example.test",
      language: "en",
    });
    const t = (
      await api("POST", "/api/v1/tickets", {
        subject: "Printer\r\nBcc: evil2@example.test",
        body_text: "It jams.",
        requester: { email: "eve@client.co.uk" },
        assignee_id: marta.id,
      })
    ).json();
    await api("PATCH", `/api/v1/tickets/${t.number}`, { status: "solved" });
    const subject = "Done for Eve Bcc: evil@example.test: Printer Bcc: evil2@example.test";
    const mail = await mailTo("eve@client.co.uk", subject);
    expect(mail.headers.has("bcc")).toBe(false);
    expect(mail.text).toMatch(/^Dear Eve\r?\nBcc: evil@example.test, all done\.\nReopen: http\S+\nMarta\n?$/);
    expect(relay.delivered[(await all()).indexOf(mail)].rcpt).toEqual(["eve@client.co.uk"]);
    expect(relay.delivered.flatMap((d) => d.rcpt).filter((r) => r.startsWith("evil"))).toEqual([]);
    await api("DELETE", "/api/v1/mail/templates/solved/en");
  });

  it("sends one waiting and one solved email per change, even when the event is handed out twice", async () => {
    const t = (
      await api("POST", "/api/v1/tickets", {
        subject: "Fattura doppia",
        body_text: "Mi avete fatturato due volte.",
        requester: { email: "giulia@cliente.it" },
      })
    ).json();
    const again = async (to: string) => {
      const event = await eventOf(
        "ticket.updated",
        (p) => p.ticket_id === t.id && (p.changes.status as { to: string } | undefined)?.to === to,
      );
      // Twice by hand, and once more by the dispatcher as after a worker's crash.
      await Promise.all([queueStatusEmail(env.rt.ctx, event), queueStatusEmail(env.rt.ctx, event)]);
      await env.rt.ctx.db
        .updateTable("outbox")
        .set({ dispatched_at: null, claimed_until: null })
        .where("id", "=", event.id)
        .execute();
      await allDispatched();
    };

    await api("PATCH", `/api/v1/tickets/${t.number}`, { status: "pending" });
    const waiting = `[#${t.number}] Aspettiamo una tua risposta: Fattura doppia`;
    await mailTo("giulia@cliente.it", waiting);
    await again("pending");
    // Already pending: nothing changes, nothing is sent.
    await api("PATCH", `/api/v1/tickets/${t.number}`, { status: "pending" });
    await api("PATCH", `/api/v1/tickets/${t.number}`, { status: "solved" });
    const solved = `[#${t.number}] La tua richiesta è stata risolta: Fattura doppia`;
    await mailTo("giulia@cliente.it", solved);
    await again("solved");
    await allDispatched();
    // Every email sent and no job left: a duplicate would be at the relay by now.
    await drainMail(env.rt.ctx, { pullForward: true });
    await settle(env.rt.ctx, { pullForward: true });
    expect(await count(waiting)).toBe(1);
    expect(await count(solved)).toBe(1);
    // (The satisfaction survey the solve schedules, pulled forward here, is a mail of its own: modules/surveys.)
    const rows = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .select("kind")
      .where("ticket_id", "=", t.id)
      .where("kind", "!=", "survey")
      .execute();
    expect(rows.map((r) => r.kind).sort()).toEqual(["solved", "waiting"]);
  });

  it("answers a new customer in the language they wrote in, and keeps a language already known", async () => {
    const language = (email: string) =>
      env.rt.ctx.db
        .selectFrom("customers")
        .select("language")
        .where("workspace_id", "=", env.workspaceId)
        .where("email", "=", email)
        .executeTakeFirstOrThrow();
    const english = await send(
      "mary.stone@example.co.uk",
      "Grinder noise",
      "Hello, since yesterday our grinder makes a loud noise when it starts. Is it safe to use?",
    );
    await mailTo("mary.stone@example.co.uk", `[#${english}] We have received your request: Grinder noise`);
    expect(await language("mary.stone@example.co.uk")).toEqual({ language: "en" });
    const italian = await send(
      "marco.neri@esempio.it",
      "Rumore del macinino",
      "Buongiorno, da ieri il macinino fa un rumore forte quando parte. Si può usare lo stesso?",
    );
    await mailTo("marco.neri@esempio.it", `[#${italian}] Abbiamo ricevuto la tua richiesta: Rumore del macinino`);
    expect(await language("marco.neri@esempio.it")).toEqual({ language: "it" });
    // Giulia's language was set (she chose Italian): a message in English does not change it.
    await send("giulia@cliente.it", "Invoice copy", "Hello, could you send me a copy of the invoice for this month?");
    expect(await language("giulia@cliente.it")).toEqual({ language: "it" });
    // A message that does not say stays without a language: the workspace's is used, and anyone can take it.
    await send("x99@esempio.it", "Ordine 4412", "Ordine 4412");
    expect(await language("x99@esempio.it")).toEqual({ language: null });
  });

  it("sends no acknowledgement for a request answered before it went out (a backlog after a stop)", async () => {
    const n = await send("giulia@cliente.it", "Ordine 77 incompleto", "Manca una confezione.");
    const received = `[#${n}] Abbiamo ricevuto la tua richiesta: Ordine 77 incompleto`;
    await mailTo("giulia@cliente.it", received);
    const ticketId = await ticketIdOf(n);
    const event = await eventOf("ticket.created", (p) => p.ticket_id === ticketId);
    const acks = () =>
      env.rt.ctx.db
        .selectFrom("mail_outbox")
        .select("id")
        .where("ticket_id", "=", ticketId)
        .where("kind", "=", "notification")
        .execute();
    // As if the event had waited (the worker stopped) while an agent answered: handed out now, it sends nothing.
    await env.rt.ctx.db.deleteFrom("mail_outbox").where("ticket_id", "=", ticketId).execute();
    await api("POST", `/api/v1/tickets/${n}/messages`, { body_text: "Gentile Giulia, la spediamo oggi." });
    await queueAcknowledgement(env.rt.ctx, event);
    expect(await acks()).toHaveLength(0);
    // Before any answer, the same event does send it.
    await env.rt.ctx.db.updateTable("tickets").set({ first_response_at: null }).where("id", "=", ticketId).execute();
    await queueAcknowledgement(env.rt.ctx, event);
    expect(await acks()).toHaveLength(1);
  });

  it("sends only the reply when an agent replies and sets the status in one go", async () => {
    const t = (
      await api("POST", "/api/v1/tickets", {
        subject: "Consegna in ritardo",
        body_text: "Il pacco non arriva.",
        requester: { email: "piero@cliente.it" },
      })
    ).json();
    await api("POST", `/api/v1/tickets/${t.number}/messages`, {
      body_text: "Ci mandi il numero d'ordine?",
      status: "pending",
    });
    await api("POST", `/api/v1/tickets/${t.number}/messages`, {
      body_text: "Spedito di nuovo, eccolo.",
      status: "solved",
    });
    expect((await api("GET", `/api/v1/tickets/${t.number}`)).json().status).toBe("solved");
    await mailTo("piero@cliente.it", `Re: Consegna in ritardo [#${t.number}]`);
    await allDispatched();
    // Every email sent and no job left: a status email would be at the relay, and in mail_outbox, by now.
    await drainMail(env.rt.ctx, { pullForward: true });
    await settle(env.rt.ctx, { pullForward: true });
    const rows = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .select("kind")
      .where("ticket_id", "=", t.id)
      .where("kind", "!=", "survey")
      .execute();
    expect(rows.map((r) => r.kind)).toEqual(["reply", "reply"]);
  });

  it("never writes to automatic mail or from a workspace without a mailbox", async () => {
    const auto = await send("vacanze@cliente.it", "Risposta automatica: fuori sede", "Sono in ferie.", {
      "Auto-Submitted": "auto-replied",
    });
    expect((await api("PATCH", `/api/v1/tickets/${auto}`, { status: "solved" })).statusCode).toBe(200);
    const other = await buildWorkspace(env.rt.ctx.db, { name: "No email" });
    const boss = await buildAgent(env.rt.ctx.db, other.id, { role: "admin" });
    const actor = {
      kind: "agent" as const,
      workspaceId: other.id,
      agentId: boss.id,
      name: boss.name,
      role: "admin" as const,
      tier: "first_line" as const,
      via: "cli" as const,
    };
    await buildTicket(env.rt.ctx, actor, {
      requester: { email: "someone@client.it" },
      reply: "Fatto.",
      status: "solved",
    });
    await allDispatched();
    const autoTicket = await ticketIdOf(auto);
    expect(
      await env.rt.ctx.db.selectFrom("mail_outbox").select("kind").where("ticket_id", "=", autoTicket).execute(),
    ).toEqual([]);
    expect(
      await env.rt.ctx.db.selectFrom("mail_outbox").select("kind").where("workspace_id", "=", other.id).execute(),
    ).toEqual([]);
  });

  it("lets admins and supervisors edit templates, not agents", async () => {
    const agentToken = await tokenFor(env, (await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent" })).id);
    const supervisorToken = await tokenFor(
      env,
      (await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "supervisor" })).id,
    );
    const body = { subject: "[#{{ticket_number}}] {{subject}}", body: "{{customer_name}}: {{portal_link}}" };
    const refused = await api("PUT", "/api/v1/mail/templates/waiting_for_reply/en", body, agentToken);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe("forbidden");
    expect((await api("GET", "/api/v1/mail/templates", undefined, agentToken)).statusCode).toBe(403);
    expect((await api("PUT", "/api/v1/mail/templates/waiting_for_reply/en", body, supervisorToken)).statusCode).toBe(
      200,
    );
    expect(
      (await api("DELETE", "/api/v1/mail/templates/waiting_for_reply/en", undefined, supervisorToken)).statusCode,
    ).toBe(200);
  });
});
