import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../server/modules/auth/auth.service";
import { waitFor } from "../server/test/wait";
import { axeViolations, browserSuite, chromiumAvailable, goInApp, shot, signInAgent } from "./support";

// The playbook editor (admin page Playbooks): a supervisor writes a playbook in Italian with three steps, a
// mistake and a canned reply, finds it listed, edits a step, and the playbook shows in the sidebar of a ticket
// with its tag; in English the same page, and deleting asks first. An agent reads it without a way to change it.
// axe checks the open editor and the dialog (e2e/axe-every-page.test.ts walks the page itself).
describe.skipIf(!chromiumAvailable)("playbook editor in Chromium", () => {
  const suite = browserSuite("it");
  const admin = "admin@demo.sportello.it";
  const title = "Cliente in vacanza forzata";
  let ticket = 0;

  beforeAll(async () => {
    const { db } = suite.product.rt.ctx;
    const agent = await db.selectFrom("agents").selectAll().where("email", "=", admin).executeTakeFirstOrThrow();
    const token = (await createApiToken(db, agent.workspace_id, agent.id, "e2e")).token;
    const res = await suite.product.app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      headers: { authorization: `Bearer ${token}` },
      payload: {
        subject: "Locale chiuso per lavori",
        body_text: "Il locale resta chiuso per tre settimane: come sospendiamo le consegne?",
        requester: { email: "luca.romano@barcentrale.it" },
        tags: ["chiusura-temporanea"],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    ticket = res.json<{ number: number }>().number;
  });

  const stored = () =>
    suite.product.rt.ctx.db.selectFrom("playbooks").selectAll().where("title", "=", title).executeTakeFirst();
  const row = `[data-testid=playbook-list] tr[data-playbook="${title}"]`;
  const step = (n: number) => `[data-testid=playbook-steps] li:nth-child(${n}) input`;

  it("writes a playbook in Italian, lists it, edits a step, and the ticket's sidebar shows it", async () => {
    const page = await suite.open("it");
    await signInAgent(page, suite.product.url, admin, suite.product.login!.password);
    await page.click("nav.sidebar a[href='/admin/playbooks']");
    await page.waitForSelector("#admin-title >> text=Playbook per i momenti difficili");
    // The demo's six playbooks and their translations are listed.
    await page.waitForSelector("[data-testid=playbook-list] >> text=Cliente arrabbiato");

    await page.click("button >> text=Nuovo playbook");
    await page.fill("[data-testid=playbook-editor] label:has-text('Titolo') input", title);
    await page.fill("label:has-text('Tag (separati') input", "chiusura-temporanea, Ferie");
    await page.fill("label:has-text('Parole chiave') input", "chiusura, sospendere consegne");
    await page.fill(step(1), "Conferma le date di chiusura");
    await page.click("button >> text=Aggiungi un passo");
    await page.fill(step(2), "Sospendi gli ordini ricorrenti");
    await page.click("button >> text=Aggiungi un passo");
    await page.fill(step(3), "Fissa un promemoria per la riapertura");
    // The third step goes first, then back down: the order is the person's.
    await page.click("button[aria-label='Sposta su il passo 3']");
    expect(await page.inputValue(step(2))).toBe("Fissa un promemoria per la riapertura");
    await page.click("button[aria-label='Sposta giù il passo 2']");
    await page.click("button >> text=Aggiungi un errore");
    await page.fill("[data-testid=playbook-mistakes] li:nth-child(1) input", "Addebitare le consegne sospese");
    await page.check("[data-testid=playbook-macros] label:has-text('(/scuse)') input");
    await shot(page, "playbook-editor-new-it");
    expect(await axeViolations(page)).toEqual([]);
    await page.click("button >> text=Salva il playbook");
    await page.waitForSelector(`${row} >> text=3 passi`);
    const created = await waitFor(stored);
    expect(JSON.parse(created.steps)).toEqual([
      "Conferma le date di chiusura",
      "Sospendi gli ordini ricorrenti",
      "Fissa un promemoria per la riapertura",
    ]);
    expect(JSON.parse(created.match_tags)).toEqual(["chiusura-temporanea", "ferie"]);
    expect(JSON.parse(created.macro_ids)).toHaveLength(1);
    expect(created.language).toBe("it");
    await page.evaluate((sel) => document.querySelector(sel)?.scrollIntoView(), row);
    await shot(page, "playbook-list-it");

    // Edit the second step.
    await page.click(`button[aria-label='Modifica ${title}']`);
    await page.waitForSelector(`[data-testid=playbook-editor] h2 >> text=Modifica: ${title}`);
    await page.fill(step(2), "Sospendi gli ordini ricorrenti e avvisa il corriere");
    await page.click("button >> text=Salva il playbook");
    await page.waitForSelector("[data-testid=playbook-editor]", { state: "detached" });
    await waitFor(
      async () => JSON.parse((await stored())!.steps)[1] === "Sospendi gli ordini ricorrenti e avvisa il corriere",
    );

    // The ticket with its tag shows it, edited step, mistake and suggested reply included.
    await goInApp(page, `/tickets/${ticket}`, "#composer-text");
    const card = `[data-testid=playbooks] article[aria-label="${title}"]`;
    await page.waitForSelector(`${card} >> text=Sospendi gli ordini ricorrenti e avvisa il corriere`);
    expect(await page.$$eval(`${card} .checklist li`, (li) => li.length)).toBe(3);
    await page.waitForSelector(`${card} >> text=Addebitare le consegne sospese`);
    await page.waitForSelector(`${card} >> text=/scuse/`);
    await page.evaluate((sel) => document.querySelector(sel)?.scrollIntoView(), card);
    await shot(page, "playbook-ticket-it");
  });

  it("shows the page in English, and deletes a playbook only once confirmed", async () => {
    const page = await suite.open("en");
    await signInAgent(page, suite.product.url, admin, suite.product.login!.password);
    await goInApp(page, "/admin/playbooks", "#admin-title");
    await page.waitForSelector("#admin-title >> text=Playbooks for hard moments");
    await page.waitForSelector(`${row} >> text=3 steps`);
    await page.click(`button[aria-label='Edit ${title}']`);
    await page.waitForSelector(`[data-testid=playbook-editor] h2 >> text=Editing: ${title}`);
    await shot(page, "playbook-editor-en");
    await page.click("[data-testid=playbook-editor] button >> text=Cancel");

    await page.click(`button[aria-label='Delete ${title}']`);
    await page.waitForSelector(`[role=alertdialog] >> text=Delete the playbook “${title}”?`);
    // It has no translation, so the question says what goes: the playbook alone.
    await page.waitForSelector("[role=alertdialog] >> text=Tickets no longer show it. This cannot be undone.");
    await shot(page, "playbook-delete-en");
    expect(await axeViolations(page)).toEqual([]);
    await page.click("[role=alertdialog] button >> text=Cancel");
    await page.waitForSelector("[role=alertdialog]", { state: "detached" });
    expect(await stored()).toBeDefined();
    await page.click(`button[aria-label='Delete ${title}']`);
    await page.click("[role=alertdialog] button >> text=Delete the playbook");
    await page.waitForSelector(row, { state: "detached" });
    expect(await stored()).toBeUndefined();
  });

  it("lets an agent read the playbooks without changing them", async () => {
    const page = await suite.open("it");
    await signInAgent(page, suite.product.url, "anna@demo.sportello.it", suite.product.login!.password);
    await page.click("nav.sidebar a[href='/admin/playbooks']");
    await page.waitForSelector("[data-testid=playbook-list] >> text=Cliente arrabbiato");
    await page.waitForSelector("text=I playbook li scrivono supervisori e amministratori");
    expect(await page.$$("button >> text=Nuovo playbook")).toHaveLength(0);
    expect(await page.$$("button[aria-label^='Elimina']")).toHaveLength(0);
    await page.click("button[aria-label='Apri Cliente arrabbiato']");
    await page.waitForSelector("[data-testid=playbook-editor] >> text=Chiudi");
    expect(await page.$$("[data-testid=playbook-editor] button[type=submit]")).toHaveLength(0);
    expect(await page.$eval(step(1), (i) => (i as HTMLInputElement).readOnly)).toBe(true);
    await shot(page, "playbook-read-only-it");
  });
});
