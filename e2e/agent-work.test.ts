import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSuite, chromiumAvailable, signInAgent } from "./support";

// An agent's day in Chromium against the real product (demo workspace, SQLite): the views and their counts,
// filters, sorting and bulk changes in the inbox; on the ticket page the priority's reason, tags, notes that
// look unlike replies, a file sent with a reply, the customer's organization and other tickets; every admin
// page reachable from the sidebar; signing out.
describe.skipIf(!chromiumAvailable)("the agent's work in Chromium", () => {
  const suite = browserSuite("en");
  const open = (lang?: "it" | "en") => suite.open(lang, { logErrors: true });
  const db = () => suite.product.rt.ctx.db;
  const numberOf = async (subject: string) =>
    (await db().selectFrom("tickets").select("number").where("subject", "=", subject).executeTakeFirstOrThrow()).number;
  const ticketRow = (subject: string) =>
    db().selectFrom("tickets").selectAll().where("subject", "=", subject).executeTakeFirstOrThrow();
  const tagsOf = async (subject: string) =>
    (
      await db()
        .selectFrom("ticket_tags")
        .innerJoin("tickets", "tickets.id", "ticket_tags.ticket_id")
        .select("ticket_tags.tag")
        .where("tickets.subject", "=", subject)
        .execute()
    )
      .map((r) => r.tag)
      .sort();

  /** The subjects of the rows the inbox shows, top to bottom. */
  const subjects = (page: Page) =>
    page.$$eval("table.tickets tbody tr[data-row-index] td:nth-child(3) a", (as) => as.map((a) => a.textContent ?? ""));
  const numbers = (page: Page) =>
    page.$$eval("table.tickets tbody tr[data-row-index] td.num", (tds) => tds.map((td) => Number(td.textContent)));
  /** Waits until the rows match, since a filter refetches. */
  async function rowsBecome(page: Page, expected: string[]) {
    await page
      .waitForFunction(
        (want) =>
          JSON.stringify(
            [...document.querySelectorAll("table.tickets tbody tr[data-row-index] td:nth-child(3) a")]
              .map((a) => a.textContent)
              .sort(),
          ) === JSON.stringify([...want].sort()),
        expected,
        { timeout: 10_000 },
      )
      .catch(async () => expect(await subjects(page)).toEqual(expected));
  }

  it("shows each view with the count the sidebar gives it, filters, sorts and changes selected tickets at once", async () => {
    const page = await open();
    await signInAgent(page, suite.product.url, "admin@demo.sportello.it", suite.product.login!.password);
    const counts = await page.evaluate(async () => (await fetch("/api/v1/tickets/counts")).json());
    for (const view of ["mine", "unassigned", "my_teams", "all_open", "pending", "solved"]) {
      await page.click(`[data-view=${view}]`);
      await page.waitForSelector(`table[data-loaded-view=${view}]`);
      const shown = await page.textContent(`[data-testid=count-${view}]`);
      expect(Number(shown), view).toBe(counts[view]);
      expect((await numbers(page)).length, `${view}: rows against its count`).toBe(counts[view]);
    }

    await page.click("[data-view=all_open]");
    await page.waitForSelector("table[data-loaded-view=all_open]");
    const allOpen = await subjects(page);
    expect(allOpen).toContain("La macchina espresso perde acqua");
    await page.click("summary >> text=Filters and sorting");
    const filters = page.locator("details.filters");
    await filters.getByLabel("Status").selectOption({ label: "Pending" });
    await rowsBecome(page, ["Fattura di ottobre non ricevuta"]);
    await filters.getByLabel("Status").selectOption({ label: "Any" });
    await filters.getByLabel("Assignee").selectOption({ label: "Anna Conti" });
    await rowsBecome(page, ["Fattura di ottobre non ricevuta", "Cambio indirizzo di consegna"]);
    await filters.getByLabel("Assignee").selectOption({ label: "Any" });
    await filters.getByLabel("Team").selectOption({ label: "Tecnico macchine" });
    await rowsBecome(page, ["La macchina espresso perde acqua"]);
    await filters.getByLabel("Team").selectOption({ label: "Any" });
    await filters.getByLabel("Tag").fill("spedizioni");
    await rowsBecome(page, ["Perché il mio ordine non è ancora arrivato?"]);
    await filters.getByLabel("Tag").fill("");
    await filters.getByLabel("Customer's email").fill("luca.romano@barcentrale.it");
    await rowsBecome(page, ["La macchina espresso perde acqua", "Richiesta preventivo macinacaffè"]);
    await filters.getByLabel("Customer's email").fill("");
    await rowsBecome(page, allOpen);

    // Sorting: oldest activity first is the order of updated_at, and the reverse of the default.
    const newestFirst = await numbers(page);
    await filters.getByLabel("Sort by").selectOption({ label: "Oldest activity" });
    await page.waitForFunction(
      (first) =>
        document.querySelector("table.tickets tbody tr[data-row-index='0'] td.num")?.textContent !== String(first),
      newestFirst[0],
    );
    const oldestFirst = await numbers(page);
    const updated = new Map(
      (await db().selectFrom("tickets").select(["number", "updated_at"]).execute()).map((r) => [
        r.number,
        r.updated_at,
      ]),
    );
    expect(oldestFirst.map((n) => updated.get(n)!)).toEqual(
      [...oldestFirst.map((n) => updated.get(n)!)].sort((a, b) => a - b),
    );
    expect(new Set(oldestFirst)).toEqual(new Set(newestFirst));
    await filters.getByLabel("Sort by").selectOption({ label: "Latest activity" });

    // Bulk: two rows selected, assigned, tagged and put on pending in three steps; the counts follow.
    const chosen = ["Perché il mio ordine non è ancora arrivato?", "La macchina espresso perde acqua"];
    const select = async () => {
      for (const s of chosen) await page.locator("tr", { hasText: s }).getByRole("checkbox").check();
      await page.waitForSelector("[role=region][aria-label='Change selected tickets'] >> text=2 selected");
    };
    const bar = page.getByRole("region", { name: "Change selected tickets" });
    await select();
    await bar.getByLabel("Assign to").selectOption({ label: "Marco Bianchi" });
    // Every bulk change asks first, saying what changes and whom it emails.
    const confirm = page.getByRole("alertdialog", { name: "Change 2 selected tickets?" });
    await confirm.getByText("New assignee: Marco Bianchi. No customer will be emailed.").waitFor();
    await confirm.getByRole("button", { name: "Change 2 tickets" }).click();
    // Marco is not in the customer-care team of the first ticket: the app asks why once, then sends it again.
    const ask = page.getByRole("dialog", { name: "Assignment outside the rules for 1 of the selected tickets" });
    await ask.getByLabel("Reason").fill("Marco conosce il corriere");
    await ask.getByLabel("Who asked for it").selectOption({ label: "Management request" });
    await ask.getByRole("button", { name: "Assign" }).click();
    await page.waitForSelector("[role=status] >> text=2 tickets changed.");
    const marco = await db()
      .selectFrom("agents")
      .select("id")
      .where("name", "=", "Marco Bianchi")
      .executeTakeFirstOrThrow();
    for (const s of chosen) expect((await ticketRow(s)).assignee_id).toBe(marco.id);
    const override = await db()
      .selectFrom("ticket_events")
      .select("data")
      .where("type", "=", "assignment_override")
      .where("ticket_id", "=", (await ticketRow(chosen[0])).id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(override.data)).toMatchObject({
      to: marco.id,
      rule: "not_in_team",
      reason: "Marco conosce il corriere",
      source: "management_request",
    });
    await page.waitForFunction(
      () => [...document.querySelectorAll("tr")].filter((tr) => tr.textContent?.includes("Marco Bianchi")).length >= 3,
    );

    await select();
    await bar.getByLabel("Add tag").fill("richiamare");
    await bar.getByRole("button", { name: "Apply" }).click();
    await confirm.getByRole("button", { name: "Change 2 tickets" }).click();
    await expect.poll(() => tagsOf(chosen[0])).toEqual(["richiamare", "spedizioni"]);
    await expect.poll(() => tagsOf(chosen[1])).toEqual(["guasto", "macchine", "richiamare"]);
    await page.locator("tr", { hasText: chosen[0] }).locator(".tag >> text=richiamare").waitFor();

    const pendingBefore = Number(await page.textContent("[data-testid=count-pending]"));
    await select();
    await bar.getByLabel("Status").selectOption({ label: "Pending" });
    await confirm.getByText("New status: Pending. Customers who will be emailed: 2.").waitFor();
    await confirm.getByRole("button", { name: "Change 2 tickets" }).click();
    for (const s of chosen) await expect.poll(async () => (await ticketRow(s)).status).toBe("pending");
    await page.waitForFunction(
      (n) => document.querySelector("[data-testid=count-pending]")?.textContent === String(n),
      pendingBefore + 2,
      { timeout: 10_000 },
    );
  });

  it("asks a reason for a priority change, edits tags, tells notes from replies, sends a file and shows the customer's organization and other tickets", async () => {
    const subject = "Richiesta preventivo macinacaffè";
    const number = await numberOf(subject);
    const page = await open();
    await signInAgent(page, suite.product.url, "admin@demo.sportello.it", suite.product.login!.password);
    await page.goto(`${suite.product.url}/tickets/${number}`);
    await page.waitForSelector(".thread .message");

    // The customer: organization with its plan, and the other tickets of the same person.
    const card = page.locator("aside .card", { has: page.locator("#customer-title") });
    await card.locator("text=Bar Centrale Milano · plan Premium").waitFor();
    expect(await card.getByTestId("requester-language").innerText()).toBe("Writes in Italian");
    const other = await numberOf("La macchina espresso perde acqua");
    await card.locator(`a >> text=#${other} La macchina espresso perde acqua`).waitFor();
    expect(await card.innerText()).not.toContain(`#${number} `);

    // Priority: nothing changes without a reason; cancel leaves it as it was.
    await page.selectOption("[data-testid=priority]", "low");
    await page.getByRole("dialog", { name: "Change the priority to Low" }).waitFor();
    await page.getByRole("button", { name: "Cancel" }).click();
    expect(await page.inputValue("[data-testid=priority]")).toBe("normal");
    await page.selectOption("[data-testid=priority]", "urgent");
    const dialog = page.getByRole("dialog", { name: "Change the priority to Urgent" });
    expect(await page.evaluate(() => document.activeElement?.closest("[role=dialog]") !== null)).toBe(true);
    await dialog.getByRole("button", { name: "Change priority" }).click();
    expect(await dialog.isVisible()).toBe(true); // the reason is required
    expect((await ticketRow(subject)).priority).toBe("normal");
    await dialog.getByLabel("Reason").fill("Second shop opens Monday, quote needed before");
    await dialog.getByLabel("Who asked for it").selectOption({ label: "The customer asked" });
    await dialog.getByRole("button", { name: "Change priority" }).click();
    await page
      .locator(
        "ol.timeline >> text=Giulia Ferri changed the priority from Normal to Urgent: Second shop opens Monday, quote needed before",
      )
      .waitFor();
    expect((await ticketRow(subject)).priority).toBe("urgent");
    // The timeline names who opened the request and whom the admin gave it to.
    const timeline = await page.locator("ol.timeline").innerText();
    expect(timeline).toContain("Luca Romano opened the ticket (Portal)");
    expect(timeline).toContain("Giulia Ferri assigned the ticket to Marco Bianchi");
    const ev = await db()
      .selectFrom("ticket_events")
      .select("data")
      .where("type", "=", "priority_changed")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(ev.data)).toMatchObject({
      from: "normal",
      to: "urgent",
      reason: "Second shop opens Monday, quote needed before",
      source: "customer",
    });

    // Tags: one added, one removed.
    await page.getByLabel("Add tag").fill("preventivi");
    await page.getByLabel("Add tag").press("Enter");
    await page.locator(".tags-field .tag >> text=preventivi").waitFor();
    await page.getByRole("button", { name: "Remove tag vendite" }).click();
    await page.waitForFunction(() => !document.querySelector(".tags-field")?.textContent?.includes("vendite"));
    await expect.poll(() => tagsOf(subject)).toEqual(["preventivi"]);

    // A note through "n", a reply with a file through "r": they look different and say what they are.
    await page.click("h1");
    await page.keyboard.press("n");
    await page.waitForSelector("[role=tab][aria-selected=true] >> text=Internal note");
    await page.waitForFunction(() => document.activeElement?.id === "composer-text");
    await page.keyboard.type("Listino arrivato: 1.240 euro IVA esclusa");
    await page.getByRole("button", { name: "Add note" }).click();
    const note = page.locator(".thread .message", { hasText: "Listino arrivato" });
    await note.waitFor();
    await page.click("h1");
    await page.keyboard.press("r");
    await page.waitForSelector("[role=tab][aria-selected=true] >> text=Reply");
    await page.waitForFunction(() => document.activeElement?.id === "composer-text");
    await page.keyboard.type("Buongiorno Luca, le allego il preventivo.");
    await page.setInputFiles(".composer input[type=file]", {
      name: "preventivo.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("Macinacaffè on demand: 1.240 euro"),
    });
    await page.locator(".composer .files >> text=preventivo.txt").waitFor();
    await page.getByTestId("send").click();
    const reply = page.locator(".thread .message", { hasText: "le allego il preventivo" });
    await reply.waitFor();

    expect(await note.getAttribute("class")).toContain("internal");
    expect(await note.locator(".badge.note").innerText()).toBe("Internal note");
    expect(await reply.getAttribute("class")).not.toContain("internal");
    expect(await reply.locator(".badge.note").count()).toBe(0);
    const look = (l: typeof note) =>
      l.evaluate((el) => {
        const s = getComputedStyle(el);
        return `${s.backgroundColor} ${s.borderTopStyle}`;
      });
    expect(await look(note)).not.toBe(await look(reply));
    const href = await reply.locator(".files a", { hasText: "preventivo.txt" }).getAttribute("href");
    expect(await page.evaluate(async (u) => (await fetch(u!)).text(), href)).toBe("Macinacaffè on demand: 1.240 euro");
    const stored = await db()
      .selectFrom("messages")
      .innerJoin("tickets", "tickets.id", "messages.ticket_id")
      .select(["messages.internal", "messages.body_text"])
      .where("tickets.number", "=", number)
      .orderBy("messages.id")
      .execute();
    expect(stored.slice(-2)).toEqual([
      { internal: 1, body_text: "Listino arrivato: 1.240 euro IVA esclusa" },
      { internal: 0, body_text: "Buongiorno Luca, le allego il preventivo." },
    ]);

    // "a" goes to the assignee; "k" moves up in a list.
    await page.click("h1");
    await page.keyboard.press("a");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("assignee");
    await page.click("[data-view=all_open]");
    await page.waitForSelector("table[data-loaded-view=all_open]");
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.waitForSelector("tr.cursor[data-row-index='2']");
    await page.keyboard.press("k");
    await page.waitForSelector("tr.cursor[data-row-index='1']");
  });

  it("reaches every admin page from the sidebar, with its title, in both languages", async () => {
    for (const lang of ["en", "it"] as const) {
      const page = await open(lang);
      await signInAgent(page, suite.product.url, "admin@demo.sportello.it", suite.product.login!.password);
      // The list under the Administration heading (views and directory come first).
      const nav = page.locator("nav.sidebar ul", { has: page.locator("a[href^='/admin/']") });
      const links = await nav
        .locator("a")
        .evaluateAll((as) => as.map((a) => ({ text: a.textContent ?? "", href: a.getAttribute("href") ?? "" })));
      expect(links.map((l) => l.href)).toContain("/admin/templates");
      expect(links.find((l) => l.href === "/admin/templates")!.text).toBe(
        lang === "it" ? "Modelli email" : "Email templates",
      );
      for (const l of links) {
        expect(l.text, l.href).not.toMatch(/^admin\.|\.title$/); // a missing text shows its key
        await nav.locator(`a[href='${l.href}']`).click();
        await page.waitForSelector("h1#admin-title");
        expect((await page.textContent("h1#admin-title"))!.trim(), l.href).toBe(l.text);
        expect(await nav.locator(`a[href='${l.href}']`).getAttribute("aria-current"), l.href).toBe("page");
      }
    }
  });

  it("speaks the browser's language until the person chooses another, and keeps that choice", async () => {
    for (const [locale, title] of [
      ["en-US", "Sign in to your team's inbox."],
      ["it-IT", "Accedi alla casella del tuo team."],
      ["de-DE", "Accedi alla casella del tuo team."],
    ] as const) {
      const c = await suite.browser.newContext({ locale }); // no saved choice, unlike contextIn
      suite.keep(c);
      const page = await c.newPage();
      await page.goto(`${suite.product.url}/`);
      await page.waitForSelector(`text=${title}`);
      expect(await page.evaluate(() => document.documentElement.lang), locale).toBe(locale === "en-US" ? "en" : "it");
      if (locale === "en-US") {
        await page.selectOption("[data-testid=language]", "it");
        await page.waitForSelector("text=Accedi alla casella del tuo team.");
        await page.reload();
        await page.waitForSelector("text=Accedi alla casella del tuo team.");
      }
    }
  });

  it("signs out: the session ends and the API refuses it", async () => {
    const page = await open();
    await signInAgent(page, suite.product.url, "anna@demo.sportello.it", suite.product.login!.password);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name.startsWith("sportello"))?.httpOnly).toBe(true);
    expect(await page.evaluate(() => document.cookie)).not.toMatch(/sportello/);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForSelector("input[name=password]");
    expect(await page.evaluate(async () => (await fetch("/api/v1/me")).status)).toBe(401);
    await page.reload();
    await page.waitForSelector("input[name=password]");
  });
});
