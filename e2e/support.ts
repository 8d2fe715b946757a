import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import pino from "pino";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { buildApp } from "../server/app";
import { loadConfig } from "../server/config";
import { seedDemo } from "../server/db/seed";
import { createRuntime } from "../server/runtime";
import { freshDatabase } from "../server/test/harness";
import { freePort } from "../server/test/nodes";
import { serveWeb } from "../server/web";
import { buildWeb } from "../scripts/build-web.mjs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumAvailable = fs.existsSync(CHROMIUM);
export const SHOTS = path.resolve(import.meta.dirname, "../artifacts/screenshots");

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
    ],
  });
}

/** The whole product in this process (web, worker, realtime) on a fresh SQLite database with the demo workspace. */
export async function startProduct(extra: { databaseUrl?: string | null; dataDir?: string } = {}) {
  await buildWeb({ quiet: true });
  const fresh = extra.dataDir ? null : await freshDatabase("sqlite", { migrated: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = {
    ...loadConfig({
      DATA_DIR: extra.dataDir ?? fresh!.dataDir,
      LOG_LEVEL: "silent",
      SEED_DEMO: "never",
      PUBLIC_URL: url,
    }),
    databaseUrl: extra.databaseUrl ?? fresh?.databaseUrl ?? null,
  };
  const rt = await createRuntime(config, { log: pino({ level: "silent" }) });
  rt.startWorker();
  const app = await buildApp(rt.ctx);
  await serveWeb(app, rt.ctx);
  const login = extra.dataDir ? null : await seedDemo(rt.ctx);
  await app.listen({ port, host: "127.0.0.1" });
  expectPort(app.server.address() as AddressInfo, port);
  return {
    rt,
    app,
    url,
    login,
    async close() {
      await app.close();
      await rt.close();
      await fresh?.drop();
    },
  };
}

export type Product = Awaited<ReturnType<typeof startProduct>>;

/**
 * One product and one Chromium for a describe block, started before its tests and closed after them with every
 * browser context the tests opened. `open` gives a page in a context of its own, in one language.
 * Public replies are sent at once (undo window 0 s): the demo's 5 s window made each reply a test sent wait 5 s
 * more. The window's own test keeps it (`keepUndoWindow`).
 */
export function browserSuite(defaultLang: "it" | "en", opts: { keepUndoWindow?: boolean } = {}) {
  let product: Product | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    product = await startProduct();
    if (!opts.keepUndoWindow) await product.rt.ctx.db.updateTable("workspaces").set({ undo_send_seconds: 0 }).execute();
    browser = await launch();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await product?.close();
  });
  return {
    get product() {
      return product!;
    },
    get browser() {
      return browser!;
    },
    /** A context made some other way, closed with the others. */
    keep(c: BrowserContext) {
      contexts.push(c);
      return c;
    },
    async context(lang: "it" | "en" = defaultLang) {
      const c = await contextIn(browser!, lang);
      contexts.push(c);
      return c;
    },
    async open(
      lang: "it" | "en" = defaultLang,
      opts: { viewport?: { width: number; height: number }; logErrors?: boolean } = {},
    ) {
      const page = await (await this.context(lang)).newPage();
      if (opts.viewport) await page.setViewportSize(opts.viewport);
      if (opts.logErrors) page.on("pageerror", (e) => console.error("page error:", e.message));
      return page;
    },
  };
}

function expectPort(a: AddressInfo, port: number) {
  if (a.port !== port) throw new Error(`listening on ${a.port}, expected ${port}`);
}

/** A browser context in one language, as a person with that browser would have it. */
export async function contextIn(browser: Browser, lang: "it" | "en"): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    viewport: { width: 1366, height: 820 },
    locale: lang === "it" ? "it-IT" : "en-GB",
    timezoneId: "Europe/Rome",
  });
  // In every frame; a third-party frame may be denied storage (the embedded web form), and then keeps its own choice.
  await ctx.addInitScript((l) => {
    try {
      localStorage.setItem("sportello.language", l);
    } catch {
      /* denied */
    }
  }, lang);
  return ctx;
}

export async function signInAgent(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/`);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("table.tickets");
}

/**
 * Moves a page of the agent app to `to` as its own links do (no reload), and waits for the new page's `ready`
 * element: what the last page showed that matches it is marked first, so the wait is for the new page's own.
 */
export async function goInApp(page: Page, to: string, ready: string) {
  await page.evaluate(
    ([to, sel]) => {
      document.querySelectorAll(sel).forEach((el) => el.setAttribute("data-seen", ""));
      history.pushState(null, "", to);
      dispatchEvent(new PopStateEvent("popstate"));
    },
    [to, ready],
  );
  await page.waitForSelector(`${ready}:not([data-seen])`);
}

/** Marks the page; `stillSamePage` is false after any reload or full navigation. */
export const markPage = (page: Page) => page.evaluate(() => ((window as unknown as { __mark: number }).__mark = 1));
export const stillSamePage = (page: Page) =>
  page.evaluate(() => (window as unknown as { __mark?: number }).__mark === 1);

export async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

const AXE = fs.readFileSync(path.resolve(import.meta.dirname, "../node_modules/axe-core/axe.min.js"), "utf8");

/**
 * axe-core's violations on the page, of any impact, one line each ("impact id: targets"). Evaluated, not added as a
 * script tag: the agent app's CSP allows no inline script.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    type Found = { id: string; impact: string | null; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: Found[] }> } })
      .axe;
    const found = (await axe.run(document, { resultTypes: ["violations"] })).violations;
    return found.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}
