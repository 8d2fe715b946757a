import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../server/modules/auth/auth.service";
import { waitFor } from "../server/test/harness";
import { browserSuite, chromiumAvailable, shot, signInAgent } from "./support";

// Ticket actions and the notification centre in Chromium against the whole product: a phone ticket for an
// existing customer, the subject edited, a merge found, previewed and confirmed (the merged ticket then points to
// the survivor), a message split into a ticket of its own, and the bell that counts live what concerns you
// (assigned to you, mentioned with @ in a note), in Italian and English.
describe.skipIf(!chromiumAvailable)("ticket actions and notifications in Chromium", () => {
  const suite = browserSuite("it");
  let token: string;
  const db = () => suite.product.rt.ctx.db;
  const agentId = async (email: string) =>
    (await db().selectFrom("agents").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  const api = async (method: "POST" | "PATCH", url: string, payload: object) => {
    const r = await suite.product.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });
    expect(r.statusCode).toBeLessThan(300);
    return r.json() as { id: number; number: number };
  };
  const signIn = async (lang: "it" | "en", email = "admin@demo.sportello.it") => {
    const page = await suite.open(lang, { logErrors: true });
    await signInAgent(page, suite.product.url, email, suite.product.login!.password);
    return page;
  };

  beforeAll(async () => {
    token = (await createApiToken(db(), 1, await agentId("admin@demo.sportello.it"), "e2e")).token;
  });

  it("creates a phone ticket for an existing customer, edits its subject and merges it into another (it)", async () => {
    const page = await signIn("it");
    await page.click("[data-testid=new-ticket-link]");
    await page.fill("[data-testid=new-ticket] input[type=email]", "luca.romano@barcentrale.it");
    await page.waitForSelector("[data-testid=known-customer] >> text=Cliente esistente: Luca Romano");
    await page.selectOption("[data-testid=new-ticket] select", "phone");
    await page.fill("[data-testid=new-ticket] input[id$=-subject]", "Telefonata: perdita d'acqua");
    await page.fill("[data-testid=new-ticket] textarea", "Il cliente richiama: la macchina perde ancora acqua");
    await shot(page, "new-ticket-it");
    await page.click("[data-testid=new-ticket] button[type=submit]");
    await page.waitForSelector("h1 >> text=Telefonata: perdita d'acqua");
    const number = Number(new URL(page.url()).pathname.split("/").pop());
    // Nothing was emailed: a phone call is the customer's words.
    const mail = await db().selectFrom("mail_outbox").select("id").where("subject", "like", "%Telefonata%").execute();
    expect(mail).toEqual([]);

    await page.click("[data-testid=edit-subject]");
    await page.fill("#subject-input", "Telefonata: perde ancora acqua");
    await page.keyboard.press("Enter");
    await page.waitForSelector("h1 >> text=Telefonata: perde ancora acqua");

    // Merge: the customer's other ticket, found by its words, previewed, confirmed.
    await page.click("[data-testid=merge]");
    await page.fill("#merge-q", "espresso");
    await page.click("[data-testid=merge-target] >> text=La macchina espresso perde acqua");
    const preview = await page.textContent("[data-testid=merge-preview]");
    expect(preview).toMatch(new RegExp(`#${number} sarà chiuso e i suoi messaggi passeranno a #\\d+`));
    await shot(page, "merge-preview-it");
    await page.click("[role=dialog] button.primary");
    await page.waitForSelector("h1 >> text=La macchina espresso perde acqua");
    await page.waitForSelector(".thread >> text=Il cliente richiama: la macchina perde ancora acqua");
    const into = Number(new URL(page.url()).pathname.split("/").pop());
    // The merged ticket shows where it went instead of an empty thread.
    await page.goto(`${suite.product.url}/tickets/${number}`);
    await page.waitForSelector(`[data-testid=merged-into] >> text=Questo ticket è stato unito a #${into}.`);
    expect(await page.locator(".thread").count()).toBe(0);
    await page.click(`[data-testid=merged-into] a`);
    await page.waitForSelector("h1 >> text=La macchina espresso perde acqua");
  });

  it("splits a message into a new ticket of the same customer (en)", async () => {
    const t = await api("POST", "/api/v1/tickets", {
      subject: "Two questions",
      body_text: "My invoice is wrong",
      requester: { email: "emma.clark@brewandco.co.uk" },
    });
    const { addMessage } = await import("../server/modules/tickets/tickets.service");
    const customer = await db()
      .selectFrom("customers")
      .select("id")
      .where("email", "=", "emma.clark@brewandco.co.uk")
      .executeTakeFirstOrThrow();
    await addMessage(suite.product.rt.ctx, { kind: "customer", workspaceId: 1, customerId: customer.id }, t.number, {
      body_text: "Also: how do I descale the grinder?",
      internal: false,
      attachment_ids: [],
    });
    const page = await signIn("en");
    await page.click("[data-testid=new-ticket-link]");
    await page.waitForSelector("h1 >> text=New ticket");
    await shot(page, "new-ticket-en");
    await page.goto(`${suite.product.url}/tickets/${t.number}`);
    await page.waitForSelector(".thread >> text=Also: how do I descale the grinder?");
    await page.locator(".message", { hasText: "how do I descale" }).locator("[data-testid=split]").click();
    await page.fill("#split-subject", "Descaling the grinder");
    await shot(page, "split-en");
    await page.click("[role=dialog] button[type=submit]");
    await page.waitForSelector("h1 >> text=Descaling the grinder");
    await page.waitForSelector(".thread >> text=Also: how do I descale the grinder?");
    expect(await page.locator(".thread .message").count()).toBe(1);
  });

  it("counts live on the bell what concerns the agent, and @mentions colleagues from a note (en, it)", async () => {
    const anna = await signIn("en", "anna@demo.sportello.it");
    await waitFor(() => suite.product.rt.ctx.hub.connectionCount >= 1);
    // The demo's tickets given to Anna when it was made are hers to read already.
    const annaId = await agentId("anna@demo.sportello.it");
    const unread = async () =>
      Number(
        (
          await db()
            .selectFrom("notifications")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("agent_id", "=", annaId)
            .where("read_at", "is", null)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const base = await unread();
    const t = await api("POST", "/api/v1/tickets", {
      subject: "Grinder noise",
      body_text: "It makes a loud noise",
      requester: { email: "paolo.esposito@gmail.com" },
    });
    await api("PATCH", `/api/v1/tickets/${t.number}`, { assignee_id: await agentId("anna@demo.sportello.it") });
    await anna.waitForSelector(`[data-testid=unread] >> text="${base + 1}"`, { timeout: 15_000 });

    // Giulia mentions Anna in a note, choosing her from the list the composer offers.
    const giulia = await signIn("it");
    await giulia.goto(`${suite.product.url}/tickets/${t.number}`);
    await giulia.click("[role=tab] >> text=Nota interna");
    await giulia.type("#composer-text", "Controlla tu @Ann");
    await giulia.waitForSelector("[data-testid=mentions] >> text=Anna Conti");
    await shot(giulia, "mention-it");
    await giulia.keyboard.press("Enter");
    expect(await giulia.inputValue("#composer-text")).toBe("Controlla tu @Anna Conti ");
    await giulia.type("#composer-text", "per favore");
    await giulia.click("[data-testid=send]");
    await giulia.waitForSelector(".thread >> text=Controlla tu @Anna Conti per favore");

    await anna.waitForSelector(`[data-testid=unread] >> text="${base + 2}"`, { timeout: 15_000 });
    await anna.click("[data-testid=bell]");
    await anna.waitForSelector(`[data-testid=notifications] >> text=Giulia Ferri mentioned you on #${t.number}`);
    await anna.waitForSelector(`[data-testid=notifications] >> text=Giulia Ferri assigned #${t.number} to you`);
    await shot(anna, "notifications-en");
    await anna.click(`[data-testid=notifications] >> text=Giulia Ferri mentioned you on #${t.number}`);
    await anna.waitForSelector("h1 >> text=Grinder noise");
    await anna.waitForSelector(`[data-testid=unread] >> text="${base + 1}"`);

    // Settings: the mentions by email too.
    await anna.goto(`${suite.product.url}/notifications/settings`);
    await anna.selectOption("select[data-kind=mentioned]", "email");
    await anna.waitForSelector("[role=status] >> text=Saved.");
    const saved = await db()
      .selectFrom("notification_settings")
      .select(["kind", "delivery"])
      .where("agent_id", "=", await agentId("anna@demo.sportello.it"))
      .execute();
    expect(saved).toEqual([{ kind: "mentioned", delivery: "email" }]);

    const annasZone = async () =>
      (
        await db()
          .selectFrom("agents")
          .select("time_zone")
          .where("email", "=", "anna@demo.sportello.it")
          .executeTakeFirst()
      )?.time_zone;
    // Her own time zone: every time in the app moves to it (Tokyo is 7 or 8 hours ahead of this browser's Rome).
    await anna.waitForSelector("[data-testid=time-zone] option[value=''] >> text=This browser's (Europe/Rome)", {
      state: "attached",
    });
    await anna.selectOption("[data-testid=time-zone]", "Asia/Tokyo");
    await waitFor(async () => (await annasZone()) === "Asia/Tokyo", { what: "Anna's time zone saved" });
    await shot(anna, "notification-settings-en");
    await anna.goto(`${suite.product.url}/tickets/${t.number}`);
    const time = anna.locator(".thread time").first();
    const at = new Date((await time.getAttribute("datetime"))!);
    const hhmm = (zone: string) =>
      new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone }).format(
        at,
      );
    expect(await time.innerText()).toContain(hhmm("Asia/Tokyo"));
    expect(await time.innerText()).not.toContain(hhmm("Europe/Rome"));
    await anna.goto(`${suite.product.url}/notifications/settings`);
    await anna.selectOption("[data-testid=time-zone]", "");
    await waitFor(async () => (await annasZone()) === null, { what: "Anna back on the browser's zone" });
  });
});
