import nodemailer from "nodemailer";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SmtpServer, startSmtpServer } from "../server/modules/email/smtp-server";
import { chromiumAvailable, contextIn, launch, shot, signInAgent, startProduct } from "./support";
import { type PecOptions, pecEnvelope } from "../server/test/pec";
import { waitFor } from "../server/test/wait";

// What the email channel records, as an agent sees it on the ticket page: a certified (PEC) message and the
// receipts of our reply, a bounce of our reply, an email that could not be read, an automatic reply, and the
// original .eml of every received email. Everything arrives through the built-in SMTP server of the product.
const MAILBOX = "assistenza@caffeaurora.it";

// A PEC transport envelope or receipt (server/test/pec.ts), addressed to our mailbox, each with its own
// provider identifier.
const pec = (opts: Omit<PecOptions, "to" | "id">) =>
  pecEnvelope({ ...opts, to: MAILBOX, id: `opec210.${opts.tipo}.12345.01@pec.gestore.it` });

/** A delivery status notification (RFC 3464) for one of our emails: the mailbox was full. */
const bounce = (recipient: string, messageId: string, subject: string) =>
  [
    "From: Mail Delivery Subsystem <mailer-daemon@mx.libero.it>",
    `To: ${MAILBOX}`,
    "Subject: Undelivered Mail Returned to Sender",
    `Message-ID: <dsn-${Date.now()}@mx.libero.it>`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"',
    "",
    "--dsn",
    "Content-Type: text/plain",
    "",
    "Your message could not be delivered: mailbox full.",
    "",
    "--dsn",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.libero.it",
    "",
    `Final-Recipient: rfc822; ${recipient}`,
    "Action: failed",
    "Status: 5.2.2",
    "Diagnostic-Code: smtp; 552 mailbox full",
    "",
    "--dsn",
    "Content-Type: text/rfc822-headers",
    "",
    `From: ${MAILBOX}`,
    `To: ${recipient}`,
    `Message-ID: ${messageId}`,
    `Subject: ${subject}`,
    "",
    "--dsn--",
    "",
  ].join("\r\n");

/** A message whose MIME structure nests past what the parser accepts: it is stored raw and flagged unreadable. */
function unparseable() {
  const parts: string[] = [];
  for (let i = 0; i < 1200; i++) parts.push(`--b${i - 1}`, `Content-Type: multipart/mixed; boundary="b${i}"`, "");
  return [
    "From: Ufficio Acquisti <acquisti@ditta-rossi.it>",
    `To: ${MAILBOX}`,
    "Subject: Fattura n. 2231",
    "Message-ID: <broken-2231@ditta-rossi.it>",
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="b-1"',
    "",
    ...parts,
    "--b1199",
    "Content-Type: text/plain",
    "",
    "In allegato la fattura.",
    "",
  ].join("\r\n");
}

