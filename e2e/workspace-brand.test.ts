import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSuite, chromiumAvailable, shot, signInAgent } from "./support";

const AXE = fs.readFileSync(path.resolve(import.meta.dirname, "../node_modules/axe-core/axe.min.js"), "utf8");

/** A 64×64 PNG logo made here: a dark green disc with a white ring on a transparent ground. */
function logoPng(): Buffer {
  const size = 64;
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0);
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - 31.5, y - 31.5);
      const px =
        d < 22 ? [11, 110, 79, 255] : d < 28 ? [255, 255, 255, 255] : d < 31 ? [11, 110, 79, 255] : [0, 0, 0, 0];
      rows.push(...px);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(Buffer.from(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

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

async function axeViolations(page: Page) {
  // Evaluated, not added as a script tag: the agent app's CSP allows no inline script.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: () => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }
    ).axe;
    return (await axe.run()).violations.map(
      (v) => `${v.id} (${v.nodes.length}): ${JSON.stringify(v.nodes).slice(0, 400)}`,
    );
  });
}
