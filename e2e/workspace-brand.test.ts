import { describe, expect, it } from "vitest";
import { makePng } from "../server/test/png";
import { axeViolations, browserSuite, chromiumAvailable, shot, signInAgent } from "./support";

/** A 64×64 PNG logo made here: a dark green disc with a white ring on a transparent ground. */
const logoPng = () =>
  makePng(64, (x, y) => {
    const d = Math.hypot(x - 31.5, y - 31.5);
    return d < 22 ? [11, 110, 79, 255] : d < 28 ? [255, 255, 255, 255] : d < 31 ? [11, 110, 79, 255] : [0, 0, 0, 0];
  });

// The help centre's colour and logo, set by an admin on the Workspace page in Italian, then seen on /help in both
// languages: the colour in the header band with text that reads on it, the logo beside the name, zero axe violations.
describe.skipIf(!chromiumAvailable)("workspace brand in Chromium", () => {
  const suite = browserSuite("it");

  it("is set on the admin page in Italian and shows on the help centre in both languages", async () => {
    const page = await suite.open("it");
    await signInAgent(page, suite.product.url, "admin@demo.sportello.it", suite.product.login!.password);
    await page.goto(`${suite.product.url}/admin/workspace`);
    await page.waitForSelector("#admin-title");

    // An SVG is refused, with the reason in Italian.
    await page.getByLabel("Scegli un logo").setInputFiles({
      name: "logo.svg",
      mimeType: "image/svg+xml",
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
    });
    await page.getByText("Il logo deve essere un'immagine PNG, JPEG o WebP").waitFor();

    await page
      .getByLabel("Scegli un logo")
      .setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: logoPng() });
    await page.getByText("Logo salvato").waitFor();
    await page.getByRole("img", { name: "Logo attuale" }).waitFor();

    // A light yellow: the preview's header turns to near-black text at once.
    await page.getByLabel("Colore del centro assistenza").fill("#ffd60a");
    const band = page.getByRole("group", { name: "Anteprima dell'intestazione del centro assistenza" }).locator("div");
    await expect.poll(() => band.evaluate((el) => getComputedStyle(el).color)).toBe("rgb(17, 17, 17)");
    await page.getByRole("button", { name: "Salva" }).click();
    await page.getByText("Salvato.").waitFor();
    const ws = await suite.product.rt.ctx.db
      .selectFrom("workspaces")
      .select(["brand_color", "logo_type"])
      .executeTakeFirstOrThrow();
    expect(ws).toEqual({ brand_color: "#ffd60a", logo_type: "image/png" });
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, "workspace-brand-admin-it");
    await page.locator("#logo-title").scrollIntoViewIfNeeded();
    await shot(page, "workspace-brand-logo-it");

    const help = await suite.browser.newContext({ locale: "it-IT" });
    suite.keep(help);
    const reader = await help.newPage();
    for (const lang of ["it", "en"] as const) {
      await reader.goto(`${suite.product.url}/help/${lang}`);
      const header = reader.locator("header");
      expect(await header.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(255, 214, 10)");
      expect(await reader.locator("header a.brand").evaluate((el) => getComputedStyle(el).color)).toBe(
        "rgb(17, 17, 17)",
      );
      const logo = reader.locator("header a.brand img");
      await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
      expect(await reader.locator("header a.brand").innerText()).toContain(
        lang === "it" ? "Centro assistenza" : "Help centre",
      );
      await shot(reader, `help-brand-${lang}`);
      expect(await axeViolations(reader), lang).toEqual([]);
    }
    // An article page too: its feedback buttons are in the brand colour.
    await reader.goto(`${suite.product.url}/help/en/articles/how-to-descale-the-aurora-mini`);
    expect(
      await reader
        .locator(".fb button")
        .first()
        .evaluate((el) => getComputedStyle(el).backgroundColor),
    ).toBe("rgb(255, 214, 10)");
    expect(await axeViolations(reader)).toEqual([]);
    await shot(reader, "help-brand-article-en");
  });
});
