import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { AgentActor } from "../server/http/actor";
import { ingest } from "../server/modules/email/inbound";
import { addMessage } from "../server/modules/tickets/tickets.service";
import { waitFor } from "../server/test/harness";
import { browserSuite, chromiumAvailable, signInAgent } from "./support";

// An emailed reply shows what the customer wrote: the quoted history folded behind a button, a forwarded
// message expanded under its own header. In the agent app and in the portal, in Italian and in English.
const MAILBOX = "assistenza@caffeaurora.it";
const DOCS = path.resolve(import.meta.dirname, "../docs/screenshots");

const eml = (id: string, subject: string, text: string) =>
  Buffer.from(
    [
      "From: Giulia Neri <giulia.neri@botteganeri.it>",
      `To: ${MAILBOX}`,
      `Subject: ${subject}`,
      `Message-ID: <${id}@botteganeri.it>`,
      "Date: Tue, 3 Mar 2026 10:00:00 +0100",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      text.replace(/\n/g, "\r\n"),
    ].join("\r\n"),
  );

const QUOTED =
  "La macchina ora eroga bene, grazie!\n\nGiulia\n\nIl giorno lun 2 mar 2026 alle ore 09:00 Caffè Aurora <assistenza@caffeaurora.it> ha scritto:\n> Buongiorno Giulia,\n> provi a decalcificare la caldaia con il kit che le abbiamo spedito.";
const FORWARD =
  "Vi giro la conferma del corriere, FYI.\n\n---------- Forwarded message ---------\nFrom: Corriere Veloce <avvisi@corriereveloce.it>\nDate: Mon, 2 Mar 2026 at 18:30\nSubject: Consegna programmata\nTo: giulia.neri@botteganeri.it\n\nIl ricambio arriverà mercoledì tra le 9 e le 13.";

describe.skipIf(!chromiumAvailable)("an emailed reply in parts, in Chromium", () => {
  const suite = browserSuite("it");
  const numbers = { quoted: 0, forward: 0 };

  beforeAll(async () => {
    const ctx = suite.product.rt.ctx;
    numbers.quoted = (
      await ingest(ctx, { raw: eml("q1", "Re: Macchina che non eroga", QUOTED), recipients: [MAILBOX] })
    ).ticketNumber!;
    // A new request of its own: the customer forwards the carrier's message with a line above it.
    numbers.forward = (
      await ingest(ctx, { raw: eml("f1", "Fwd: Consegna programmata", FORWARD), recipients: [MAILBOX] })
    ).ticketNumber!;
  });

  async function checkTicket(page: Page, lang: "it" | "en") {
    const labels =
      lang === "it"
        ? { show: "Mostra il testo citato", hide: "Nascondi il testo citato", forwarded: "Messaggio inoltrato" }
        : { show: "Show the quoted text", hide: "Hide the quoted text", forwarded: "Forwarded message" };
    const first = page.locator(".thread li.message.customer").first();
    await first.locator(".parts").waitFor();
    expect(await first.locator(".parts .body").first().innerText()).toBe(
      "La macchina ora eroga bene, grazie!\n\nGiulia",
    );
    // The quote is folded: not on the page until asked for.
    expect(await first.locator("blockquote.quoted").count()).toBe(0);
    expect(await first.innerText()).not.toContain("decalcificare");
    const toggle = first.getByRole("button", { name: labels.show });
    await toggle.click();
    expect(await first.locator("blockquote.quoted").innerText()).toContain("decalcificare la caldaia");
    await first.getByRole("button", { name: labels.hide }).click();
    expect(await first.locator("blockquote.quoted").count()).toBe(0);
  }

  async function checkForward(page: Page, lang: "it" | "en") {
    const forwarded = page.getByRole("region", { name: lang === "it" ? "Messaggio inoltrato" : "Forwarded message" });
    await forwarded.waitFor();
    expect(await forwarded.locator(".forward-header").innerText()).toContain(
      "From: Corriere Veloce <avvisi@corriereveloce.it>",
    );
    expect(await forwarded.locator(".body").innerText()).toBe("Il ricambio arriverà mercoledì tra le 9 e le 13.");
    const note = page.locator(".thread li.message.customer").first();
    expect(await note.locator(".parts > .body").first().innerText()).toBe("Vi giro la conferma del corriere, FYI.");
  }

  it("shows the agent the new text, the quote folded and the forward expanded, in Italian and in English", async () => {
    for (const lang of ["it", "en"] as const) {
      const page = await suite.open(lang, { logErrors: true });
      await signInAgent(page, suite.product.url, "admin@demo.sportello.it", suite.product.login!.password);
      await page.goto(`${suite.product.url}/tickets/${numbers.quoted}${lang === "en" ? "?lang=en" : ""}`);
      await checkTicket(page, lang);
      // The screenshot: the quote opened on the first message, the forward under the second.
      await page.locator(".thread li.message.customer").first().locator("button.link[aria-expanded]").click();
      fs.mkdirSync(DOCS, { recursive: true });
      await page.locator(".thread").screenshot({ path: path.join(DOCS, `email-parts-${lang}.png`) });
      await page.goto(`${suite.product.url}/tickets/${numbers.forward}${lang === "en" ? "?lang=en" : ""}`);
      await checkForward(page, lang);
      await page.locator(".thread").screenshot({ path: path.join(DOCS, `email-forward-${lang}.png`) });
    }
  });

  it("shows the customer the same in the portal, in Italian and in English", async () => {
    const db = suite.product.rt.ctx.db;
    const admin = await db
      .selectFrom("agents")
      .select(["id", "name"])
      .where("email", "=", "admin@demo.sportello.it")
      .executeTakeFirstOrThrow();
    const agent: AgentActor = {
      kind: "agent",
      workspaceId: 1,
      agentId: admin.id,
      name: admin.name,
      role: "admin",
      tier: "first_line",
      via: "cli",
    };
    const text = "Perfetto, allora chiudiamo la richiesta dopo la consegna.";
    await addMessage(suite.product.rt.ctx, agent, numbers.quoted, {
      body_text: text,
      internal: false,
      attachment_ids: [],
    });
    const mail = await waitFor(() =>
      db
        .selectFrom("mail_outbox")
        .select("body_text")
        .where("kind", "=", "reply")
        .where("body_text", "like", `${text}%`)
        .executeTakeFirst(),
    );
    const link = mail.body_text.match(/https?:\/\/\S+\/portal\/sign-in\?\S+/)![0];
    for (const lang of ["it", "en"] as const) {
      const labels =
        lang === "it"
          ? { show: "Mostra il testo citato", forwarded: "Messaggio inoltrato" }
          : { show: "Show quoted text", forwarded: "Forwarded message" };
      const page = await suite.open(lang, { logErrors: true });
      await page.goto(link);
      await page.waitForSelector("#request-title");
      if (lang === "en") await page.goto(`${page.url()}?lang=en`);
      const first = page.locator(".thread li.message.customer").first();
      await first.locator(".parts").waitFor();
      expect(await first.innerText()).not.toContain("decalcificare");
      await first.getByRole("button", { name: labels.show }).click();
      expect(await first.locator("blockquote.quoted").innerText()).toContain("decalcificare la caldaia");
      await page.goto(`${suite.product.url}/portal/requests/${numbers.forward}${lang === "en" ? "?lang=en" : ""}`);
      const forwarded = page.getByRole("region", { name: labels.forwarded });
      expect(await forwarded.locator(".body").innerText()).toBe("Il ricambio arriverà mercoledì tra le 9 e le 13.");
    }
  });
});
