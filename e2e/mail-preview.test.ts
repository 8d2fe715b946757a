import { describe, expect, it } from "vitest";
import { createApiToken } from "../server/modules/auth/auth.service";
import { waitFor } from "../server/test/wait";
import { browserSuite, chromiumAvailable, shot, signInAgent } from "./support";

// With no SMTP_RELAY_URL (the default), mail is captured: the app says so on every page, a reply says
// "captured" on its ticket, and admins read it in the mail preview, whose links work (a captured portal
// sign-in link opens the portal as that customer).
describe.skipIf(!chromiumAvailable)("the mail preview in Chromium", () => {
  const suite = browserSuite("it");
  const admin = "admin@demo.sportello.it";
  const numberOf = async (subject: string) =>
    (
      await suite.product.rt.ctx.db
        .selectFrom("tickets")
        .select("number")
        .where("subject", "=", subject)
        .executeTakeFirstOrThrow()
    ).number;

  it("shows a reply sent with no relay as captured, and the reply in the mail preview (Italian)", async () => {
    // The demo's own mail (its solved tickets' replies) is queued by the worker after the start: once it is, the
    // reply below is the newest.
    const db = suite.product.rt.ctx.db;
    await waitFor(
      async () => !(await db.selectFrom("outbox").select("id").where("dispatched_at", "is", null).executeTakeFirst()),
      { what: "the demo's events dispatched" },
    );
    const number = await numberOf("Cambio indirizzo di consegna");
    const page = await suite.open("it");
    await signInAgent(page, suite.product.url, admin, suite.product.login!.password);
    await page.waitForSelector("[data-testid=mail-banner] >> text=/La posta non parte/");
    await page.goto(`${suite.product.url}/tickets/${number}`);
    await page.fill("#composer-text", "Indirizzo aggiornato: via Roma 12, Mestre.");
    await page.click("[data-testid=send]");
    // Our reply's own state (the demo's earlier reply on this ticket was captured too).
    await page
      .locator(".thread li.message", { hasText: "via Roma 12" })
      .locator("[data-testid=delivery][data-status=captured] >> text=Non inviata: trattenuta")
      .waitFor();
    await shot(page, "delivery-captured-it");

    await page.click("[data-testid=mail-banner] a >> text=Apri l'anteprima posta");
    await page.waitForSelector("h1 >> text=Anteprima posta");
    expect(await page.title()).toBe("Anteprima posta · Sportello");
    // With none chosen, the newest email is open beside the list, and marked on it.
    const newest = page.locator(".mail-list li a").first();
    await page.waitForSelector(".mail-list li a[aria-current=true]");
    expect(await newest.getAttribute("aria-current")).toBe("true");
    const newestSubject = (await newest.locator("strong").innerText()).trim();
    await page.waitForFunction((s) => document.querySelector("#mail-subject")?.textContent === s, newestSubject);
    // Newest first: the reply just sent is the first about its ticket (the demo's workers capture other mail too).
    await page.locator(".mail-list li a", { hasText: "Cambio indirizzo di consegna" }).first().click();
    await page.waitForSelector("#mail-subject");
    // A text-only email opens on its text (the HTML view is for the emails that have one).
    await page.waitForSelector("button[aria-pressed=true] >> text=Testo");
    await page.waitForSelector(".mail-text >> text=/via Roma 12/");
    await shot(page, "mail-preview-it");
    await page.click("button[aria-pressed] >> text=Intestazioni");
    await page.waitForSelector(".mail-headers >> text=Message-ID");
    // Without a relay there is nothing to send it through.
    expect(await page.locator("text=Invia ora").count()).toBe(0);
  });

  it("opens the portal from a captured sign-in link, and tells an agent whom to ask (English)", async () => {
    const asked = await fetch(`${suite.product.url}/api/v1/portal/sign-in-link`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "luca.romano@barcentrale.it" }),
    });
    expect(asked.status).toBeLessThan(300);
    const page = await suite.open("en");
    await signInAgent(page, suite.product.url, admin, suite.product.login!.password);
    // An HTML reply shows in the sandboxed frame.
    const number = await numberOf("Cambio indirizzo di consegna");
    const { ctx } = suite.product.rt;
    const me = await ctx.db
      .selectFrom("agents")
      .select(["id", "workspace_id"])
      .where("email", "=", admin)
      .executeTakeFirstOrThrow();
    const token = (await createApiToken(ctx.db, me.workspace_id, me.id, "e2e")).token;
    const sent = await fetch(`${suite.product.url}/api/v1/tickets/${number}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ body_text: "Ecco la mappa", body_html: "<p>Ecco <b>la mappa</b> del magazzino</p>" }),
    });
    expect(sent.status).toBe(201);
    await page.goto(`${suite.product.url}/tickets/${number}`);
    await page.waitForSelector("[data-testid=delivery][data-status=captured] >> text=Not sent: captured");
    await shot(page, "delivery-captured-en");
    await page.goto(`${suite.product.url}/admin/mail`);
    await page.locator(".mail-list li a", { hasText: "Cambio indirizzo di consegna" }).first().click();
    await page.waitForSelector("button[aria-pressed=true] >> text=HTML");
    await page.frameLocator("iframe.mail-frame").locator("b >> text=la mappa").waitFor();
    expect(await page.getAttribute("iframe.mail-frame", "sandbox")).toBe("allow-popups allow-popups-to-escape-sandbox");
    await shot(page, "mail-preview-en");

    await page.click(".mail-list a >> text=/luca.romano@barcentrale.it/");
    await page.waitForSelector("button[aria-pressed=true] >> text=Text");
    const link = page.locator(".mail-text a[href*='/portal/sign-in']").first();
    const [portal] = await Promise.all([page.context().waitForEvent("page"), link.click()]);
    await portal.waitForSelector("h1 >> text=My requests");
    expect(new URL(portal.url()).pathname).toBe("/portal");

    const agent = await suite.open("en");
    await signInAgent(agent, suite.product.url, "anna@demo.sportello.it", suite.product.login!.password);
    await agent.waitForSelector("[data-testid=mail-banner] >> text=/until an administrator sets SMTP_RELAY_URL/");
    expect(await agent.locator("[data-testid=mail-banner] a").count()).toBe(0);
  });
});
