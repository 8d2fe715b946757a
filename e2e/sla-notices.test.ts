import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../server/modules/auth/auth.service";
import { createPortalLink } from "../server/modules/portal-links/portal-links";
import { checkDue } from "../server/modules/sla/watcher";
import { waitFor } from "../server/test/harness";
import { browserSuite, chromiumAvailable, shot, signInAgent } from "./support";

// Service levels as people see them, in Chromium against the whole product (the worker's SLA watcher runs
// in-process): the assignee and a supervisor get a notice when a ticket nears or passes its deadline, an agent
// never gets someone else's, and the customer reads the promise in words in the portal.
describe.skipIf(!chromiumAvailable)("SLA notices and the customer's promise in Chromium", () => {
  const suite = browserSuite("it");
  let token: string;
  const open = (lang: "it" | "en") => suite.open(lang, { logErrors: true });
  const agentId = async (email: string) =>
    (
      await suite.product.rt.ctx.db
        .selectFrom("agents")
        .select("id")
        .where("email", "=", email)
        .executeTakeFirstOrThrow()
    ).id;
  const newTicket = async (subject: string, email: string, assigneeId?: number) => {
    const r = await suite.product.app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      headers: { authorization: `Bearer ${token}` },
      payload: {
        subject,
        body_text: "La macchina non si accende",
        requester: { email },
        ...(assigneeId ? { assignee_id: assigneeId } : {}),
      },
    });
    expect(r.statusCode).toBe(201);
    return r.json() as { id: number; number: number };
  };
  /** Moves a ticket's first-response clock so that its warning (and breach) is due now. */
  const makeDue = (ticketId: number, breach: boolean) =>
    suite.product.rt.ctx.db
      .updateTable("sla_clocks")
      .set({ warn_at: Date.now() - 60_000, ...(breach ? { due_at: Date.now() - 1000 } : {}) })
      .where("ticket_id", "=", ticketId)
      .where("target", "=", "first_response")
      .execute();
  // The in-process watcher would find a clock moved behind its back at its next wake-up (up to 10 s later); the
  // test runs the watcher's own check at once instead. Each alert is claimed once, whoever checks first.
  const fireDue = () => checkDue(suite.product.rt.ctx);

  beforeAll(async () => {
    token = (await createApiToken(suite.product.rt.ctx.db, 1, await agentId("admin@demo.sportello.it"), "e2e")).token;
  });

  it("tells the assignee and a supervisor, not other agents, when a deadline is close and when it passes", async () => {
    const anna = await open("it");
    await signInAgent(anna, suite.product.url, "anna@demo.sportello.it", suite.product.login!.password);
    const marco = await open("en");
    await signInAgent(marco, suite.product.url, "marco@demo.sportello.it", suite.product.login!.password);
    // Both tabs' websockets are connected before anything fires (the notices are live pushes).
    await waitFor(() => suite.product.rt.ctx.hub.connectionCount >= 2);
    expect(await anna.textContent("[data-testid=sla-alerts-count]")).toBe("0");

    const annas = await newTicket(
      "Caldaia in blocco da stamattina",
      "luigi.neri@example.it",
      await agentId("anna@demo.sportello.it"),
    );
    const giulias = await newTicket(
      "Preventivo per tre macchine",
      "ufficio@example.it",
      await agentId("admin@demo.sportello.it"),
    );
    await makeDue(annas.id, false);
    await makeDue(giulias.id, false);
    await fireDue();

    const annaToast = anna.locator("[data-testid=sla-toast]", { hasText: `#${annas.number}` });
    await annaToast.waitFor({ timeout: 15_000 });
    expect(await annaToast.innerText()).toMatch(
      /Scadenza vicina[\s\S]*Caldaia in blocco da stamattina[\s\S]*Prima risposta entro/,
    );
    // The supervisor sees both, in English.
    await marco.locator("[data-testid=sla-toast]", { hasText: `#${giulias.number}` }).waitFor({ timeout: 15_000 });
    expect(await marco.locator("[data-testid=sla-toast]", { hasText: `#${annas.number}` }).innerText()).toMatch(
      /Deadline close[\s\S]*First response due by/,
    );
    // Anna is not told about Giulia's ticket, and her list holds only her own.
    expect(await anna.locator("[data-testid=sla-toast]", { hasText: `#${giulias.number}` }).count()).toBe(0);
    await anna.waitForSelector("[data-testid=sla-alerts-count] >> text=1");
    await shot(anna, "sla-warning-it");

    // The deadline passes: a second notice, and the supervisor's list marks it.
    await makeDue(annas.id, true);
    await fireDue();
    await anna.locator("[data-testid=sla-toast]", { hasText: "Scadenza superata" }).waitFor({ timeout: 15_000 });
    await marco.locator("[data-testid=sla-toast]", { hasText: "Deadline passed" }).waitFor({ timeout: 15_000 });
    await marco.click("[data-testid=sla-alerts-button]");
    const panel = marco.locator("#sla-alerts-panel");
    await panel
      .locator("li", { hasText: `#${annas.number}` })
      .filter({ hasText: "First response: deadline passed" })
      .waitFor();
    expect(await panel.locator("li", { hasText: `#${giulias.number}` }).innerText()).toContain(
      "assigned to Giulia Ferri",
    );
    await shot(marco, "sla-alerts-en");

    // The notice opens the ticket, whose history records both, in the agent's language.
    await anna
      .locator("[data-testid=sla-toast]", { hasText: "Scadenza superata" })
      .getByRole("link", { name: `Apri il ticket #${annas.number}` })
      .click();
    await anna.waitForSelector("#ticket-title");
    expect(await anna.textContent("#ticket-title")).toContain(`#${annas.number}`);
    await anna.waitForSelector(".timeline >> text=Prima risposta: scadenza vicina");
    await anna.waitForSelector(".timeline >> text=Prima risposta: scadenza superata");
    await anna.waitForSelector("li.breached >> text=(scaduta)");

    // Anna answers: the target is met and her list empties.
    await anna.fill("#composer-text", "Buongiorno Luigi, il tecnico passa domattina.");
    await anna.click("[data-testid=send]");
    await anna.waitForSelector("[data-testid=sla-alerts-count] >> text=0", { timeout: 10_000 });
    // The ticket is read again after the reply: its service-level card says the target was missed, not "met
    // (breached)", and no longer shows the deadline as open.
    await anna.waitForSelector("li.breached >> text=Prima risposta: non rispettata: completata dopo la scadenza");
  });

  it("lets a supervisor add a patron saint to the default calendar and preview a due time", async () => {
    const page = await open("it");
    await signInAgent(page, suite.product.url, "marco@demo.sportello.it", suite.product.login!.password);
    await page.click("nav >> text=Calendari lavorativi");
    await page.waitForSelector("h1#admin-title >> text=Calendari lavorativi");
    const card = page.locator("section.card", { hasText: "Predefinito" });
    expect(await card.innerText()).toMatch(/Lunedì: 09:00–13:00, 14:00–18:00[\s\S]*Sabato: chiuso/);
    // Friday 4 December 2026 at 17:00 plus 2 business hours: Monday at 10:00.
    await card.getByLabel("Iniziato il").fill("2026-12-04T17:00");
    await card.getByLabel("Ore lavorative").fill("2");
    await card.getByRole("button", { name: "Calcola" }).click();
    await card.locator('[data-testid=due-result] time[datetime="2026-12-07T10:00:00+01:00"]').waitFor();
    // Sant'Ambrogio (7 December, every year) then the Immacolata: Wednesday at 10:00.
    await card.getByLabel("Data (MM-GG ogni anno, o AAAA-MM-GG)").fill("12-07");
    await card.getByLabel("Nome").fill("Sant'Ambrogio");
    await card.getByRole("button", { name: "Aggiungi chiusura" }).click();
    await card.locator("text=12-07 ogni anno · Sant'Ambrogio").waitFor();
    await card.getByRole("button", { name: "Calcola" }).click();
    await card.locator('[data-testid=due-result] time[datetime="2026-12-09T10:00:00+01:00"]').waitFor();
    expect(await card.locator("[data-testid=due-result]").innerText()).toMatch(/^Scade mer 9 dic, 10:00/);
    await shot(page, "calendars-it");
    // Removing a closure without the right any more (the role changed meanwhile) says so and keeps it; with the
    // right back, it goes.
    const marco = suite.product.rt.ctx.db.updateTable("agents").where("email", "=", "marco@demo.sportello.it");
    await marco.set({ role: "agent" }).execute();
    const remove = card.getByRole("button", { name: "Togli Sant'Ambrogio" });
    await remove.click();
    await card.locator("[role=alert] >> text=Non hai il permesso di farlo.").waitFor();
    await card.locator("text=12-07 ogni anno · Sant'Ambrogio").waitFor();
    await marco.set({ role: "supervisor" }).execute();
    await remove.click();
    await card.locator("text=12-07 ogni anno · Sant'Ambrogio").waitFor({ state: "detached" });
  });

  it("shows the customer when the next answer is due, in words, in Italian and in English", async () => {
    const t = await newTicket("Macinacaffè rumoroso", "paola.riva@example.it");
    const customer = await suite.product.rt.ctx.db
      .selectFrom("customers")
      .select("id")
      .where("email", "=", "paola.riva@example.it")
      .executeTakeFirstOrThrow();
    const due = (
      await suite.product.rt.ctx.db
        .selectFrom("sla_clocks")
        .select("due_at")
        .where("ticket_id", "=", t.id)
        .where("target", "=", "first_response")
        .executeTakeFirstOrThrow()
    ).due_at!;
    const words = (locale: string) => {
      const o = { timeZone: "Europe/Rome" } as const;
      return [
        new Intl.DateTimeFormat(locale, { ...o, weekday: "long", day: "numeric", month: "long" }).format(due),
        new Intl.DateTimeFormat(locale, { ...o, hour: "2-digit", minute: "2-digit" }).format(due),
      ];
    };
    const read = async (page: Page, lang: "it" | "en") => {
      const link = await createPortalLink(suite.product.rt.ctx, {
        workspaceId: 1,
        customerId: customer.id,
        ticketNumber: t.number,
        singleUse: false,
      });
      await page.goto(link);
      await page.waitForSelector("#request-title");
      await shot(page, `portal-promise-${lang}`);
      return page.locator(".promise strong").innerText();
    };
    const [itDay, itTime] = words("it-IT");
    const it = await read(await open("it"), "it");
    expect(it).toBe(`Ti risponderemo entro ${itDay} alle ${itTime}`);
    expect(it).toMatch(
      /^Ti risponderemo entro (lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica) \d{1,2} [a-z]+ alle \d\d:\d\d$/,
    );
    const [enDay, enTime] = words("en-GB");
    const en = await read(await open("en"), "en");
    expect(en).toBe(`We will answer by ${enDay} at ${enTime}`);
    expect(en).toMatch(
      /^We will answer by (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+ at \d\d:\d\d$/,
    );
  });
});
