import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { waitFor } from "../server/test/wait";
import { browserSuite, chromiumAvailable, shot, signInAgent } from "./support";

// Listening as people see it, in Chromium against the whole product with the demo workspace: the praise wall and
// its TV view, the public review inbox (negative first) and answering a review, a problem with its reach; in
// Italian and English.
describe.skipIf(!chromiumAvailable)("praise wall, reviews and problems in Chromium", () => {
  const suite = browserSuite("it");
  // One signed-in page per language, shared by the tests (a sign-in costs seconds on a busy machine).
  const pages = new Map<"it" | "en", Promise<Page>>();
  const signIn = async (lang: "it" | "en") => {
    const page = await suite.open(lang, { logErrors: true });
    const login = suite.product.login!;
    await signInAgent(page, suite.product.url, login.email, login.password);
    return page;
  };
  const signedIn = (lang: "it" | "en") => {
    if (!pages.has(lang)) pages.set(lang, signIn(lang));
    return pages.get(lang)!;
  };
  // The demo's good ratings with a comment become kudos once the worker has dispatched their events.
  const kudosCount = async () => {
    const db = suite.product.rt.ctx.db;
    await waitFor(
      async () => !(await db.selectFrom("outbox").select("id").where("dispatched_at", "is", null).executeTakeFirst()),
      { what: "the demo's events dispatched" },
    );
    const { n } = await db
      .selectFrom("kudos")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(n);
  };
  const go = (page: Page, path: string) =>
    page.evaluate((p) => {
      history.pushState(null, "", p);
      dispatchEvent(new PopStateEvent("popstate"));
    }, path);

  it("shows the praise wall and its full-screen TV view in both languages", async () => {
    for (const lang of ["it", "en"] as const) {
      const kudos = await kudosCount();
      expect(kudos).toBeGreaterThanOrEqual(3);
      const page = await signedIn(lang);
      await page.click(`nav a[href="/praise"]`);
      await page.waitForSelector("[data-testid=kudos]");
      expect(await page.locator("[data-testid=kudos]").count()).toBe(kudos);
      expect(await page.textContent("main")).toContain("Anna sorted it out in minutes");
      await shot(page, `praise-${lang}`);
      await page.click(`a[href="/praise?tv=1"]`);
      await page.waitForSelector("[data-testid=praise-tv]");
      const size = await page.evaluate(() => {
        const box = document.querySelector("[data-testid=praise-tv]")!.getBoundingClientRect();
        const quote = document.querySelector("[data-testid=praise-tv] blockquote")!;
        return { width: box.width, height: box.height, font: parseFloat(getComputedStyle(quote).fontSize) };
      });
      // Full screen, in type large enough to read across a room.
      expect(size.width).toBe(1366);
      expect(size.height).toBe(820);
      expect(size.font).toBeGreaterThanOrEqual(24);
      await shot(page, `praise-tv-${lang}`);
      await page.click(".praise-tv-exit");
      await page.waitForSelector("#praise-title");
    }
  });

  it("lists public reviews negative first, and records an answer as published", async () => {
    const page = await signedIn("it");
    await page.click(`nav a[href="/reviews"]`);
    await page.waitForSelector("[data-testid=review-row]");
    const firstRow = await page.locator("[data-testid=review-row]").first().textContent();
    expect(firstRow).toContain("Giorgio P.");
    await shot(page, "reviews-it");
    // No Trustpilot key on this server: the page says what to set, in Italian, and has no button that cannot work.
    await page.waitForSelector("[data-testid=review-source] >> text=/TRUSTPILOT_API_KEY/");
    expect(await page.textContent("[data-testid=review-source]")).toContain(
      "imposta TRUSTPILOT_API_KEY e TRUSTPILOT_BUSINESS_UNIT_ID sul server",
    );
    expect(await page.locator("[data-testid=sync-reviews]").count()).toBe(0);
    await page.locator("[data-testid=review-row] a").first().click();
    await page.waitForSelector("[data-testid=review-card]");
    expect(await page.textContent("[data-testid=review-card]")).toContain("Consegna in ritardo di due settimane");
    await page.fill("#composer-text", "Gentile Giorgio, ci scusi per il ritardo: la contattiamo oggi stesso.");
    await page.click("[data-testid=send]");
    const publish = page.getByRole("button", { name: "Segna come pubblicata" });
    // Enabled once the answer is on the ticket (at once here: the suite sends replies without an undo window).
    await expect.poll(() => publish.isEnabled(), { timeout: 30_000 }).toBe(true);
    await publish.click();
    await page.waitForSelector("[data-testid=published]");
    expect(await page.textContent("[data-testid=published]")).toContain("Giulia Ferri");
    await shot(page, "review-answered-it");
    const en = await signedIn("en");
    await en.click(`nav a[href="/reviews"]`);
    await en.waitForSelector("[data-testid=review-row]");
    expect(await en.textContent("main")).toContain("Published");
    await shot(en, "reviews-en");

    // With a key the platform refuses (expired): when it is read, and why reading it failed.
    const trustpilot = http.createServer((_req, res) => res.writeHead(401).end());
    await new Promise<void>((r) => trustpilot.listen(0, "127.0.0.1", r));
    const { config } = suite.product.rt.ctx;
    const baseUrl = `http://127.0.0.1:${(trustpilot.address() as AddressInfo).port}`;
    config.trustpilot = { apiKey: "expired", businessUnitId: "bu-1", baseUrl };
    try {
      await en.reload();
      await en.waitForSelector(
        "[data-testid=review-source] >> text=Trustpilot is read every 60 minutes. Not read yet.",
      );
      await en.click("[data-testid=sync-reviews]");
      await en.waitForSelector(
        "[data-testid=review-source] [role=alert] >> text=/The last read failed \\(.+\\): Trustpilot refused the API key/",
      );
      // The platform's own words, on hover.
      expect(await en.getAttribute("[data-testid=review-source] [role=alert]", "title")).toBe(
        "Trustpilot answered 401 for the reviews",
      );
      await shot(en, "reviews-source-failed-en");
    } finally {
      config.trustpilot = null;
      trustpilot.close();
    }
  });

  it("shows a problem with the customers, organizations and revenue it affects", async () => {
    for (const lang of ["it", "en"] as const) {
      const page = await signedIn(lang);
      await page.click(`nav a[href="/problems"]`);
      await page.getByRole("link", { name: "Sincronizzazione ordini app-cassa interrotta" }).click();
      await page.waitForSelector("[data-testid=customers-affected]");
      expect(await page.textContent("[data-testid=customers-affected]")).toBe("3");
      // Bar Centrale (48,000) + Hotel Laguna (22,000) + Brew & Co. (the demo's third organization).
      expect(await page.textContent("main")).toMatch(lang === "it" ? /\d{2,3}\.\d{3}\s€/ : /€\d{2,3},\d{3}/);
      await shot(page, `problem-${lang}`);
    }
    const page = await signedIn("it");
    await go(page, "/problems");
    await page.waitForSelector("#suggestions-title");
    expect(await page.textContent(".suggestions")).toContain("Capsule bloccate nella macchina");
  });

  it("lets a supervisor mark a customer's message as praise, which then shows on the wall", async () => {
    const { number } = await suite.product.rt.ctx.db
      .selectFrom("tickets")
      .select("number")
      .where("subject", "=", "L'app non sincronizza gli ordini")
      .executeTakeFirstOrThrow();
    const before = await kudosCount();
    const page = await signedIn("it");
    await go(page, `/tickets/${number}`);
    await page.getByRole("button", { name: "Segna come elogio" }).click();
    await page.getByText("Segnato come elogio").waitFor();
    await page.click(`nav a[href="/praise"]`);
    await expect.poll(() => page.locator("[data-testid=kudos]").count(), { timeout: 10_000 }).toBe(before + 1);
    expect(await page.textContent("main")).toContain("Da ieri l'app non sincronizza gli ordini con la cassa.");
  });
});
