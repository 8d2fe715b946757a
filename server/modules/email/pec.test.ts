import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../../test/fixtures";
import { DIALECTS, type TestEnv, testEnv } from "../../test/harness";
import { daticert, pecEnvelope as envelope } from "../../test/pec";
import { readDaticert } from "./pec";
import { type SmtpServer, startSmtpServer } from "./smtp-server";

describe("daticert.xml", () => {
  it("reads sender, date, identifier and the certified Message-ID", () => {
    expect(readDaticert(daticert({ tipo: "avvenuta-consegna", msgid: "<m1@example.it>" }), "x")).toEqual({
      type: "avvenuta-consegna",
      sender: "mario.rossi@pec.cliente.it",
      date: "24/11/2026 10:15:02 +0100",
      id: "opec210.20261124101502.12345.01@pec.gestore.it",
      msgid: "<m1@example.it>",
    });
  });
});

describe.each(DIALECTS)("PEC over SMTP on %s", (mode) => {
  let env: TestEnv;
  let smtp: SmtpServer;
  let send: (raw: string) => Promise<string>;
  beforeAll(async () => {
    env = await testEnv(mode);
    smtp = await startSmtpServer(env.rt.ctx, 0, "127.0.0.1");
    const t = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, ignoreTLS: true });
    send = async (raw) =>
      (await t.sendMail({ envelope: { from: "posta-certificata@pec.gestore.it", to: ["assistenza@example.it"] }, raw }))
        .response;
    await env.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes",
      headers: env.auth(env.adminToken),
      payload: { address: "assistenza@example.it" },
    });
  });
  afterAll(async () => {
    await smtp?.close();
    await env?.close();
  });

  it("turns a certified message into the customer's own message, with the certification kept", async () => {
    const original = fixture("pec-original-reclamo.eml").toString("utf8");
    const response = await send(
      envelope({
        subject: "POSTA CERTIFICATA: Reclamo fornitura",
        headers: ["X-Trasporto: posta-certificata"],
        tipo: "posta-certificata",
        msgid: "<orig-1@pec.cliente.it>",
        original,
      }),
    );
    const number = Number(response.match(/#(\d+)/)![1]);
    const ticket = (
      await env.app.inject({ method: "GET", url: `/api/v1/tickets/${number}`, headers: env.auth(env.adminToken) })
    ).json();
    expect(ticket).toMatchObject({
      subject: "Reclamo fornitura",
      requester: { email: "mario.rossi@pec.cliente.it", name: "Mario Rossi" },
    });
    const [message] = (
      await env.app.inject({
        method: "GET",
        url: `/api/v1/tickets/${number}/messages`,
        headers: env.auth(env.adminToken),
      })
    ).json().data;
    expect(message.body_text).toBe("La fornitura di ottobre è arrivata incompleta.");
    expect(message.attachments).toEqual([]);
    const events = (
      await env.app.inject({
        method: "GET",
        url: `/api/v1/tickets/${number}/events`,
        headers: env.auth(env.adminToken),
      })
    ).json().data;
    expect(events.find((e: { type: string }) => e.type === "pec_certified").data).toMatchObject({
      sender: "mario.rossi@pec.cliente.it",
      date: "24/11/2026 10:15:02 +0100",
    });
  });

  it("attaches acceptance and delivery receipts of our messages to the message they certify, not to new tickets", async () => {
    const created = await env.app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      headers: env.auth(env.adminToken),
      payload: { subject: "Risposta PEC", body_text: "x", requester: { email: "mario.rossi@pec.cliente.it" } },
    });
    const ticketId = created.json().id;
    const msg = await env.rt.ctx.db
      .selectFrom("messages")
      .select("id")
      .where("ticket_id", "=", ticketId)
      .executeTakeFirstOrThrow();
    await env.rt.ctx.db
      .insertInto("mail_outbox")
      .values({
        workspace_id: env.workspaceId,
        ticket_id: ticketId,
        message_id: msg.id,
        kind: "reply",
        to_address: "mario.rossi@pec.cliente.it",
        from_address: "assistenza@example.it",
        reply_to: "assistenza@example.it",
        subject: "Re",
        header_message_id: "<sp.ours.1@example.it>",
        in_reply_to: null,
        refs: null,
        body_text: "x",
        body_html: null,
        status: "sent",
        attempts: 1,
        last_error: null,
        created_at: Date.now(),
        sent_at: Date.now(),
      })
      .execute();
    const before = Number(
      (
        await env.rt.ctx.db
          .selectFrom("tickets")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
    for (const tipo of ["accettazione", "avvenuta-consegna"]) {
      await send(
        envelope({
          subject: `${tipo === "accettazione" ? "ACCETTAZIONE" : "CONSEGNA"}: Re`,
          headers: [`X-Ricevuta: ${tipo}`, "X-Riferimento-Message-ID: <sp.ours.1@example.it>"],
          tipo,
          msgid: "<sp.ours.1@example.it>",
        }),
      );
    }
    expect(
      Number(
        (
          await env.rt.ctx.db
            .selectFrom("tickets")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(before);
    const receipts = await env.rt.ctx.db
      .selectFrom("ticket_events")
      .select("data")
      .where("ticket_id", "=", ticketId)
      .where("type", "=", "pec_receipt")
      .execute();
    expect(receipts.map((r) => JSON.parse(r.data).type)).toEqual(["accettazione", "avvenuta-consegna"]);
  });
});
