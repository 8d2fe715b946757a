import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSuite, chromiumAvailable, signInAgent } from "./support";

// Issue 21, finding 7, in a real Chromium: the pages work under their Content-Security-Policy (nothing refused),
// and the web form shows in another site's frame only when the admin lists that site.
describe.skipIf(!chromiumAvailable)("security headers in Chromium", () => {
  const suite = browserSuite("en");
  let site: http.Server;
  let siteOrigin: string;
  beforeAll(async () => {
    // Another site (another origin: another port) that embeds the form with the embed script.
    site = http.createServer((_req, res) =>
      res
        .writeHead(200, { "content-type": "text/html" })
        .end(
          `<!doctype html><title>Shop</title><h1>Shop</h1><script src="${suite.product.url}/embed.js" data-lang="en"></script>`,
        ),
    );
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
    siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  });
  afterAll(() => site?.close());

  /** A page that records every Content-Security-Policy refusal and script error. */
  async function watched() {
    const page = await suite.open("en");
    const refused: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    page.on("pageerror", (e) => refused.push(e.message));
    return { page, refused };
  }

  it("runs the agent app, the portal, the web form and the API docs with nothing refused", async () => {
    const { page, refused } = await watched();
    await signInAgent(page, suite.product.url, "admin@demo.sportello.it", suite.product.login!.password);
    await page.waitForSelector("main");
    await page.goto(`${suite.product.url}/portal`);
    await page.waitForSelector("main");
    await page.goto(`${suite.product.url}/form`);
    await page.waitForSelector("#form-title");
    await page.goto(`${suite.product.url}/api/docs`);
    await page.waitForSelector("#ops h2");
    expect(refused).toEqual([]);
  });

  const formShown = async (page: Page) => {
    await page.goto(siteOrigin);
    const frame = await (await page.waitForSelector("iframe")).contentFrame();
    return frame!
      .waitForSelector("#form-title", { timeout: 5000 })
      .then(() => true)
      .catch(() => false);
  };

  it("shows the web form in another site's frame only once the admin lists that site", async () => {
    const { page: before, refused } = await watched();
    expect(await formShown(before)).toBe(false);
    expect(refused.join("\n")).toMatch(/frame-ancestors/);
    await suite.product.rt.ctx.db
      .updateTable("workspaces")
      .set({ form_frame_origins: JSON.stringify([siteOrigin]) })
      .execute();
    const { page: after } = await watched();
    expect(await formShown(after)).toBe(true);
  });
});
