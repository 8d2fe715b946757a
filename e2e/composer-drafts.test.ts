import { describe, expect, it } from "vitest";
import { browserSuite, chromiumAvailable, shot, signInAgent } from "./support";

// The composer never loses words: a draft kept on the server as the agent types survives a reload and shows to
// colleagues as "has a draft"; a reply and a note say who will read them, and text never silently changes from
// one to the other; Ctrl+Enter sends, and what was sent is no longer a draft.
describe.skipIf(!chromiumAvailable)("drafts and the reply/note composer in Chromium", () => {
  const suite = browserSuite("it");
  const anna = "anna@demo.sportello.it";
  const giulia = "admin@demo.sportello.it";
  const numberOf = async (subject: string) =>
    (
      await suite.product.rt.ctx.db
        .selectFrom("tickets")
        .select("number")
        .where("subject", "=", subject)
        .executeTakeFirstOrThrow()
    ).number;

  it("keeps a draft across a reload, asks before a reply becomes a note, and shows colleagues who has one", async () => {
    const number = await numberOf("Cambio indirizzo di consegna");
    const page = await suite.open("it");
    await signInAgent(page, suite.product.url, giulia, suite.product.login!.password);
    await page.goto(`${suite.product.url}/tickets/${number}`);
    await page.waitForSelector("#composer-text");
    // A reply says whom it goes to; a note says the customer never sees it.
    await page.waitForSelector("[data-testid=recipient] >> text=/Risposta via email a sara.gallo@hotellaguna.it/");
    await page.type("#composer-text", "Gentile Sara, abbiamo aggiornato l'indirizzo");
    await page.waitForSelector("[data-testid=draft-state] >> text=Bozza salvata");
    await page.reload();
    await page.waitForFunction(() =>
      (document.querySelector("#composer-text") as HTMLTextAreaElement | null)?.value.includes("Gentile Sara"),
    );
    // With text written, the note tab asks first; cancelled, the text stays a reply.
    await page.click("[role=tab] >> text=Nota interna");
    await page.waitForSelector("[role=alertdialog] >> text=/Il cliente non la riceverà/");
    await shot(page, "composer-switch-it");
    await page.keyboard.press("Escape");
    expect(await page.getAttribute("[role=tab] >> text=Rispondi", "aria-selected")).toBe("true");

    // A colleague on the same ticket sees that Giulia has a draft, never its words.
    const colleague = await suite.open("en");
    await signInAgent(colleague, suite.product.url, anna, suite.product.login!.password);
    await colleague.goto(`${suite.product.url}/tickets/${number}`);
    await colleague.waitForSelector("[data-testid=draft-state] >> text=Giulia Ferri has a draft");
    await colleague.waitForSelector("[data-testid=recipient] >> text=/Reply by email to sara.gallo@hotellaguna.it/");
    expect(await colleague.inputValue("#composer-text")).toBe("");

    // Ctrl+Enter sends; the reply is in the thread and, after a reload, the composer is empty.
    await page.focus("#composer-text");
    await page.keyboard.press("Control+Enter");
    await page.waitForSelector(".thread >> text=Gentile Sara, abbiamo aggiornato l'indirizzo");
    await page.reload();
    await page.waitForSelector("#composer-text");
    await page.waitForSelector("[data-testid=recipient]");
    expect(await page.inputValue("#composer-text")).toBe("");
    const left = await suite.product.rt.ctx.db.selectFrom("ticket_drafts").selectAll().execute();
    expect(left).toEqual([]);
  });

  it("turns written text into a note only when asked, and the note says who reads it", async () => {
    const number = await numberOf("Cambio indirizzo di consegna");
    const page = await suite.open("en");
    await signInAgent(page, suite.product.url, anna, suite.product.login!.password);
    await page.goto(`${suite.product.url}/tickets/${number}`);
    await page.fill("#composer-text", "Checked with the courier: it leaves tomorrow");
    await page.click("[role=tab] >> text=Internal note");
    await page.click("[role=alertdialog] button >> text=Switch");
    await page.waitForSelector("[data-testid=recipient] >> text=/only your team sees it/");
    expect(await page.getAttribute("form.composer", "class")).toContain("internal");
    await shot(page, "composer-note-en");
    await page.click("[data-testid=send]");
    await page.waitForSelector(".thread >> text=Checked with the courier: it leaves tomorrow");
    const note = await suite.product.rt.ctx.db
      .selectFrom("messages")
      .select("internal")
      .where("body_text", "=", "Checked with the courier: it leaves tomorrow")
      .executeTakeFirstOrThrow();
    expect(note.internal).toBe(1);
  });
});
