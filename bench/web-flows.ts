// The agent's day in Chromium at N tickets (issue 19's targets): the inbox after a cold and a warm navigation,
// opening a ticket from the inbox, search results by a customer's name, and a new message reaching another
// agent's open ticket. Times are taken in the page (performance.now through the next animation frame), except
// the last, which runs from the moment the message is sent (the API, from this process) to the moment the other
// agent's page shows it, both on the epoch clock of this machine.
import type { Browser, Page } from "playwright-core";
import type { Kysely } from "kysely";
import { contextIn, signInAgent } from "../e2e/support";
import type { Database } from "../server/db/schema";
import { hashPassword } from "../server/modules/auth/auth.service";

export const BENCH_PASSWORD = "bench password 1";
/** The loaded database's first admin, given the bench's password so that a browser can sign in as them. */
export async function benchAdmin(db: Kysely<Database>) {
  const admin = await db
    .selectFrom("agents")
    .select(["id", "email"])
    .where("role", "=", "admin")
    .orderBy("id")
    .executeTakeFirstOrThrow();
  await db
    .updateTable("agents")
    .set({ password_hash: await hashPassword(BENCH_PASSWORD) })
    .where("id", "=", admin.id)
    .execute();
  return { ...admin, password: BENCH_PASSWORD };
}

const ROWS = "table[data-loaded-view] tbody tr[data-row-index]";
/**
 * Installed in every page before its own scripts: the moment (performance.now, at the next frame) the inbox's rows
 * are first in the DOM, found by a querySelector once per frame. Playwright's waitForSelector measured its own
 * work too: its visibility checks ran on the page's main thread, 60-70 ms of it, while the rows were coming.
 */
const ROWS_WATCH = `window.__rowsPainted = new Promise((resolve) => {
  const until = performance.now() + 20000;
  const check = () => {
    if (document.querySelector(${JSON.stringify(ROWS)})) requestAnimationFrame(() => resolve(performance.now()));
    else if (performance.now() < until) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
});`;
/** Milliseconds since the page's navigation began, at the next frame after the inbox's rows are in the DOM. */
const rowsPaintedSinceNavigation = async (page: Page) => {
  const at = (await page.evaluate("window.__rowsPainted")) as number | undefined;
  if (typeof at !== "number") throw new Error("the inbox's rows were not seen in the page");
  return at;
};

/**
 * Until the page has nothing left to do (no request for 500 ms, then an idle moment of its main thread): each
 * flow starts from a quiet page, as when a person acts, instead of inside the previous flow's last work (the
 * scripts fetched after the inbox's first paint), which it would otherwise measure too.
 */
const quiet = async (page: Page) => {
  await page.waitForLoadState("networkidle");
  await page.evaluate("new Promise((r) => requestIdleCallback(() => r(), { timeout: 2000 }))");
};

/** Clicks `target` (or submits its form) in the page and resolves with the ms until `until` is in the DOM and painted. */
const ACT_UNTIL = `(a) => {
  const t0 = performance.now();
  const el = document.querySelector(a.target);
  if (a.submit) el.form.requestSubmit();
  else el.click();
  return new Promise((resolve) => {
    const check = () => {
      if (document.querySelector(a.until)) requestAnimationFrame(() => resolve(performance.now() - t0));
      else requestAnimationFrame(check);
    };
    check();
  });
}`;
const actUntil = (page: Page, target: string, until: string, submit = false) =>
  page.evaluate(`(${ACT_UNTIL})(${JSON.stringify({ target, until, submit })})`) as Promise<number>;

export interface Flows {
  cold: number[];
  warm: number[];
  open: number[];
  search: number[];
  push: number[];
}

export async function agentFlows(
  browser: Browser,
  url: string,
  login: { email: string; password: string },
  opts: { rounds: number; customerNames: string[]; postNote: (number: number, text: string) => Promise<void> },
): Promise<Flows> {
  const out: Flows = { cold: [], warm: [], open: [], search: [], push: [] };
  const context = await contextIn(browser, "it");
  await context.addInitScript(ROWS_WATCH);
  const page = await context.newPage();
  await signInAgent(page, url, login.email, login.password);
  const cdp = await context.newCDPSession(page);

  for (let r = 0; r < opts.rounds + 1; r++) {
    const keep = r > 0; // the first round warms the server's caches and statements
    // Cold: nothing cached by the browser (signed in: the session cookie stays).
    await cdp.send("Network.clearBrowserCache");
    await page.goto(`${url}/`, { waitUntil: "commit" });
    const cold = await rowsPaintedSinceNavigation(page);
    // Warm: the scripts and styles from the browser's cache.
    await quiet(page);
    await page.goto(`${url}/`, { waitUntil: "commit" });
    const warm = await rowsPaintedSinceNavigation(page);
    // Opening the ticket of the inbox's nth row, to its thread painted; then back to the inbox.
    await quiet(page);
    const open = await actUntil(page, `${ROWS}:nth-child(${1 + (r % 10)}) a[data-ticket-link]`, ".thread .message");
    await page.goBack();
    await page.waitForSelector(ROWS);
    // A customer's name in the search box, to the results painted.
    const name = opts.customerNames[r % opts.customerNames.length];
    await quiet(page);
    await page.fill("#global-search", name);
    const search = await actUntil(page, "#global-search", "ol.hits li", true);
    if (keep) {
      out.cold.push(cold);
      out.warm.push(warm);
      out.open.push(open);
      out.search.push(search);
    }
  }

  // Another agent's note reaching this agent's open ticket (the inbox's first).
  await page.goto(`${url}/`);
  const numberOpen = Number(await page.getAttribute(`${ROWS}:first-child a[data-ticket-link]`, "data-ticket-link"));
  await page.goto(`${url}/tickets/${numberOpen}`);
  await page.waitForSelector(".thread .message");
  for (let r = 0; r < opts.rounds + 1; r++) {
    const marker = `bench note ${r} ${Date.now()}`;
    await page.evaluate(`(() => {
      window.__seen = null;
      const want = ${JSON.stringify(marker)};
      const obs = new MutationObserver(() => {
        if (document.querySelector(".thread")?.textContent?.includes(want)) {
          window.__seen = performance.timeOrigin + performance.now();
          obs.disconnect();
        }
      });
      obs.observe(document.body, { childList: true, subtree: true, characterData: true });
    })()`);
    const sent = performance.timeOrigin + performance.now();
    await opts.postNote(numberOpen, marker);
    // A function, not a string: the app's CSP forbids evaluating strings in the page.
    await page.waitForFunction(() => (window as unknown as { __seen: number | null }).__seen !== null);
    const seen = (await page.evaluate("window.__seen")) as number;
    if (r > 0) out.push.push(seen - sent);
  }
  await context.close();
  return out;
}

export function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
export function p95(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}
