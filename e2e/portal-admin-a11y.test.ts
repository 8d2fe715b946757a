import type { Page, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSuite, chromiumAvailable, goInApp, signInAgent } from "./support";

// The portal's own sign-in, the admin pages, and what makes the app usable by everyone: every control named,
// one heading per page, no sideways scrolling on a tablet.
describe.skipIf(!chromiumAvailable)("portal sign-in, admin pages and accessibility in Chromium", () => {
  const suite = browserSuite("it");
  const open = (lang?: "it" | "en", viewport?: { width: number; height: number }) => suite.open(lang, { viewport });

  it("signs a customer in with an emailed link that works once", async () => {
    const page = await open("en");
    await page.goto(`${suite.product.url}/portal`);
    await page.fill("input[name=email]", "emma.clark@brewandco.co.uk");
    await page.click("button[type=submit]");
    await page.waitForSelector("text=a link is on its way");
    const mail = await suite.product.rt.ctx.db
      .selectFrom("mail_outbox")
      .select(["body_text", "subject"])
      .where("kind", "=", "portal_link")
      .where("to_address", "=", "emma.clark@brewandco.co.uk")
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe("Your link to follow your requests"); // Emma writes in English
    const link = mail.body_text.match(/https?:\/\/\S+/)![0];
    await page.goto(link);
    await page.waitForSelector("ul.requests");
    const list = await page.innerText("ul.requests");
    expect(list).toContain("Order #4412 arrived damaged");
    expect(list).toContain("Solved");
    // The same link a second time, in another browser: refused, with the way to ask for a new one.
    const other = await open("en");
    await other.goto(link);
    await other.waitForSelector("text=This link has expired or was already used");
    await other.waitForSelector("input[name=email]");
  });

  it("runs the admin pages: creates an organization and a team, edits members and lists mailboxes", async () => {
    const page = await open("en");
    await signInAgent(page, suite.product.url, "admin@demo.sportello.it", suite.product.login!.password);
    for (const section of [
      "fairness",
      "approvals",
      "agents",
      "teams",
      "organizations",
      "plans",
      "escalation",
      "mailboxes",
      "outbox",
      "tokens",
      "webhooks",
      "workspace",
    ]) {
      await page.goto(`${suite.product.url}/admin/${section}`);
      await page.waitForSelector("#admin-title");
      // No page fails to load or shows an error message (a dead letter's own last error, listed on the outbox
      // page, is data, not an alert).
      expect(await page.locator('.error[role="alert"]').count(), section).toBe(0);
    }
    await page.goto(`${suite.product.url}/admin/organizations`);
    await page.fill("input[name=name]", "Pasticceria Dolce Vita");
    await page.fill("input[name=plan_name]", "Premium");
    await page.check("input[name=portal_shared]");
    await page.click("form.admin-form button[type=submit]");
    await page.waitForSelector("td >> text=Pasticceria Dolce Vita");
    await page.goto(`${suite.product.url}/admin/teams`);
    await page.fill("input[name=name]", "Fatturazione");
    await page.click("form.admin-form button[type=submit]");
    const row = page.locator("tr", { hasText: "Fatturazione" });
    await row.locator("select").selectOption({ label: "Anna Conti" });
    await row.locator("button", { hasText: "Save" }).click();
    await row.locator("text=Saved.").waitFor();
    const team = await suite.product.rt.ctx.db
      .selectFrom("teams")
      .innerJoin("team_members", "team_members.team_id", "teams.id")
      .innerJoin("agents", "agents.id", "team_members.agent_id")
      .select("agents.name")
      .where("teams.name", "=", "Fatturazione")
      .execute();
    expect(team.map((m) => m.name)).toEqual(["Anna Conti"]);
    // The server refuses a second team of the same name: the form says so in the page's language, not the API's.
    await page.fill("input[name=name]", "Fatturazione");
    await page.click("form.admin-form button[type=submit]");
    await page.waitForSelector("form.admin-form [role=alert] >> text=That name is already taken.");
    // A service-level policy from the plans page: the form checks with the API's own rule (ZSlaPolicyInput), an
    // empty warning threshold takes the API's default.
    await page.goto(`${suite.product.url}/admin/plans`);
    await page.fill("input[name=name]", "Contratto Gold");
    await page.fill("input[name=plan_name]", "Gold");
    await page.fill("input[name=first_response_minutes]", "0");
    await page.click("form.admin-form button[type=submit]");
    expect(await page.locator("form.admin-form [role=alert]").count()).toBeGreaterThan(0);
    await page.fill("input[name=first_response_minutes]", "30");
    await page.click("form.admin-form button[type=submit]");
    await page.waitForSelector("td >> text=Contratto Gold");
    const policy = await suite.product.rt.ctx.db
      .selectFrom("sla_policies")
      .select(["plan_name", "first_response_minutes", "warn_percent"])
      .where("name", "=", "Contratto Gold")
      .executeTakeFirstOrThrow();
    expect(policy).toEqual({ plan_name: "Gold", first_response_minutes: 30, warn_percent: 80 });
    // A new colleague is an agent unless a role is chosen, with the languages ticked; nobody can switch
    // themselves off.
    await page.goto(`${suite.product.url}/admin/agents`);
    await page.fill("form.admin-form input[name=name]", "Marco Neri");
    await page.fill("form.admin-form input[name=email]", "marco.neri@caffeaurora.it");
    await page.selectOption("form.admin-form select[name=languages]", ["it", "en"]);
    await page.click("form.admin-form button[type=submit]");
    await page.waitForSelector("td >> text=marco.neri@caffeaurora.it");
    const marco = await suite.product.rt.ctx.db
      .selectFrom("agents")
      .select(["role", "languages"])
      .where("email", "=", "marco.neri@caffeaurora.it")
      .executeTakeFirstOrThrow();
    expect(marco).toEqual({ role: "agent", languages: '["it","en"]' });
    await page
      .locator("tr", { has: page.locator("td >> text=admin@demo.sportello.it") })
      .locator("button >> text=Deactivate")
      .click();
    await page.waitForSelector("section > [role=alert] >> text=You cannot deactivate yourself");
    await page.goto(`${suite.product.url}/admin/mailboxes`);
    await page.waitForSelector("td >> text=assistenza@caffeaurora.it");
    // An IMAP mailbox without TLS on its own port, whose imported messages are moved to a folder.
    await page.fill("input[name=address]", "ordini@caffeaurora.it");
    await page.fill("input[name=imap_host]", "127.0.0.1");
    await page.fill("input[name=imap_user]", "ordini");
    await page.fill("input[name=imap_password]", "una password lunga");
    await page.selectOption("select[name=imap_security]", { label: "Not encrypted" });
    await page.fill("input[name=imap_port]", "1143");
    await page.selectOption("select[name=imap_after]", { label: "Move to a folder" });
    await page.click("form.admin-form button[type=submit]");
    await page.waitForSelector("form.admin-form [role=alert] >> text=Say which folder imported messages are moved to.");
    await page.fill("input[name=imap_move_to]", "Archivio");
    await page.click("form.admin-form button[type=submit]");
    await page.waitForSelector("td >> text=ordini@caffeaurora.it");
    const box = await suite.product.rt.ctx.db
      .selectFrom("mailboxes")
      .selectAll()
      .where("address", "=", "ordini@caffeaurora.it")
      .executeTakeFirstOrThrow();
    expect(box).toMatchObject({
      imap_host: "127.0.0.1",
      imap_port: 1143,
      imap_secure: 0,
      imap_user: "ordini",
      imap_folder: "INBOX",
      imap_after: "move",
      imap_move_to: "Archivio",
    });
    expect(suite.product.rt.ctx.secrets.open(box.imap_password!)).toBe("una password lunga");
    // The fetch job's state in words, with its last error (set here as a failed fetch would).
    await suite.product.rt.ctx.db
      .updateTable("mailboxes")
      .set({
        imap_status: "error",
        imap_last_error: "connect ECONNREFUSED 127.0.0.1:1143",
        imap_last_fetch_at: Date.now(),
      })
      .where("id", "=", box.id)
      .execute();
    await page.reload();
    await page.waitForSelector("td >> text=/ordini@127\\.0\\.0\\.1 · last fetch failed, \\S+/");
    await page.waitForSelector("td .error >> text=/ECONNREFUSED/");
    // Deleted meanwhile (another tab, a colleague): the row's Delete says so instead of doing nothing.
    await suite.product.rt.ctx.db.deleteFrom("mailboxes").where("id", "=", box.id).execute();
    await page
      .locator("tr", { has: page.locator("td >> text=ordini@caffeaurora.it") })
      .locator("button >> text=Delete")
      .click();
    await page.waitForSelector("section > [role=alert] >> text=Not found: it may have been deleted.");
    await page.waitForSelector("td >> text=ordini@caffeaurora.it", { state: "detached" });
    // A list that fails to load says so, and stops saying so once it loads.
    const failing = (route: Route) =>
      route.request().method() === "GET"
        ? route.fulfill({
            status: 503,
            contentType: "application/json",
            body: JSON.stringify({ error: { code: "unavailable", message: "database unavailable" } }),
          })
        : route.continue();
    await page.route("**/api/v1/mailboxes", failing);
    await page.reload();
    await page.waitForSelector("section > [data-load-failed]");
    await page.unroute("**/api/v1/mailboxes", failing);
    await page.fill("input[name=address]", "vendite@caffeaurora.it");
    await page.click("form.admin-form button[type=submit]");
    await page.waitForSelector("td >> text=vendite@caffeaurora.it");
    await page.waitForSelector("section > [data-load-failed]", { state: "detached" });
  });

  it("escalates from the ticket page with a reason code and shows it in the fairness report", async () => {
    const page = await open("en");
    await signInAgent(page, suite.product.url, "admin@demo.sportello.it", suite.product.login!.password);
    await page.goto(`${suite.product.url}/admin/escalation`);
    await page.fill("input[name=code]", "hardware");
    await page.fill("input[name=label]", "Hardware fault");
    await page.click("form.admin-form button[type=submit]");
    await page.waitForSelector("td >> text=Hardware fault");
    await suite.product.rt.ctx.db
      .updateTable("teams")
      .set({ tier: "specialist" })
      .where("name", "=", "Tecnico macchine")
      .execute();
    const ticket = await suite.product.rt.ctx.db
      .selectFrom("tickets")
      .select("number")
      .where("subject", "=", "La macchina espresso perde acqua")
      .executeTakeFirstOrThrow();
    await page.goto(`${suite.product.url}/tickets/${ticket.number}`);
    await page.click("[data-testid=escalate]");
    await page.selectOption("select[name=reason_code]", "hardware");
    await page.fill("textarea[name=note]", "Pump replaced last month; needs a technician visit");
    await page.click("[role=dialog] button[type=submit]");
    await page.waitForSelector(".badge.tier-specialist");
    await page.waitForSelector(
      ".message.internal >> text=[Hardware fault] Pump replaced last month; needs a technician visit",
    );
    // An exception needs its reason: placed at the top of the queue, with the reason recorded.
    const waiting = await suite.product.rt.ctx.db
      .selectFrom("tickets")
      .select("number")
      .where("subject", "=", "Perché il mio ordine non è ancora arrivato?")
      .executeTakeFirstOrThrow();
    await page.goto(`${suite.product.url}/tickets/${waiting.number}`);
    await page.click("text=Place at the top of the queue");
    await page.fill("[role=dialog] textarea[name=reason]", "Customer's shop reopens tomorrow");
    await page.selectOption("[role=dialog] select[name=source]", "customer");
    await page.click("[role=dialog] button[type=submit]");
    await page.waitForSelector("text=Done, and recorded with your reason.");
    await page.goto(`${suite.product.url}/admin/fairness`);
    await page.waitForSelector("text=First line and escalations");
    expect(await page.innerText("main")).toContain("The customer asked: 1");
    expect(await page.innerText("main")).toContain("hardware: 1");
    const csv = await page.evaluate(async () =>
      (await fetch((document.querySelector("a[download]") as HTMLAnchorElement).href)).text(),
    );
    expect(csv.split("\r\n")[0]).toMatch(/^section,group,tickets,/);
  });

  it("names every control, has one main heading per page and fits a tablet without sideways scrolling", async () => {
    const ticket = await suite.product.rt.ctx.db
      .selectFrom("tickets")
      .select("number")
      .orderBy("number")
      .executeTakeFirstOrThrow();
    // The agent app moves between its pages as its links do; the portal's pages are loaded each.
    const agent = await open("it");
    await signInAgent(agent, suite.product.url, "admin@demo.sportello.it", suite.product.login!.password);
    const form = await open("it");
    for (const viewport of [
      { width: 1366, height: 820 },
      { width: 1024, height: 768 },
      { width: 768, height: 1024 },
    ]) {
      await agent.setViewportSize(viewport);
      await form.setViewportSize(viewport);
      const pages: [Page, string, string][] = [
        [agent, "/views/all_open", "table[data-loaded-view=all_open]"],
        [agent, `/tickets/${ticket.number}`, ".thread .message"],
        [agent, "/search?q=macchina", "ol.hits"],
        [agent, "/admin/agents", "table.data"],
        [form, "/portal/new", "#form-title"],
        [form, "/portal", "input[name=email]"],
      ];
      for (const [page, path, ready] of pages) {
        if (page === agent) await goInApp(page, path, ready);
        else {
          await page.goto(`${suite.product.url}${path}`);
          await page.waitForSelector(ready);
        }
        const problems = await page.evaluate(PROBLEMS);
        expect(problems, `${path} at ${viewport.width}px`).toEqual([]);
      }
    }
  }, 180_000); // eighteen pages: over a minute when the machine is busy
});

// Runs in the page: controls without an accessible name, pages without exactly one h1, sideways scrolling.
// A string, so the bundler's helpers do not leak into the page.
const PROBLEMS = `(() => {
  const out = [];
  const visible = (el) => el.offsetParent !== null || el.getClientRects().length > 0;
  for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea, button")) {
    if (!visible(el) && el.type !== "file") continue;
    const labelled = el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || (el.labels && [...el.labels].some((l) => l.textContent.trim())) || (el.tagName === "BUTTON" && el.textContent.trim());
    if (!labelled) out.push("unnamed " + el.tagName.toLowerCase() + (el.name ? "[name=" + el.name + "]" : ""));
  }
  const h1 = document.querySelectorAll("h1").length;
  if (h1 !== 1) out.push(h1 + " h1 elements");
  if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push("scrolls sideways: " + document.documentElement.scrollWidth + " > " + window.innerWidth);
  return out;
})()`;
