import { describe, expect, it } from "vitest";
import { browserSuite, chromiumAvailable, shot, signInAgent } from "./support";

// "Undo send" and safe administration in Chromium: a public reply waits for the workspace's window with
// "Sending… Undo", Undo brings the text back; a bulk change says how many customers it would email before it
// happens; agents, teams and SLA policies are edited and reordered; a forgotten password is reset from the
// link of a captured email.
describe.skipIf(!chromiumAvailable)("undo send and safe administration in Chromium", () => {
  const suite = browserSuite("it", { keepUndoWindow: true });
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
    await page.setInputFiles(".composer input[type=file]", {
      name: "istruzioni.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("Decalcificare ogni tre mesi"),
    });
    // Sending waits for the upload (the button is disabled meanwhile); then the file goes with the reply.
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
    // The file comes back beside the text, and goes with it when the reply is sent again.
    await page.getByRole("button", { name: "Togli istruzioni.txt" }).waitFor();
    expect(await db().selectFrom("held_replies").selectAll().execute()).toEqual([]);
    expect(await page.locator(".thread >> text=Ecco le istruzioni").count()).toBe(0);
    await page.click("[data-testid=send]");
    const resent = page.locator(".thread .message", { hasText: "Ecco le istruzioni" });
    await resent.locator(".files a", { hasText: "istruzioni.txt" }).waitFor();

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

  it("asks before a bulk change, saying how many customers would be emailed, and edits and reorders settings (it)", async () => {
    const page = await suite.open("it", { logErrors: true });
    await signInAgent(page, suite.product.url, "admin@demo.sportello.it", suite.product.login!.password);
    await page.goto(`${suite.product.url}/views/all_open`);
    const chosen = ["Perché il mio ordine non è ancora arrivato?", "La macchina espresso perde acqua"];
    for (const s of chosen) await page.locator("tr", { hasText: s }).getByRole("checkbox").check();
    const bar = page.getByRole("region", { name: "Modifica i ticket selezionati" });
    await bar.getByLabel("Stato").selectOption({ label: "Risolto" });
    const confirm = page.getByRole("alertdialog", { name: "Modificare 2 ticket selezionati?" });
    await confirm.getByText("Nuovo stato: Risolto. Clienti che riceveranno un'email: 2.").waitFor();
    await shot(page, "bulk-confirm-it");
    await confirm.getByRole("button", { name: "Annulla" }).click();
    const statuses = await db().selectFrom("tickets").select("status").where("subject", "in", chosen).execute();
    expect(statuses.map((s) => s.status)).not.toContain("solved");

    // A team edited in place: its capacity.
    await page.goto(`${suite.product.url}/admin/teams`);
    await page.locator("tr", { hasText: "Tecnico macchine" }).getByTestId("edit-row").click();
    const dialog = page.getByRole("dialog");
    await dialog.locator("input[name=capacity]").fill("7");
    await dialog.locator("button[type=submit]").click();
    await page.waitForSelector("[role=status] >> text=Salvato.");
    const team = await db()
      .selectFrom("teams")
      .select(["capacity", "tier"])
      .where("name", "=", "Tecnico macchine")
      .executeTakeFirstOrThrow();
    expect(team).toEqual({ capacity: 7, tier: "specialist" });

    // SLA policies: the first moves down one place.
    // The demo has one policy: a second one for the Premium plan, after it.
    const { id: _id, ...first } = await db().selectFrom("sla_policies").selectAll().executeTakeFirstOrThrow();
    await db()
      .insertInto("sla_policies")
      .values({ ...first, name: "Premium", plan_name: "Premium", position: first.position + 10 })
      .execute();
    await page.goto(`${suite.product.url}/admin/plans`);
    const before = await db()
      .selectFrom("sla_policies")
      .select(["id", "name"])
      .orderBy("position")
      .orderBy("id")
      .execute();
    expect(before.length).toBeGreaterThan(1);
    await page.getByRole("button", { name: `Sposta giù: ${before[0].name}` }).click();
    await expect
      .poll(async () =>
        (await db().selectFrom("sla_policies").select("id").orderBy("position").orderBy("id").execute()).map(
          (r) => r.id,
        ),
      )
      .toEqual([before[1].id, before[0].id, ...before.slice(2).map((r) => r.id)]);
    await shot(page, "plans-reorder-it");
  });

  it("resets a forgotten password from the link of a captured email (en)", async () => {
    const page = await suite.open("en", { logErrors: true });
    await page.goto(`${suite.product.url}/`);
    await page.click("[data-testid=forgot]");
    await page.fill("input[type=email]", "anna@demo.sportello.it");
    await page.click("button[type=submit]");
    await page.waitForSelector("[data-testid=reset-sent]");
    const mail = await db()
      .selectFrom("mail_outbox")
      .select(["body_text", "status"])
      .where("kind", "=", "password_reset")
      .executeTakeFirstOrThrow();
    expect(mail.status).toBe("captured");
    const link = /(http\S+reset-password\?token=\S+)/.exec(mail.body_text)![1];
    await page.goto(link);
    await page.fill("input[type=password]", "password123");
    await page.click("button[type=submit]");
    await page.waitForSelector("[role=alert] >> text=/too easy to guess|guess/i");
    await page.fill("input[type=password]", "granite lantern orchard 58");
    await shot(page, "password-reset-en");
    await page.click("button[type=submit]");
    await page.waitForSelector("[data-testid=reset-done]");
    await page.click("text=Back to sign in");
    await signInAgent(page, suite.product.url, "anna@demo.sportello.it", "granite lantern orchard 58");
  });
});
