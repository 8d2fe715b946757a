import { describe, expect, it } from "vitest";
import { browserSuite, chromiumAvailable, shot, signInAgent } from "./support";

// The triage inbox in Chromium: filters and sort in the address (kept by a reload), rows that are real links,
// the unread mark that goes when the ticket is opened, a page title per page, and saved views.
describe.skipIf(!chromiumAvailable)("the triage inbox in Chromium", () => {
  const suite = browserSuite("it");
  const admin = "admin@demo.sportello.it";

  it("keeps filters and sort across a reload, opens rows as links and clears the unread mark (Italian)", async () => {
    const page = await suite.open("it");
    await signInAgent(page, suite.product.url, admin, suite.product.login!.password);
    await page.goto(`${suite.product.url}/views/all_open`);
    await page.waitForSelector("table.tickets[data-loaded-view=all_open] tbody tr");
    expect(await page.title()).toBe("Tutti aperti · Sportello");
    // Every row's subject is a real link: Ctrl-click or middle-click opens a tab.
    const href = await page.getAttribute("table.tickets tbody tr:first-child a[data-ticket-link]", "href");
    expect(href).toMatch(/^\/tickets\/\d+$/);
    // The demo's tickets are unread for an agent who never opened them.
    const unread = await page.locator("tr[data-unread=true]").count();
    expect(unread).toBeGreaterThan(0);
    await page.waitForSelector("table.tickets .preview");
    await shot(page, "inbox-triage-it");

    // Opening an unread ticket makes it read.
    const firstUnread = page.locator("tr[data-unread=true] a[data-ticket-link]").first();
    const number = await firstUnread.getAttribute("data-ticket-link");
    await firstUnread.click();
    await page.waitForSelector("#ticket-title");
    expect(await page.title()).toMatch(new RegExp(`^#${number} .* · Sportello$`));
    await page.goBack();
    await page.waitForSelector(`a[data-ticket-link="${number}"]`);
    await page.waitForFunction(
      (n) => document.querySelector(`a[data-ticket-link="${n}"]`)?.closest("tr")?.dataset.unread === undefined,
      number,
    );
    await page.click("details.filters summary");
    await page.selectOption("details.filters select >> nth=0", "open");
    await page.selectOption("details.filters select >> nth=-1", "due_asc");
    await page.waitForURL(/status=open/);
    expect(new URL(page.url()).searchParams.get("sort")).toBe("due_asc");
    await page.reload();
    await page.waitForSelector("table.tickets tbody tr");
    expect(await page.inputValue("details.filters select >> nth=0")).toBe("open");
    expect(await page.inputValue("details.filters select >> nth=-1")).toBe("due_asc");
    const statuses = await page.locator("table.tickets tbody .col-status").allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(["Aperto"]));

    expect(new URL(page.url()).searchParams.get("status")).toBe("open");
  });

  it("saves the filters as a view that the sidebar opens again, and deletes it (English)", async () => {
    const page = await suite.open("en");
    await signInAgent(page, suite.product.url, "anna@demo.sportello.it", suite.product.login!.password);
    await page.goto(`${suite.product.url}/views/all_open`);
    await page.waitForSelector("table.tickets[data-loaded-view=all_open] .preview");
    await shot(page, "inbox-triage-en");
    await page.goto(`${suite.product.url}/views/all_open?status=pending`);
    await page.waitForSelector("table.tickets tbody tr");
    await page.click("button >> text=Save view");
    await page.fill("#view-name", "Waiting on customers");
    // An agent keeps views for themselves: no sharing offered.
    expect(await page.locator("text=Share with the whole team").count()).toBe(0);
    await page.click("form.save-view button[type=submit]");
    await page.waitForSelector("[role=status] >> text=Saved: it is in the sidebar.");
    await page.goto(`${suite.product.url}/views/mine`);
    await page.click("[data-testid=saved-views] a >> text=Waiting on customers");
    await page.waitForURL(/\/views\/all_open\?status=pending/);
    await page.waitForSelector("[data-testid=saved-views] a[aria-current=page]");
    await shot(page, "inbox-saved-view-en");
    await page.click("button >> text=Delete this view");
    await page.waitForURL(/\/views\/all_open$/);
    await page.waitForFunction(() => !document.querySelector("[data-testid=saved-views]"));
  });

  it("asks for a ticket when the pointer goes down on its row, and opens it with its thread in one render (English)", async () => {
    const page = await suite.open("en");
    await signInAgent(page, suite.product.url, admin, suite.product.login!.password);
    await page.goto(`${suite.product.url}/views/all_open`);
    await page.waitForSelector("table.tickets[data-loaded-view=all_open] tbody tr");
    const row = "table.tickets tbody tr:nth-child(2)";
    const number = await page.getAttribute(`${row} a[data-ticket-link]`, "data-ticket-link");
    // A press alone (no click yet) asks for the thread and the ticket; the inbox stays.
    const asked = page.waitForRequest((r) => r.url().endsWith(`/api/v1/tickets/${number}/messages`));
    await page.dispatchEvent(`${row} td.num`, "pointerdown", { button: 0, isPrimary: true });
    await asked;
    expect(new URL(page.url()).pathname).toBe("/views/all_open");

    // A click on another row: its thread is asked for before the address changes, and the ticket page never
    // shows "Loading…" on the way (it renders once, with the ticket).
    const other = "table.tickets tbody tr:nth-child(3) a[data-ticket-link]";
    const second = await page.getAttribute(other, "data-ticket-link");
    await page.evaluate(() => {
      const w = window as unknown as { __seen: string[]; __asked: boolean };
      w.__seen = [];
      w.__asked = false;
      // Asked means the request went out: a resource timing entry only appears once the answer is in, which a
      // loaded machine may not have given yet when the address changes (seen once in a full run).
      const send = window.fetch.bind(window);
      window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
        const url = input instanceof Request ? input.url : String(input);
        if (/\/messages(\?|$)/.test(url)) w.__asked = true;
        return send(input, init);
      };
      const push = history.pushState.bind(history);
      history.pushState = (...a: Parameters<History["pushState"]>) => {
        w.__seen.push(`navigate after asking: ${w.__asked}`);
        push(...a);
      };
      // A state with neither the inbox nor the ticket is the page waiting for the ticket ("Loading…").
      new MutationObserver(() => {
        if (!document.querySelector("table.tickets, .ticket-page")) w.__seen.push("loading");
      }).observe(document.body, { childList: true, subtree: true });
    });
    // The ticket page's script is there (fetched once the inbox is idle), so that only the data could be awaited.
    await page.waitForFunction(() =>
      performance.getEntriesByType("resource").some((e) => /TicketPage-[^/]*\.js$/.test(e.name)),
    );
    await page.evaluate(() => void ((window as unknown as { __asked: boolean }).__asked = false));
    await page.click(other);
    await page.waitForSelector(".thread .message");
    expect(new URL(page.url()).pathname).toBe(`/tickets/${second}`);
    const seen = (await page.evaluate("window.__seen")) as string[];
    expect(seen[0]).toBe("navigate after asking: true");
    expect(seen).not.toContain("loading");

    // Two rows clicked one right after the other: the second opens and stays open, even when it answers first
    // (it was pressed before, so its ticket is already here) and the first answers after it.
    await page.goBack();
    await page.waitForSelector("table.tickets[data-loaded-view=all_open] tbody tr");
    const sixth = await page.getAttribute(
      "table.tickets tbody tr:nth-child(6) a[data-ticket-link]",
      "data-ticket-link",
    );
    const here = page.waitForResponse((r) => r.url().endsWith(`/api/v1/tickets/${sixth}/messages`));
    await page.dispatchEvent("table.tickets tbody tr:nth-child(6) td.num", "pointerdown", {
      button: 0,
      isPrimary: true,
    });
    await here;
    const [first, last] = await page.evaluate(() => {
      const links = [...document.querySelectorAll<HTMLAnchorElement>("table.tickets tbody a[data-ticket-link]")];
      const [a, b] = [links[4], links[5]];
      a.click();
      b.click();
      return [a.dataset.ticketLink, b.dataset.ticketLink];
    });
    await page.waitForURL(new RegExp(`/tickets/${last}$`));
    await page.waitForSelector(".thread .message");
    await page.waitForLoadState("networkidle");
    expect(new URL(page.url()).pathname).toBe(`/tickets/${last}`);
    expect(first).not.toBe(last);
  });
});
