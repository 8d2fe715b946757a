import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { waitFor } from "../server/test/wait";
import { browserSuite, chromiumAvailable, shot } from "./support";

const AXE = path.resolve(import.meta.dirname, "../node_modules/axe-core/axe.min.js");

// The public help centre in Chromium: read, searched and answered with JavaScript off, accessible (axe), and the
// web form's suggestions counted as a deflection when a customer opens one and leaves.
describe.skipIf(!chromiumAvailable)("help centre in Chromium", () => {
  const suite = browserSuite("en");

  it("is read, searched and answered without JavaScript, in both languages", async () => {
    const ctx = suite.keep(
      await suite.browser.newContext({ javaScriptEnabled: false, locale: "en-GB", extraHTTPHeaders: {} }),
    );
    const page = await ctx.newPage();
    await page.goto(`${suite.product.url}/help`);
    expect(new URL(page.url()).pathname).toBe("/help/en");
    await page.getByRole("link", { name: "Coffee machines" }).click();
    await page.getByRole("link", { name: "How to descale the Aurora Mini" }).click();
    expect(await page.locator("h1").innerText()).toBe("How to descale the Aurora Mini");
    expect(await page.locator("nav ol.crumbs").innerText()).toMatch(/Help\s*›?\s*Coffee machines/);
    await shot(page, "help-article-en");
    // The language switch leads to the translation.
    await page.getByRole("link", { name: "Italiano" }).click();
    expect(new URL(page.url()).pathname).toBe("/help/it/articles/come-decalcificare-la-aurora-mini");
    await shot(page, "help-article-it");
    // Search with a typo, from the form on the page.
    await page.fill("input[name=q]", "decalcificante spedizone");
    await page.getByRole("button", { name: "Cerca" }).click();
    await page.getByRole("link", { name: "Tempi e costi di spedizione" }).waitFor();
    // "Was this helpful?" as a plain form post.
    await page.getByRole("link", { name: "Tempi e costi di spedizione" }).click();
    await page.fill("textarea[name=comment]", "Mancano i tempi per la Sardegna");
    await page.getByRole("button", { name: "No", exact: true }).click();
    await page.getByText("Grazie: la tua risposta").waitFor();
    const row = await suite.product.rt.ctx.db
      .selectFrom("kb_feedback")
      .select(["helpful", "comment"])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ helpful: 0, comment: "Mancano i tempi per la Sardegna" });
    // The internal article is not there.
    const internal = await page.goto(`${suite.product.url}/help/it/articles/rimborsi-oltre-300-euro-chi-approva`);
    expect(internal?.status()).toBe(404);
    expect(await page.content()).not.toContain("Marco Bianchi");
  });

  it("has no accessibility violations (axe-core)", async () => {
    const ctx = suite.keep(await suite.browser.newContext({ bypassCSP: true, locale: "it-IT" }));
    const page = await ctx.newPage();
    for (const url of [
      "/help/it",
      "/help/en/macchine",
      "/help/it/articles/come-restituire-un-prodotto-e-ottenere-il-rimborso",
      "/help/en/search?q=refund",
      "/help/en/articles/nope",
    ]) {
      await page.goto(`${suite.product.url}${url}`);
      expect(await axeViolations(page), url).toEqual([]);
    }
  });

  it("counts a deflection: a suggestion opened from the web form, then the form left", async () => {
    const page = await suite.open("it");
    await page.goto(`${suite.product.url}/portal/new`);
    await page.getByLabel("Oggetto").pressSequentially("La macchina non fa il caffè");
    const link = page.getByRole("link", { name: "La macchina non eroga caffè" });
    await link.waitFor();
    const [article] = await Promise.all([page.context().waitForEvent("page"), link.click()]);
    await article.waitForLoadState();
    expect(await article.locator("h1").innerText()).toBe("La macchina non eroga caffè");
    await article.close();
    await page.goto("about:blank");
    const kinds = await waitFor(
      async () => {
        const rows = await suite.product.rt.ctx.db.selectFrom("kb_deflections").select("kind").execute();
        const k = rows.map((r) => r.kind).sort();
        return k.includes("deflected") && k;
      },
      { what: "the deflection to be recorded" },
    );
    expect(kinds).toContain("shown");
    expect(kinds).toContain("opened");
    expect(kinds).not.toContain("submitted");
  });
});

async function axeViolations(page: Page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: () => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }
    ).axe;
    return (await axe.run()).violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
  return result;
}
