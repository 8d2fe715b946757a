import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createPortalLink } from "../server/modules/portal-links/portal-links";
import { browserSuite, chromiumAvailable, signInAgent } from "./support";

// What the issue asks beyond named controls and tablet widths (portal-admin-a11y.test.ts): text contrast of at
// least WCAG AA on every main page, and a focus order a keyboard user can follow, with the focus always visible.
describe.skipIf(!chromiumAvailable)("contrast and focus order in Chromium", () => {
  const suite = browserSuite("it");
  const open = (lang?: "it" | "en") => suite.open(lang);

  async function pages(): Promise<[Page, string, string][]> {
    const ticket = await suite.product.rt.ctx.db
      .selectFrom("tickets")
      .select(["number", "requester_id"])
      .where("subject", "=", "Richiesta preventivo macinacaffè")
      .executeTakeFirstOrThrow();
    const agent = await open();
    await signInAgent(agent, suite.product.url, "admin@demo.sportello.it", suite.product.login!.password);
    const customer = await open();
    await customer.goto(
      await createPortalLink(suite.product.rt.ctx, {
        workspaceId: 1,
        customerId: ticket.requester_id,
        ticketNumber: ticket.number,
        singleUse: false,
      }),
    );
    await customer.waitForSelector("#request-title");
    const anon = await open();
    return [
      [agent, "/views/all_open", "table[data-loaded-view]"],
      [agent, "/views/pending", "table[data-loaded-view=pending]"],
      [agent, `/tickets/${ticket.number}`, ".thread .message.internal"],
      [agent, "/search?q=macchina", "ol.hits mark"],
      [agent, "/admin/agents", "table.data"],
      [agent, "/customers", "table.directory"],
      [agent, `/customers/${ticket.requester_id}`, ".profile-tickets li"],
      [agent, "/organizations", "table.directory"],
      [agent, "/admin/templates", "#admin-title"],
      [customer, "/portal", "ul.requests"],
      [customer, `/portal/requests/${ticket.number}`, "#request-title"],
      [anon, "/portal/new", "#form-title"],
      [anon, "/", "input[name=password]"],
    ];
  }

  it("keeps every visible text at WCAG AA contrast against what is behind it", async () => {
    const list = await pages();
    for (const [page, path, ready] of list) {
      await page.goto(`${suite.product.url}${path}`);
      await page.waitForSelector(ready);
      const low = await page.evaluate(CONTRAST);
      expect(low, path).toEqual([]);
    }
    // The check itself: a pale grey text on white is found.
    const [page] = list[0];
    await page.goto(`${suite.product.url}/views/all_open`);
    await page.waitForSelector("table[data-loaded-view]");
    await page.evaluate(() =>
      document.querySelector("main")!.insertAdjacentHTML("beforeend", '<p style="color:#aaa">pale hint</p>'),
    );
    expect(await page.evaluate(CONTRAST)).toEqual([expect.stringMatching(/^2\.\d\d: p. “pale hint”$/)]);
  }, 240_000); // fourteen page loads, each text checked

  it("moves the focus through the controls in reading order, always visibly, and into and out of dialogs", async () => {
    const page = await open("en");
    await signInAgent(page, suite.product.url, "admin@demo.sportello.it", suite.product.login!.password);
    const ticket = await suite.product.rt.ctx.db
      .selectFrom("tickets")
      .select("number")
      .where("subject", "=", "Richiesta preventivo macinacaffè")
      .executeTakeFirstOrThrow();
    for (const path of ["/views/all_open", `/tickets/${ticket.number}`]) {
      await page.goto(`${suite.product.url}${path}`);
      await page.waitForSelector(path.startsWith("/views") ? "table[data-loaded-view]" : ".thread .message");
      expect(
        await page.$$eval("[tabindex]", (els) => els.filter((e) => Number(e.getAttribute("tabindex")) > 0).length),
        `${path}: positive tabindex`,
      ).toBe(0);
      // Tab from the top: each stop comes after the previous one in the document and shows a focus ring.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const stops: { ok: boolean; after: boolean; ring: boolean; what: string }[] = [];
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press("Tab");
        stops.push(await page.evaluate(FOCUS_STOP));
      }
      const first = await page.evaluate(() => (window as unknown as { __stops: string[] }).__stops[0]);
      expect(first, `${path}: the first stop`).toMatch(/skip/);
      for (const s of stops) {
        expect(s.ok, `${path}: focus lost at ${s.what}`).toBe(true);
        expect(s.after, `${path}: ${s.what} comes before the previous stop`).toBe(true);
        expect(s.ring, `${path}: no visible focus on ${s.what}`).toBe(true);
      }
    }
    // The skip link takes the focus to the page's content.
    await page.goto(`${suite.product.url}/tickets/${ticket.number}`);
    await page.waitForSelector(".thread .message");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest("main"))).toBe(true);

    // A dialog takes the focus, keeps Escape for closing, and gives the focus back to what opened it.
    await page.focus("[data-testid=priority]");
    await page.selectOption("[data-testid=priority]", "high");
    const dialog = page.getByRole("dialog", { name: "Change the priority to High" });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest("[role=dialog]") !== null)).toBe(true);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("priority");
    expect(await page.inputValue("[data-testid=priority]")).toBe("normal");
    await page.click("h1");
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest("[role=dialog]") !== null)).toBe(true);
    await page.keyboard.press("Escape");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor({ state: "detached" });
  });
});

// Runs in the page (a string, so the bundler's helpers stay out): for each visible text node, the colour of its
// element against the first opaque background behind it (alpha blended), against WCAG AA: 4.5:1, or 3:1 for
// large text (24px, or 18.67px bold). Disabled controls are exempt, as WCAG says.
const CONTRAST = `(() => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null; const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) { const b = parse(getComputedStyle(e).backgroundColor); if (b && b[3] > 0) { layers.push(b); if (b[3] >= 1) break; } }
    let c = [255, 255, 255, 1];
    for (const l of layers.reverse()) c = over(l, c);
    return c;
  };
  const out = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || seen.has(el) || !n.textContent.trim()) continue;
    seen.add(el);
    if (el.closest("[disabled], option, .sr-only")) continue;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (!r.width || !r.height || s.visibility === "hidden" || Number(s.opacity) === 0) continue;
    const fg = parse(s.color);
    const bg = background(el);
    const color = over(fg, bg);
    const [a, b] = [lum(color), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(s.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) out.push(ratio.toFixed(2) + ": " + el.tagName.toLowerCase() + "." + [...el.classList].join(".") + " “" + n.textContent.trim().slice(0, 40) + "”");
  }
  return out;
})()`;

// Runs in the page after each Tab: is something focused, does it come after the previous stop in the document,
// and does it show a focus ring (an outline or a box shadow).
const FOCUS_STOP = `(() => {
  const w = window;
  const el = document.activeElement;
  w.__stops = w.__stops || [];
  const what = el ? el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " “" + (el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 30) + "”" : "nothing";
  if (!el || el === document.body) return { ok: false, after: true, ring: true, what };
  const after = !w.__last || w.__last === el || !!(w.__last.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  w.__last = el;
  w.__stops.push(what + " " + (el.className || ""));
  const s = getComputedStyle(el);
  const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== "none");
  return { ok: true, after, ring, what };
})()`;
