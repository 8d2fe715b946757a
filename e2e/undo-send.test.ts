import { describe, expect, it } from "vitest";
import { browserSuite, chromiumAvailable, shot, signInAgent } from "./support";

// "Undo send" in Chromium: a public reply waits for the workspace's window with "Sending… Undo"; Undo brings the
// text back into the composer; sent again, it reaches the thread once the window has passed.
describe.skipIf(!chromiumAvailable)("undo send in Chromium", () => {
  const suite = browserSuite("it");
  const db = () => suite.product.rt.ctx.db;

  it("holds a reply, gives it back on Undo, and sends it after the window (it, en)", async () => {
    // A short window keeps the test quick; the demo's is the default 5 s.
    expect(
      (await db().selectFrom("workspaces").select("undo_send_seconds").executeTakeFirstOrThrow()).undo_send_seconds,
    ).toBe(5);
    await db().updateTable("workspaces").set({ undo_send_seconds: 2 }).execute();
    const { number } = await db()
      .selectFrom("tickets")
      .select("number")
      .where("subject", "=", "Descaling instructions")
      .executeTakeFirstOrThrow();
    const page = await suite.open("it", { logErrors: true });
    await signInAgent(page, suite.product.url, "admin@demo.sportello.it", suite.product.login!.password);
    await page.goto(`${suite.product.url}/tickets/${number}`);
    await page.fill("#composer-text", "Ecco le istruzioni per la decalcificazione");
    await page.click("[data-testid=send]");
    await page.waitForSelector("[data-testid=sending] >> text=/Invio in corso/");
    expect(await page.inputValue("#composer-text")).toBe("");
    await shot(page, "undo-send-it");
    await page.click("[data-testid=undo-send]");
    await page.waitForFunction(
      () =>
        (document.querySelector("#composer-text") as HTMLTextAreaElement).value ===
        "Ecco le istruzioni per la decalcificazione",
    );
    expect(await db().selectFrom("held_replies").selectAll().execute()).toEqual([]);
    expect(await page.locator(".thread >> text=Ecco le istruzioni").count()).toBe(0);

    // Sent again (Ctrl+Enter), in English this time: it reaches the thread after the window, once.
    const en = await suite.open("en");
    await signInAgent(en, suite.product.url, "admin@demo.sportello.it", suite.product.login!.password);
    await en.goto(`${suite.product.url}/tickets/${number}`);
    await en.fill("#composer-text", "Here are the descaling instructions");
    await en.keyboard.press("Control+Enter");
    await en.waitForSelector("[data-testid=sending] >> text=/Sending…/");
    await shot(en, "undo-send-en");
    await en.waitForSelector(".thread >> text=Here are the descaling instructions");
    await en.waitForSelector("[data-testid=sending]", { state: "detached" });
    const sent = await db()
      .selectFrom("messages")
      .select("id")
      .where("body_text", "=", "Here are the descaling instructions")
      .execute();
    expect(sent).toHaveLength(1);
  });
});
