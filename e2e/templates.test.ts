import { describe, expect, it } from "vitest";
import { browserSuite, chromiumAvailable, shot, signInAgent } from "./support";

// An admin edits the email a customer receives when a request is solved, watches the preview follow the
// typing, saves it and puts the default text back.
describe.skipIf(!chromiumAvailable)("email templates in Chromium", () => {
  const suite = browserSuite("en");

  it("edits a template with a live preview, saves it and resets it", async () => {
    const page = await suite.open("en");
    await signInAgent(page, suite.product.url, "admin@demo.sportello.it", suite.product.login!.password);
    await page.goto(`${suite.product.url}/admin/mailboxes`);
    await page.click("text=Email templates: what customers receive from us");
    await page.waitForSelector("h1#admin-title >> text=Email templates");
    await page.click("button[aria-label='Edit “Request solved” in English (en)']");
    const editor = page.getByTestId("template-editor");
    await editor.locator("text=Editing: Request solved, English (en)").waitFor();
    await page
      .getByTestId("preview-subject")
      .filter({ hasText: "Your request has been solved: The coffee machine does not switch on" })
      .waitFor();

    await page.fill("input[name=subject]", "All done, {{customer_name}}: {{subject}}");
    await page
      .getByTestId("preview-subject")
      .filter({ hasText: "All done, Mary Smith: The coffee machine does not switch on" })
      .waitFor();
    await page.fill("textarea[name=body]", "Hi {{customer_name}}, {{nope}}");
    await page
      .getByTestId("preview-error")
      .filter({ hasText: "Unknown placeholder: {{nope}}. This email may use {{customer_name}}" })
      .waitFor();
    await page.fill(
      "textarea[name=body]",
      "Hi {{customer_name}}, request #{{ticket_number}} is solved. Reply to reopen it: ",
    );
    await editor.locator("button", { hasText: "{{portal_link}}" }).click();
    await page
      .getByTestId("preview-body")
      .filter({
        hasText: /Hi Mary Smith, request #1234 is solved\. Reply to reopen it: http\S+\/portal\/requests\/1234/,
      })
      .waitFor();
    await shot(page, "templates-en");
    // The preview saved nothing.
    const ws = await suite.product.rt.ctx.db.selectFrom("workspaces").select("id").executeTakeFirstOrThrow();
    expect(await suite.product.rt.ctx.db.selectFrom("mail_templates").selectAll().execute()).toEqual([]);

    await editor.locator("button[type=submit]").click();
    await editor.locator("text=Saved: the next emails use this text.").waitFor();
    const row = await suite.product.rt.ctx.db
      .selectFrom("mail_templates")
      .selectAll()
      .where("workspace_id", "=", ws.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: "solved", language: "en", subject: "All done, {{customer_name}}: {{subject}}" });
    expect(row.body).toBe(
      "Hi {{customer_name}}, request #{{ticket_number}} is solved. Reply to reopen it: {{portal_link}}",
    );
    await page
      .locator("tr", { hasText: "Request solved" })
      .filter({ hasText: "English (en)" })
      .locator("text=Edited")
      .waitFor();

    await editor.locator("button", { hasText: "Reset to the default text" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Reset to the default text" }).click();
    await editor.locator("text=Back to the default text.").waitFor();
    expect(await page.inputValue("input[name=subject]")).toBe(
      "[#{{ticket_number}}] Your request has been solved: {{subject}}",
    );
    expect(await suite.product.rt.ctx.db.selectFrom("mail_templates").selectAll().execute()).toEqual([]);
  });

  it("shows the page in Italian", async () => {
    const page = await suite.open("it");
    await signInAgent(page, suite.product.url, "admin@demo.sportello.it", suite.product.login!.password);
    await page.goto(`${suite.product.url}/admin/templates`);
    await page.waitForSelector("h1#admin-title >> text=Modelli email");
    await page.click("button[aria-label='Modifica “Richiesta ricevuta” in Italiano (it)']");
    await page
      .getByTestId("preview-subject")
      .filter({ hasText: "[#1234] Abbiamo ricevuto la tua richiesta: La macchina del caffè non si accende" })
      .waitFor();
    await page
      .getByTestId("preview-body")
      .filter({ hasText: /Ti risponderemo entro \S+ \d+ \S+ alle 11:00\./ })
      .waitFor();
    await shot(page, "templates-it");
    // The server's error, in Italian.
    await page.fill("textarea[name=body]", "Ciao {{customer_name}}, {{nope}}");
    await page
      .getByTestId("preview-error")
      .filter({ hasText: "Segnaposto sconosciuto: {{nope}}. Questa email può usare {{customer_name}}" })
      .waitFor();
  });
});