describe.skipIf(!chromiumAvailable)("email details on the ticket page in Chromium", () => {
  let product: Awaited<ReturnType<typeof startProduct>>;
  let smtp: SmtpServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let send: (from: string, raw: string) => Promise<number>;
  const numbers = { pec: 0, bounced: 0, unreadable: 0, auto: 0 };

  beforeAll(async () => {
    product = await startProduct();
    smtp = await startSmtpServer(product.rt.ctx, 0, "127.0.0.1");
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, ignoreTLS: true });
    send = async (from, raw) => {
      const r = await transport.sendMail({ envelope: { from, to: [MAILBOX] }, raw });
      return Number(r.response.match(/#(\d+)/)?.[1] ?? 0);
    };
    browser = await launch();
    context = await contextIn(browser, "it");
    page = await context.newPage();
    page.on("pageerror", (e) => console.error("page error:", e.message));
  });
  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await smtp?.close();
    await product?.close();
  });

  // The test context's init script puts Italian back on every full load (support.ts contextIn); after the switch
  // the language rides in the URL, as ?lang= links do.
  const openTicket = async (n: number, lang?: "en") => {
    await page.goto(`${product.url}/tickets/${n}${lang ? `?lang=${lang}` : ""}`);
    await page.waitForSelector(".thread li.message");
  };
  /** An agent's public reply through the composer; returns the Message-ID its email got in the outbox. */
  async function replyAndGetMessageId(n: number, text: string) {
    await openTicket(n);
    await page.fill("#composer-text", text);
    await page.click("[data-testid=send]");
    await page.waitForSelector(`.thread li.message.agent >> text=${text}`);
    const ticket = await product.rt.ctx.db
      .selectFrom("tickets")
      .select("id")
      .where("number", "=", n)
      .executeTakeFirstOrThrow();
    return waitFor(
      () =>
        product.rt.ctx.db
          .selectFrom("mail_outbox")
          .select(["header_message_id", "subject"])
          .where("ticket_id", "=", ticket.id)
          .where("kind", "=", "reply")
          .executeTakeFirst(),
      { what: `the outgoing email for #${n}` },
    );
  }

  it("receives the emails and the agent answers two of them", async () => {
    const original = [
      "From: Mario Rossi <mario.rossi@pec.cliente.it>",
      `To: ${MAILBOX}`,
      "Subject: Reclamo fornitura",
      "Message-ID: <orig-1@pec.cliente.it>",
      "Content-Type: text/plain; charset=UTF-8",
      "",
      "La fornitura di ottobre è arrivata incompleta: mancano due cartoni di miscela Oro.",
    ].join("\r\n");
    numbers.pec = await send(
      "posta-certificata@pec.gestore.it",
      pec({
        subject: "POSTA CERTIFICATA: Reclamo fornitura",
        headers: ["X-Trasporto: posta-certificata"],
        tipo: "posta-certificata",
        msgid: "<orig-1@pec.cliente.it>",
        day: "24/11/2026",
        time: "10:15:02",
        original,
      }),
    );
    numbers.bounced = await send(
      "francesca.neri@libero.it",
      [
        "From: Francesca Neri <francesca.neri@libero.it>",
        `To: ${MAILBOX}`,
        "Subject: Macinacaffè rumoroso",
        "Message-ID: <fn-1@libero.it>",
        "Content-Type: text/plain; charset=UTF-8",
        "",
        "Il macinacaffè fa un rumore forte da ieri.",
      ].join("\r\n"),
    );
    numbers.unreadable = await send("acquisti@ditta-rossi.it", unparseable());
    numbers.auto = await send(
      "ferie@barcentrale.it",
      [
        "From: Bar Centrale <ferie@barcentrale.it>",
        `To: ${MAILBOX}`,
        "Subject: Risposta automatica: fuori sede",
        "Auto-Submitted: auto-replied",
        "Message-ID: <ooo-1@barcentrale.it>",
        "Content-Type: text/plain; charset=UTF-8",
        "",
        "Siamo chiusi per ferie fino al 7 gennaio.",
      ].join("\r\n"),
    );
    expect(Object.values(numbers).every((n) => n > 0)).toBe(true);

    await signInAgent(page, product.url, "admin@demo.sportello.it", product.login!.password);
    const pecReply = await replyAndGetMessageId(numbers.pec, "Gentile Mario, spediamo oggi i due cartoni mancanti.");
    const lostReply = await replyAndGetMessageId(
      numbers.bounced,
      "Buongiorno Francesca, le mandiamo un tecnico giovedì.",
    );
    // Our PEC provider accepts the reply, then the customer's provider delivers it; the other reply bounces.
    for (const [tipo, label, time] of [
      ["accettazione", "ACCETTAZIONE", "11:02:40"],
      ["avvenuta-consegna", "CONSEGNA", "11:02:43"],
    ]) {
      await send(
        "posta-certificata@pec.gestore.it",
        pec({
          subject: `${label}: ${pecReply.subject}`,
          headers: [`X-Ricevuta: ${tipo}`, `X-Riferimento-Message-ID: ${pecReply.header_message_id}`],
          tipo,
          msgid: pecReply.header_message_id,
          day: "24/11/2026",
          time,
        }),
      );
    }
    await send("", bounce("francesca.neri@libero.it", lostReply.header_message_id, lostReply.subject));
  });

  it("shows certification, receipts, the bounce, the unreadable notice and the original .eml in Italian", async () => {
    await openTicket(numbers.pec);
    const customer = page.locator(".thread li.message.customer").first();
    expect(await customer.locator("[data-testid=pec-badge]").innerText()).toBe("Posta certificata");
    expect(await customer.locator("[data-testid=pec-certified]").innerText()).toBe(
      "Inviata dall'indirizzo certificato mario.rossi@pec.cliente.it il 24 novembre 2026 alle ore 10:15:02",
    );
    const receipts = await page.locator(".thread li.message.agent [data-testid=pec-receipts]").innerText();
    expect(receipts).toContain("Accettata per l'invio dal nostro gestore PEC · 24 novembre 2026 alle ore 11:02:40");
    expect(receipts).toContain("Consegnata nella casella PEC del destinatario · 24 novembre 2026 alle ore 11:02:43");
    const timeline = await page.locator("ol.timeline").innerText();
    expect(timeline).toContain("Posta certificata (PEC) ricevuta da mario.rossi@pec.cliente.it");
    expect(timeline).toContain("Ricevuta PEC: Consegnata nella casella PEC del destinatario");
    expect(timeline).not.toMatch(/pec receipt|pec certified/);
    // The original is the provider's envelope, exactly as it arrived.
    const eml = customer.locator("[data-testid=original-eml]");
    expect(await eml.innerText()).toBe("Originale (.eml)");
    const raw = await page.request.get(new URL((await eml.getAttribute("href"))!, product.url).href);
    expect(raw.status()).toBe(200);
    expect(raw.headers()["content-type"]).toBe("message/rfc822");
    expect(await raw.text()).toContain("X-Trasporto: posta-certificata");
    await shot(page, "email-pec-it");

    await openTicket(numbers.bounced);
    const failed = page.locator(".thread li.message.agent [data-testid=delivery-failed]");
    expect(await failed.innerText()).toContain(
      "Consegna non riuscita: l'email a francesca.neri@libero.it è tornata indietro",
    );
    expect(await page.locator("ol.timeline li.failed").innerText()).toContain(
      "Consegna non riuscita: l'email a francesca.neri@libero.it è tornata indietro",
    );
    // The bounce is not a message of the thread: the customer's email and our reply, nothing else.
    expect(await page.locator(".thread li.message").count()).toBe(2);
    await shot(page, "email-bounce-it");

    await openTicket(numbers.auto);
    expect(await page.locator("[data-testid=auto-reply]").innerText()).toBe("Risposta automatica");

    await openTicket(numbers.unreadable);
    const notice = page.locator("[data-testid=unreadable]");
    expect(await notice.innerText()).toBe(
      "Non è stato possibile leggere questa email; l'originale è allegato. Scarica l'originale (.eml)",
    );
    const href = await notice.locator("a").getAttribute("href");
    const original = await page.request.get(new URL(href!, product.url).href);
    expect(original.status()).toBe(200);
    expect(await original.text()).toContain("Message-ID: <broken-2231@ditta-rossi.it>");
    expect(await page.locator(".tags-field").innerText()).toContain("unreadable-email");
    // The raw text stays folded behind the notice until asked for.
    expect(await page.locator(".body.raw").count()).toBe(0);
    await page.click("text=Mostra il testo così come è arrivato");
    expect(await page.locator(".body.raw").innerText()).toContain("Subject: Fattura n. 2231");
    await shot(page, "email-unreadable-it");
  });

  it("says the same in English after switching language", async () => {
    await page.selectOption("[data-testid=language]", "en");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    expect(await page.locator("[data-testid=unreadable]").innerText()).toBe(
      "This email could not be read; the original is attached. Download the original (.eml)",
    );
    expect(await page.locator("[data-testid=original-eml]").innerText()).toBe("Original (.eml)");
    await shot(page, "email-unreadable-en");

    await openTicket(numbers.pec, "en");
    expect(await page.locator("[data-testid=pec-badge]").innerText()).toBe("Certified email (PEC)");
    expect(await page.locator("[data-testid=pec-certified]").innerText()).toBe(
      "Sent from the certified address mario.rossi@pec.cliente.it on 24 November 2026 at 10:15:02",
    );
    expect(await page.locator("[data-testid=pec-receipts]").innerText()).toContain(
      "Delivered to the recipient's PEC mailbox · 24 November 2026 at 11:02:43",
    );
    expect(await page.locator("ol.timeline").innerText()).toContain(
      "Certified email (PEC) received from mario.rossi@pec.cliente.it",
    );
    await shot(page, "email-pec-en");

    await openTicket(numbers.bounced, "en");
    expect(await page.locator(".thread li.message.agent [data-testid=delivery-failed]").innerText()).toContain(
      "Delivery failed: the email to francesca.neri@libero.it bounced",
    );
    expect(await page.locator("ol.timeline li.failed").innerText()).toContain(
      "Delivery failed: the email to francesca.neri@libero.it bounced",
    );
    await shot(page, "email-bounce-en");

    await openTicket(numbers.auto, "en");
    expect(await page.locator("[data-testid=auto-reply]").innerText()).toBe("Automatic reply");
  });
});
