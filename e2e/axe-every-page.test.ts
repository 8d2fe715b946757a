import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSuite, chromiumAvailable, goInApp, signInAgent } from "./support";

// axe-core on every page of the agent app and the portal, in Italian and in English: zero violations of any
// impact (WCAG 2.x A and AA and axe's best practices), including an open dialog and the sign-in pages.
// Evaluated through the DevTools protocol rather than a script tag, which the pages' CSP (script-src 'self') refuses.
const AXE = fs.readFileSync(path.resolve(import.meta.dirname, "../node_modules/axe-core/axe.min.js"), "utf8");

interface Violation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: Violation[] }> } }
    ).axe;
    return (await axe.run(document, { resultTypes: ["violations"] })).violations;
  });
  return found.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe.skipIf(!chromiumAvailable)("axe-core on every page", () => {
  const suite = browserSuite("it");
  const admin = "admin@demo.sportello.it";

  for (const lang of ["it", "en"] as const) {
    it(`finds nothing on the agent app and the portal (${lang})`, async () => {
      const { url, rt } = suite.product;
      const db = rt.ctx.db;
      const found: Record<string, string[]> = {};
      const check = async (page: Page, name: string, ready: string) => {
        await page.waitForSelector(ready);
        const v = await violations(page);
        if (v.length) found[name] = v;
      };
      const page = await suite.open(lang);
      await page.goto(`${url}/`);
      await check(page, "login", "input[name=email]");
      await signInAgent(page, url, admin, suite.product.login!.password);

      const ticket = await db.selectFrom("tickets").select("number").orderBy("number").executeTakeFirstOrThrow();
      const customer = await db.selectFrom("customers").select("id").orderBy("id").executeTakeFirstOrThrow();
      const org = await db.selectFrom("organizations").select("id").orderBy("id").executeTakeFirstOrThrow();
      const agentPages: [string, string][] = [
        // Next up last of the views: the sign-in ends on it, and the same table would count as already seen.
        ...["mine", "unassigned", "my_teams", "all_open", "pending", "solved"].map(
          (v) => [`/views/${v}`, `table.tickets[data-loaded-view=${v}]`] as [string, string],
        ),
        [`/tickets/${ticket.number}`, "#composer-text"],
        ["/views/next_up", "table.tickets[data-loaded-view=next_up]"],
        ["/search?q=macchina", "h1"],
        ["/customers", "h1"],
        [`/customers/${customer.id}`, "h1"],
        ["/organizations", "h1"],
        [`/organizations/${org.id}`, "h1"],
        // The pages of the knowledge, listening and ticket-actions work.
        ["/knowledge", "h1"],
        ["/praise", "h1"],
        ["/reviews", "h1"],
        ["/problems", "h1"],
        ["/tickets/new", "h1"],
        ["/notifications/settings", "h1"],
      ];
      // Every administration page the sidebar links to.
      const adminLinks = await page.$$eval("nav.sidebar a[href^='/admin/']", (as) =>
        as.map((a) => a.getAttribute("href")!),
      );
      expect(adminLinks.length).toBeGreaterThan(10);
      agentPages.push(...adminLinks.map((h) => [h, "#admin-title"] as [string, string]));
      for (const [p, ready] of agentPages) {
        // Moved within the app as its links do (no reload): axe stays loaded, and the check is the app's own state.
        await goInApp(page, p, ready);
        // Checked once what the page loads is there: no "Loading…" left in the main region.
        await page.waitForFunction(() => !document.querySelector("main")?.textContent?.match(/Caricamento…|Loading…/));
        await check(page, p, ready);
      }
      // A dialog open: the keyboard shortcuts.
      await page.evaluate(() => {
        history.pushState(null, "", "/views/all_open");
        dispatchEvent(new PopStateEvent("popstate"));
      });
      await page.waitForSelector("table.tickets");
      await page.keyboard.press("?");
      await check(page, "shortcuts dialog", "[role=dialog]");

      // The portal: its sign-in page, the web form (alone and in the portal), a customer's requests and one request.
      const portal = await suite.open(lang);
      await portal.goto(`${url}/portal`);
      await check(portal, "/portal (sign-in)", "input[type=email]");
      await portal.goto(`${url}/form`);
      await check(portal, "/form", "form");
      await portal.goto(`${url}/portal/new`);
      await check(portal, "/portal/new", "form");
      await fetch(`${url}/api/v1/portal/sign-in-link`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "luca.romano@barcentrale.it" }),
      });
      const mail = await db
        .selectFrom("mail_outbox")
        .select("body_text")
        .where("kind", "=", "portal_link")
        .where("to_address", "=", "luca.romano@barcentrale.it")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      await portal.goto(mail.body_text.match(/https?:\/\/\S+\/portal\/sign-in\?\S+/)![0]);
      await check(portal, "/portal (requests)", "ul.requests");
      await portal.click("ul.requests a");
      await check(portal, "/portal/requests/n", "#request-title");

      expect(found).toEqual({});
    }, 150_000); // 35 s alone; twice that and more when the whole suite loads the machine
  }
});
