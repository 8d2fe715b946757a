import { beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../server/test/wait";
import { browserSuite, chromiumAvailable, shot, signInAgent } from "./support";

// The knowledge base beside a demo ticket: the article its question looks like is suggested, "Insert link" puts
// the article's public address into the reply at the cursor, "Link" links it as the answer and lists it in the
// same card, and the article's page lists the ticket. In Italian and in English, on two demo tickets.
describe.skipIf(!chromiumAvailable)("suggested articles in the ticket's sidebar in Chromium", () => {
  const suite = browserSuite("it");
  const admin = "admin@demo.sportello.it";
  const cases = {
    it: {
      subject: "Fattura di ottobre non ricevuta",
      article: "Scaricare le fatture dal portale",
      card: "Articoli suggeriti",
      insert: "Inserisci link",
      insertText: "Inserisci testo",
      text: "Tutte le fatture sono nel portale clienti, alla voce Documenti.",
      link: "Collega",
      linked: "Articoli collegati",
      turn: "Trasforma in articolo",
      tickets: "Ticket collegati",
    },
    en: {
      subject: "Descaling instructions",
      article: "How to descale the Aurora Mini",
      card: "Suggested articles",
      insert: "Insert link",
      insertText: "Insert text",
      text: "Limescale slows the flow and changes the taste of your coffee. Descale every 200 coffees",
      link: "Link",
      linked: "Linked articles",
      turn: "Turn into an article",
      tickets: "Linked tickets",
    },
  } as const;
  const numbers = { it: 0, en: 0 };
  const articles = { it: { id: 0, slug: "" }, en: { id: 0, slug: "" } };

  beforeAll(async () => {
    const { db } = suite.product.rt.ctx;
    for (const lang of ["it", "en"] as const) {
      const c = cases[lang];
      numbers[lang] = (
        await db.selectFrom("tickets").select("number").where("subject", "=", c.subject).executeTakeFirstOrThrow()
      ).number;
      articles[lang] = await db
        .selectFrom("kb_articles")
        .select(["id", "slug"])
        .where("title", "=", c.article)
        .executeTakeFirstOrThrow();
    }
  });

  for (const lang of ["it", "en"] as const) {
    it(`suggests the demo article, inserts its link and links it (${lang})`, async () => {
      const c = cases[lang];
      const a = articles[lang];
      const page = await suite.open(lang);
      await signInAgent(page, suite.product.url, admin, suite.product.login!.password);
      await page.goto(`${suite.product.url}/tickets/${numbers[lang]}`);
      const card = "[data-testid=suggested-articles]";
      const item = `${card} li[data-article="${a.id}"]`;
      await page.waitForSelector(`${card} h2 >> text=${c.card}`);
      await page.waitForSelector(`${item} >> text=${c.article}`);
      // The article that answers the question comes first.
      expect(await page.getAttribute(`${card} li[data-article] >> nth=0`, "data-article")).toBe(String(a.id));

      await page.evaluate(() => document.querySelector("[data-testid=suggested-articles]")?.scrollIntoView());
      await shot(page, `ticket-articles-suggested-${lang}`);

      // The link goes in at the cursor, after what the agent has typed.
      await page.fill("#composer-text", "Ecco / Here: ");
      await page.focus("#composer-text");
      await page.keyboard.press("End");
      await page.click(`${item} button >> text="${c.insert}"`);
      const url = `${suite.product.url}/help/${lang}/articles/${a.slug}`;
      await page.waitForFunction(
        (u) => (document.querySelector("#composer-text") as HTMLTextAreaElement).value.includes(u),
        url,
      );
      expect(await page.inputValue("#composer-text")).toBe(`Ecco / Here: ${url}`);
      // "Insert text" puts the article's Markdown in as plain text, after the link.
      await page.click(`${item} button >> text="${c.insertText}"`);
      await page.waitForFunction(
        (w) => (document.querySelector("#composer-text") as HTMLTextAreaElement).value.includes(w),
        c.text,
      );
      const composed = await page.inputValue("#composer-text");
      expect(composed.startsWith(`Ecco / Here: ${url}\n\n${c.text}`)).toBe(true);
      expect(composed).not.toContain("**");

      await page.click(`${item} button >> text="${c.link}"`);
      await page.waitForSelector(`[data-testid=linked-articles] >> text=${c.article}`);
      await page.waitForSelector(`${card} h3 >> text=${c.linked}`);
      // Linked, it leaves the suggestions; the link is stored with who made it.
      expect(await page.locator(item).count()).toBe(0);
      await waitFor(async () => {
        const rows = await suite.product.rt.ctx.db
          .selectFrom("ticket_article_links")
          .innerJoin("tickets", "tickets.id", "ticket_article_links.ticket_id")
          .select(["ticket_article_links.article_id", "ticket_article_links.agent_id"])
          .where("tickets.number", "=", numbers[lang])
          .execute();
        return rows.length === 1 && rows[0]!.article_id === a.id && rows[0]!.agent_id !== null;
      });
      // "Turn into an article" is for a solved or closed ticket: the English demo ticket is closed.
      expect(await page.locator(`${card} a >> text="${c.turn}"`).count()).toBe(lang === "en" ? 1 : 0);
      await page.evaluate(() => document.querySelector("[data-testid=suggested-articles]")?.scrollIntoView());
      await shot(page, `ticket-articles-${lang}`);

      // The article's page lists the ticket, a link to it.
      await page.click(`[data-testid=linked-articles] a >> text=${c.article}`);
      const ticketLink = `[data-testid=linked-tickets] a[href="/tickets/${numbers[lang]}"]`;
      await page.waitForSelector(`[data-testid=linked-tickets] h2 >> text=${c.tickets}`);
      expect(await page.textContent(ticketLink)).toBe(`#${numbers[lang]} ${c.subject}`);
      await page.evaluate(() => document.querySelector("[data-testid=linked-tickets]")?.scrollIntoView());
      await shot(page, `article-linked-tickets-${lang}`);
    });
  }
});
