import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createPortalLink } from "../server/modules/portal-links/portal-links";
import { en } from "../web/src/locales/en";
import { it as itTexts } from "../web/src/locales/it";
import { browserSuite, chromiumAvailable, markPage, shot, signInAgent, stillSamePage } from "./support";

// The golden paths in a real Chromium against the real product (web, worker and websockets in one process,
// SQLite, the demo workspace). Screenshots of the main pages in both languages go to artifacts/screenshots.
describe.skipIf(!chromiumAvailable)("golden paths in Chromium", () => {
  const suite = browserSuite("it");
  const open = (lang?: "it" | "en") => suite.open(lang, { logErrors: true });
  const anna = "anna@demo.sportello.it";
  const giulia = "admin@demo.sportello.it";

  /** Signs a demo customer into the portal through a real link and opens one of their requests. */
  async function customerPage(email: string, number: number, lang: "it" | "en" = "it") {
    const c = await suite.product.rt.ctx.db
      .selectFrom("customers")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    const link = await createPortalLink(suite.product.rt.ctx, {
      workspaceId: 1,
      customerId: c.id,
      ticketNumber: number,
      singleUse: false,
    });
    const page = await open(lang);
    await page.goto(link);
    await page.waitForSelector("#request-title");
    return page;
  }

  it("an agent signs in, opens a ticket and replies; the customer sees the reply in the portal without reloading", async () => {
    const ticket = await suite.product.rt.ctx.db
      .selectFrom("tickets")
      .select(["number", "subject"])
      .where("subject", "=", "Cambio indirizzo di consegna")
      .executeTakeFirstOrThrow();
    const customer = await customerPage("sara.gallo@hotellaguna.it", ticket.number);
    await markPage(customer);

    const agent = await open();
    await signInAgent(agent, suite.product.url, giulia, suite.product.login!.password);
    await agent.click("[data-view=all_open]");
    await agent.click(`text=${ticket.subject}`);
    await agent.waitForSelector("#composer-text");
    const reply = "Buongiorno Sara, il nuovo indirizzo è attivo da oggi.";
    await agent.fill("#composer-text", reply);
    await agent.click("[data-testid=send]");
    await agent.waitForSelector(`.thread >> text=${reply}`);

    await customer.waitForSelector(`.thread >> text=${reply}`, { timeout: 10_000 });
    expect(await stillSamePage(customer)).toBe(true);
  });

  it("a customer sends the web form and an agent sees the request appear live", async () => {
    const agent = await open();
    await signInAgent(agent, suite.product.url, anna, suite.product.login!.password);
    await agent.click("[data-view=all_open]");
    await agent.waitForSelector("table[data-loaded-view=all_open]");
    await markPage(agent);

    const customer = await open();
    await customer.goto(`${suite.product.url}/portal/new`);
    await customer.click("button[type=submit]");
    // The form says what is missing, in the person's language, before anything is sent.
    await customer.waitForSelector("text=Scrivi un indirizzo email valido.");
    await customer.fill("input[name=name]", "Chiara Moretti");
    await customer.fill("input[name=email]", "chiara.moretti@example.it");
    await customer.fill("input[name=subject]", "Capsule compatibili in arrivo?");
    // Articles that may already answer come up under the subject after a pause in typing.
    await customer.waitForSelector(".suggestions li >> text=La macchina non eroga caffè");
    await customer.fill("textarea[name=body_text]", "Buongiorno, quando arrivano le nuove capsule compatibili?");
    await customer.setInputFiles("input[name=files]", {
      name: "scontrino.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("scontrino 2231"),
    });
    await customer.click("button[type=submit]");
    // The confirmation, or the form's own message when sending failed: the test then says what the page said.
    const outcome = await customer.waitForSelector("[data-testid=confirmation], form > p.error[role=alert]");
    const text = await outcome.innerText();
    expect(await outcome.getAttribute("data-testid"), `the form said: ${text}`).toBe("confirmation");
    const number = Number(text.match(/#(\d+)/)![1]);
    expect(text).toContain(`${suite.product.url}/portal/requests/${number}`);

    await agent.waitForSelector("tr >> text=Capsule compatibili in arrivo?", { timeout: 10_000 });
    expect(await stillSamePage(agent)).toBe(true);
    const row = await agent.textContent(`tr:has-text("Capsule compatibili in arrivo?")`);
    expect(row).toContain("Chiara Moretti");
  });

  it("a second agent sees who else is viewing and typing, and is warned before sending after someone else replied", async () => {
    const ticket = await suite.product.rt.ctx.db
      .selectFrom("tickets")
      .select(["number"])
      .where("subject", "=", "Perché il mio ordine non è ancora arrivato?")
      .executeTakeFirstOrThrow();
    const first = await open();
    await signInAgent(first, suite.product.url, giulia, suite.product.login!.password);
    await first.goto(`${suite.product.url}/tickets/${ticket.number}`);
    await first.waitForSelector("#composer-text");

    const second = await open();
    await signInAgent(second, suite.product.url, anna, suite.product.login!.password);
    await second.goto(`${suite.product.url}/tickets/${ticket.number}`);
    await second.waitForSelector("[data-testid=presence] >> text=Giulia Ferri sta guardando");
    // And the first agent sees the second arrive.
    await first.waitForSelector("[data-testid=presence] >> text=Anna Conti sta guardando");

    await second.fill("#composer-text", "Buongiorno Paolo, verifico subito");
    await first.waitForSelector("[data-testid=presence] >> text=Anna Conti sta scrivendo…");

    await first.fill("#composer-text", "Paolo, il corriere consegna domani.");
    await first.click("[data-testid=send]");
    await second.waitForSelector("[data-testid=collision] >> text=Giulia Ferri ha appena risposto a questo cliente.");
    await second.click("[data-testid=send]");
    await second.waitForSelector("[role=alertdialog] >> text=Invia comunque");
    await second.click("text=Invia comunque");
    await second.waitForSelector(".thread >> text=Buongiorno Paolo, verifico subito");
  });

  it("moves through the inbox with the keyboard", async () => {
    const page = await open("en");
    await signInAgent(page, suite.product.url, giulia, suite.product.login!.password);
    // Next up is the first page; Get next assigns its top ticket and opens it.
    await page.waitForSelector("table[data-loaded-view=next_up]");
    const top = await page.textContent("table[data-loaded-view=next_up] tbody tr td.num");
    await page.click("[data-testid=get-next]");
    await page.waitForSelector("#ticket-title");
    expect(await page.textContent("#ticket-title")).toContain(`#${top}`);
    expect(await page.inputValue("[data-testid=assignee] >> xpath=.")).not.toBe("");
    await page.click("[data-view=all_open]");
    await page.waitForSelector("table[data-loaded-view=all_open]");
    await page.keyboard.press("?");
    await page.waitForSelector("[role=dialog] >> text=Keyboard shortcuts");
    await page.keyboard.press("Escape");
    await page.keyboard.press("j");
    await page.waitForSelector("tr.cursor[data-row-index='1']");
    const second = await page.textContent("tr.cursor td.num");
    await page.keyboard.press("o");
    await page.waitForSelector("#ticket-title");
    expect(await page.textContent("#ticket-title")).toContain(`#${second}`);
    await page.keyboard.press("n");
    // The composer switches to a note, then focuses its text after that render.
    await page.waitForFunction(() => document.activeElement?.id === "composer-text");
    await page.waitForSelector("[role=tab][aria-selected=true] >> text=Internal note", { timeout: 5000 });
    await page.keyboard.press("Escape");
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("global-search");
    await page.keyboard.type("macchina");
    await page.keyboard.press("Enter");
    await page.waitForSelector("ol.hits mark");
  });

  it("switches every visible text between Italian and English", async () => {
    const ticket = await suite.product.rt.ctx.db
      .selectFrom("tickets")
      .select("number")
      .where("subject", "=", "La macchina espresso perde acqua")
      .executeTakeFirstOrThrow();
    const agent = await open("en");
    await signInAgent(agent, suite.product.url, giulia, suite.product.login!.password);
    const customer = await customerPage("luca.romano@barcentrale.it", ticket.number, "en");
    const form = await open("en");
    await form.goto(`${suite.product.url}/form`);
    await form.waitForSelector("#form-title");

    // Each page with what shows it has loaded: then no "Loading…" may be left.
    const pages: [Page, string, string][] = [
      [agent, "/views/all_open", "table[data-loaded-view=all_open] tbody tr"],
      [agent, `/tickets/${ticket.number}`, ".thread .message"],
      [customer, "/portal", "ul.requests li"],
      [customer, `/portal/requests/${ticket.number}`, ".thread"],
      [form, "/form", "#form-title"],
    ];
    for (const [page, path, ready] of pages) {
      await page.goto(`${suite.product.url}${path}`);
      await page.waitForSelector(ready);
      await page.waitForFunction(() => !document.body.textContent?.match(/Caricamento…|Loading…/));
      const english = await page.innerText("body");
      await page.selectOption("[data-testid=language]", "it");
      await page.waitForFunction(() => document.documentElement.lang === "it");
      const italian = await page.innerText("body");
      // Every interface text shown in English is gone in Italian (unless both languages spell it the same).
      // The language switch names each language in itself ("English", "Italiano") on every page, in both languages:
      // a text equal to one of those names cannot be told from it.
      const shown = texts(en).filter(
        ([key, s]) => contains(english, s) && s !== lookup(itTexts, key) && !["English", "Italiano"].includes(s),
      );
      expect(shown.length, `${path}: no interface text found`).toBeGreaterThan(3);
      const left = shown.filter(([, s]) => contains(italian, s));
      expect(left, `${path}: still in English after the switch`).toEqual([]);
      await page.selectOption("[data-testid=language]", "en");
    }
  });

  it("saves screenshots of the main pages in both languages", async () => {
    const ticket = await suite.product.rt.ctx.db
      .selectFrom("tickets")
      .select("number")
      .where("subject", "=", "La macchina espresso perde acqua")
      .executeTakeFirstOrThrow();
    for (const lang of ["it", "en"] as const) {
      const agent = await open(lang);
      await signInAgent(agent, suite.product.url, giulia, suite.product.login!.password);
      await agent.click("[data-view=all_open]");
      await agent.waitForSelector("table[data-loaded-view=all_open]");
      await shot(agent, `inbox-${lang}`);
      await agent.goto(`${suite.product.url}/tickets/${ticket.number}`);
      await agent.waitForSelector(".thread .message");
      await shot(agent, `ticket-${lang}`);
      const customer = await customerPage("luca.romano@barcentrale.it", ticket.number, lang);
      await shot(customer, `portal-request-${lang}`);
      await customer.goto(`${suite.product.url}/portal`);
      await customer.waitForSelector("ul.requests");
      await shot(customer, `portal-list-${lang}`);
      const form = await open(lang);
      await form.goto(`${suite.product.url}/portal/new`);
      await form.waitForSelector("#form-title");
      await shot(form, `web-form-${lang}`);
    }
  });
});

function texts(obj: object, prefix = ""): [string, string][] {
  return Object.entries(obj)
    .flatMap(([k, v]) =>
      typeof v === "string" ? ([[`${prefix}${k}`, v]] as [string, string][]) : texts(v, `${prefix}${k}.`),
    )
    .map(([k, v]) => [k, v.split("{{")[0].trim()] as [string, string])
    .filter(([, v]) => v.length >= 4);
}

/** Whole words only: "Normal" is not in "Normale". */
function contains(text: string, s: string): boolean {
  return new RegExp(`(^|[^\\p{L}])${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\p{L}])`, "u").test(text);
}

function lookup(obj: object, key: string): string {
  const v = key
    .split(".")
    .reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
  return typeof v === "string" ? v.split("{{")[0].trim() : "";
}
