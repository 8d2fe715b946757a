import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { AgentActor } from "../server/http/actor";
import { addMessage, updateTicket } from "../server/modules/tickets/tickets.service";
import { buildCustomer, buildTicket } from "../server/test/factories";
import { waitFor } from "../server/test/harness";
import { browserSuite, chromiumAvailable, signInAgent } from "./support";

// The customer's side in Chromium against the real product: the link from an agent's reply email, the states in
// plain words in both languages, colleagues' requests, replying with a file, reopening within the window, and the
// web form embedded on another site by its script tag or an iframe. Every answer the portal page receives
// (HTTP and websocket) is recorded and checked for what a customer must never see.
const SECRET_NOTE = "NOTA-RISERVATA-51c2: cliente in ritardo con i pagamenti";
const SECRET_TAG = "rischio-insoluto";

describe.skipIf(!chromiumAvailable)("the customer portal and the embedded web form in Chromium", () => {
  const suite = browserSuite("it");
  let giulia: AgentActor;
  /** Everything the portal pages received: URL and body of each API answer, and each websocket frame. */
  const seen: { url: string; body: string }[] = [];
  const open = async (lang: "it" | "en", record = false) => {
    const page = await suite.open(lang, { logErrors: true });
    if (record) {
      page.on("response", async (r) => {
        if (!new URL(r.url()).pathname.startsWith("/api/")) return;
        seen.push({
          url: `${r.request().method()} ${new URL(r.url()).pathname}`,
          body: await r.text().catch(() => ""),
        });
      });
      page.on("websocket", (ws) =>
        ws.on("framereceived", (f) => seen.push({ url: `WS ${new URL(ws.url()).pathname}`, body: String(f.payload) })),
      );
    }
    return page;
  };
  const db = () => suite.product.rt.ctx.db;
  const numberOf = async (subject: string) =>
    (await db().selectFrom("tickets").select("number").where("subject", "=", subject).executeTakeFirstOrThrow()).number;

  beforeAll(async () => {
    const admin = await db()
      .selectFrom("agents")
      .select(["id", "name"])
      .where("email", "=", "admin@demo.sportello.it")
      .executeTakeFirstOrThrow();
    giulia = {
      kind: "agent",
      workspaceId: 1,
      agentId: admin.id,
      name: admin.name,
      role: "admin",
      tier: "first_line",
      via: "cli",
    };
    // Sara Gallo (Hotel Laguna) has, from the demo, a request waiting for her reply and one in progress with Anna.
    // Here she gets a new one, a solved one, and a note and a tag on the one in progress that she must never see.
    const sara = { email: "sara.gallo@hotellaguna.it", name: "Sara Gallo" };
    await buildTicket(suite.product.rt.ctx, giulia, { subject: "Asciugamani per la sala colazioni", requester: sara });
    await buildTicket(suite.product.rt.ctx, giulia, {
      subject: "Macinino rumoroso",
      requester: sara,
      reply: "Abbiamo sostituito le macine.",
      status: "solved",
    });
    const inProgress = await numberOf("Cambio indirizzo di consegna");
    await addMessage(suite.product.rt.ctx, giulia, inProgress, {
      body_text: SECRET_NOTE,
      internal: true,
      attachment_ids: [],
    });
    await updateTicket(suite.product.rt.ctx, giulia, inProgress, { tags: [SECRET_TAG] });
  });

  /** Opens the portal through the link at the end of an agent's reply email, as the customer would. */
  async function fromReplyEmail(page: Page, number: number, text: string) {
    await addMessage(suite.product.rt.ctx, giulia, number, { body_text: text, internal: false, attachment_ids: [] });
    const mail = await waitFor(() =>
      db()
        .selectFrom("mail_outbox")
        .select("body_text")
        .where("kind", "=", "reply")
        .where("body_text", "like", `${text}%`)
        .executeTakeFirst(),
    );
    const link = mail.body_text.match(/https?:\/\/\S+\/portal\/sign-in\?\S+/)![0];
    await page.goto(link);
    await page.waitForSelector("#request-title");
  }

  it("opens a request from the link in a reply email and names every state in plain words, in Italian and in English", async () => {
    const page = await open("it", true);
    const fattura = await numberOf("Fattura di ottobre non ricevuta");
    await fromReplyEmail(page, fattura, "Gentile Sara, ci conferma la partita IVA per la fattura?");
    expect(new URL(page.url()).pathname).toBe(`/portal/requests/${fattura}`);
    await page.locator(".thread >> text=Gentile Sara, ci conferma la partita IVA per la fattura?").waitFor();
    await page.getByRole("link", { name: "← Le mie richieste" }).click();
    await page.waitForSelector("ul.requests");

    const expected = {
      it: [
        ["Asciugamani per la sala colazioni", "Ricevuta", "Verrà assegnata a breve"],
        ["Cambio indirizzo di consegna", "In lavorazione", "Se ne occupa Anna"],
        ["Fattura di ottobre non ricevuta", "In attesa di una tua risposta", "Se ne occupa Anna"],
        ["Macinino rumoroso", "Risolta", ""],
      ],
      en: [
        ["Asciugamani per la sala colazioni", "Received", "It will be assigned shortly"],
        ["Cambio indirizzo di consegna", "In progress", "Anna is handling it"],
        ["Fattura di ottobre non ricevuta", "Waiting for your reply", "Anna is handling it"],
        ["Macinino rumoroso", "Solved", ""],
      ],
    };
    for (const lang of ["it", "en"] as const) {
      if (lang === "en") {
        await page.selectOption("[data-testid=language]", "en");
        await page.waitForSelector("h1 >> text=My requests");
      }
      const items = await page.$$eval("ul.requests > li", (lis) =>
        lis.map((li) => ({
          subject: li.querySelector("strong")?.textContent,
          state: li.querySelector(".state")?.textContent,
          who: li.querySelector("p")?.textContent,
        })),
      );
      expect(items).toHaveLength(4);
      for (const [subject, state, who] of expected[lang]) {
        const item = items.find((i) => i.subject === subject);
        expect(item?.state, `${lang} ${subject}`).toBe(state);
        // A solved request nobody was assigned to promises no assignment.
        if (who) expect(item?.who, `${lang} ${subject}`).toMatch(new RegExp(`^${who}`));
        else expect(item?.who ?? "", `${lang} ${subject}`).toBe("");
      }
      // The new request carries the promise of its first answer.
      expect(items.find((i) => i.subject === "Asciugamani per la sala colazioni")!.who).toMatch(
        lang === "it" ? / · risposta entro \S+/ : / · answer by \S+/,
      );
    }
    // The request in progress: a public timeline, and nothing of the note or the tag added by the agents.
    await page.click("text=Cambio indirizzo di consegna");
    await page.waitForSelector("#request-title");
    const shown = await page.innerText("main");
    expect(shown).toContain("Anna is handling it");
    expect(shown).toContain("Grazie Sara, abbiamo aggiornato l'indirizzo.");
    expect(shown).not.toContain(SECRET_NOTE);
    expect(shown).not.toContain(SECRET_TAG);
  });

  it("shows colleagues' requests only when the organization shares them, and lets only the requester write", async () => {
    const hotel = await db()
      .selectFrom("organizations")
      .select("id")
      .where("name", "=", "Hotel Laguna Venezia")
      .executeTakeFirstOrThrow();
    await buildCustomer(db(), 1, {
      email: "marta.russo@hotellaguna.it",
      name: "Marta Russo",
      language: "it",
      organization_id: hotel.id,
    });
    await buildTicket(suite.product.rt.ctx, giulia, {
      subject: "Corso barista per il personale",
      requester: { email: "marta.russo@hotellaguna.it" },
      reply: "Proponiamo martedì 14.",
    });
    const page = await open("it", true);
    await fromReplyEmail(
      page,
      await numberOf("Cambio indirizzo di consegna"),
      "Sara, la prima consegna a Mestre è confermata per lunedì.",
    );
    await page.goto(`${suite.product.url}/portal`);
    await page.waitForSelector("ul.requests");
    expect(await page.innerText("ul.requests")).not.toContain("Corso barista per il personale");

    await db().updateTable("organizations").set({ portal_shared: 1 }).where("id", "=", hotel.id).execute();
    await page.reload();
    await page.waitForSelector("ul.requests");
    const item = page.locator("ul.requests > li", { hasText: "Corso barista per il personale" });
    expect(await item.innerText()).toContain("chiesta da Marta Russo");
    await item.locator("a").click();
    await page.locator(".thread >> text=Proponiamo martedì 14.").waitFor();
    expect(await page.locator("#portal-reply").count()).toBe(0);
    // Sara's own request still takes her replies.
    await page.goto(`${suite.product.url}/portal/requests/${await numberOf("Cambio indirizzo di consegna")}`);
    await page.waitForSelector("#portal-reply");
  });

  it("replies with a file that the agent sees live, and reopens a solved request only within the window", async () => {
    const number = await numberOf("Cambio indirizzo di consegna");
    const agent = await open("it");
    await signInAgent(agent, suite.product.url, "anna@demo.sportello.it", suite.product.login!.password);
    await agent.goto(`${suite.product.url}/tickets/${number}`);
    await agent.waitForSelector("#composer-text");

    const page = await open("it", true);
    await fromReplyEmail(page, number, "Sara, ci manda la planimetria del magazzino?");
    await page.fill("#portal-reply", "Ecco la planimetria del magazzino di Mestre.");
    await page.setInputFiles(".composer input[type=file]", {
      name: "planimetria.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("Magazzino: porta carraia sul retro"),
    });
    await page.locator(".composer .files >> text=planimetria.txt").waitFor();
    await page.getByRole("button", { name: "Invia", exact: true }).click();
    const mine = page.locator(".thread .message", { hasText: "Ecco la planimetria" });
    await mine.waitFor();
    const href = await mine.locator("a", { hasText: "planimetria.txt" }).getAttribute("href");
    expect(await page.evaluate(async (u) => (await fetch(u!)).text(), href)).toBe("Magazzino: porta carraia sul retro");
    const seenByAgent = agent.locator(".thread .message", { hasText: "Ecco la planimetria del magazzino di Mestre." });
    await seenByAgent.waitFor({ timeout: 10_000 });
    expect(await seenByAgent.locator(".files").innerText()).toContain("planimetria.txt");

    // A solved request: reopened with a message while the window is open.
    const solved = await numberOf("Macinino rumoroso");
    await page.goto(`${suite.product.url}/portal/requests/${solved}`);
    await page.waitForSelector("h2 >> text=Non è risolta? Riapri la richiesta");
    expect(await page.innerText(".composer")).toMatch(/Puoi riaprirla fino a \S+/);
    // Its history says when its status changed, in words.
    expect(await page.locator("li.state-change").last().innerText()).toMatch(/ · stato cambiato in\s+Risolta$/);
    await page.fill("#portal-reply", "Fa ancora rumore la mattina.");
    await page.getByRole("button", { name: "Riapri" }).click();
    await page.locator(".promise .state >> text=In lavorazione").waitFor();
    expect(
      (await db().selectFrom("tickets").select("status").where("number", "=", solved).executeTakeFirstOrThrow()).status,
    ).toBe("open");
    // Solved again, with a window of 0 days: the page says to open a new request instead.
    await updateTicket(suite.product.rt.ctx, giulia, solved, { status: "solved" });
    await db().updateTable("workspaces").set({ portal_reopen_days: 0 }).execute();
    await page.reload();
    await page.waitForSelector("text=Questa richiesta è chiusa.");
    expect(await page.locator("#portal-reply").count()).toBe(0);
    await page.locator("main a", { hasText: "Nuova richiesta" }).waitFor();
    await db().updateTable("workspaces").set({ portal_reopen_days: 14 }).execute();
  });

  it("is embedded on another site by a script tag or an iframe, sizes itself, validates and confirms with the number and the portal link", async () => {
    const host = http.createServer((req, res) => {
      res.setHeader("content-type", "text/html; charset=utf-8");
      if (req.url === "/iframe")
        res.end(
          `<!doctype html><html lang="it"><title>Hotel</title><h1>Contatti</h1><iframe src="${suite.product.url}/form" title="Assistenza" style="width:100%;height:700px;border:0"></iframe>`,
        );
      else
        res.end(
          `<!doctype html><html lang="en"><title>Bar</title><h1>Contact us</h1><p>Write to us below.</p><script src="${suite.product.url}/embed.js" data-lang="en" data-title="Support request" async></script><footer>Bar Centrale</footer>`,
        );
    });
    await new Promise<void>((r) => host.listen(0, "127.0.0.1", r));
    const site = `http://localhost:${(host.address() as AddressInfo).port}`; // another origin than the product's 127.0.0.1
    // The admin lists the site that may frame the form (without it the form refuses every frame: security-headers).
    await suite.product.rt.ctx.db
      .updateTable("workspaces")
      .set({ form_frame_origins: JSON.stringify([site]) })
      .execute();
    try {
      const page = await open("it", true);
      await page.goto(site);
      const iframe = page.locator("iframe[title='Support request']");
      await iframe.waitFor();
      const form = page.frameLocator("iframe[title='Support request']");
      await form.locator("#form-title >> text=New request").waitFor(); // data-lang wins over the browser's Italian
      // The frame takes the form's height, then the shorter confirmation's.
      const height = () => iframe.evaluate((f) => f.getBoundingClientRect().height);
      const content = () =>
        form.locator("#root div.embedded").evaluate((d) => Math.ceil(d.getBoundingClientRect().height));
      await expect
        .poll(async () => Math.abs((await height()) - (await content())), { timeout: 5000 })
        .toBeLessThanOrEqual(2);
      const formHeight = await height();

      await form.locator("button[type=submit]").click();
      await form.locator("text=Write a valid email address.").waitFor();
      await form.locator("text=Say in a few words what it is about.").waitFor();
      expect(
        await db()
          .selectFrom("tickets")
          .select("id")
          .where("subject", "=", "Latte macchiato troppo freddo")
          .executeTakeFirst(),
      ).toBeUndefined();
      await form.locator("input[name=name]").fill("Oliver Grant");
      await form.locator("input[name=email]").fill("oliver.grant@example.co.uk");
      await form.locator("input[name=subject]").fill("Latte macchiato troppo freddo");
      await form.locator("textarea[name=body_text]").fill("The steam wand does not heat the milk any more.");
      await form
        .locator("input[name=files]")
        .setInputFiles({ name: "wand.txt", mimeType: "text/plain", buffer: Buffer.from("photo of the wand") });
      const filledHeight = await height(); // taller than at first: the errors are shown
      expect(filledHeight).toBeGreaterThan(formHeight);
      await form.locator("button[type=submit]").click();
      const confirmation = form.getByTestId("confirmation");
      await confirmation.waitFor();
      const text = await confirmation.innerText();
      const number = Number(text.match(/#(\d+)/)![1]);
      expect(text).toContain("Thank you, we have your request");
      const link = confirmation.locator("a");
      expect(await link.getAttribute("href")).toBe(`${suite.product.url}/portal/requests/${number}`);
      expect(await link.getAttribute("target")).toBe("_top"); // the portal opens in the whole window, not in the frame
      await expect.poll(height, { timeout: 5000 }).toBeLessThan(filledHeight);
      await expect
        .poll(async () => Math.abs((await height()) - (await content())), { timeout: 5000 })
        .toBeLessThanOrEqual(2);

      const ticket = await db()
        .selectFrom("tickets")
        .innerJoin("customers", "customers.id", "tickets.requester_id")
        .select(["tickets.id", "tickets.channel", "customers.email", "customers.language"])
        .where("tickets.number", "=", number)
        .executeTakeFirstOrThrow();
      expect(ticket).toMatchObject({ channel: "web", email: "oliver.grant@example.co.uk", language: "en" });
      const files = await db()
        .selectFrom("attachments")
        .innerJoin("messages", "messages.id", "attachments.message_id")
        .select("attachments.filename")
        .where("messages.ticket_id", "=", ticket.id)
        .execute();
      expect(files.map((f) => f.filename)).toEqual(["wand.txt"]);

      // A plain iframe without a language: the browser's, switchable in the frame, even where the browser denies a
      // third-party frame its storage (Safari, or "block third-party cookies"): emulated here, since this headless
      // Chromium has no such setting, by making storage throw in the product's frames as those browsers do.
      const strict = await open("it");
      await strict.context().addInitScript((product) => {
        if (window !== window.top && location.origin === product)
          Object.defineProperty(window, "localStorage", {
            get() {
              throw new DOMException("Access is denied for this document.", "SecurityError");
            },
          });
      }, suite.product.url);
      await strict.goto(`${site}/iframe`);
      const plain = strict.frameLocator("iframe[title=Assistenza]");
      await plain.locator("#form-title >> text=Nuova richiesta").waitFor();
      await plain.locator("[data-testid=language]").selectOption("en");
      await plain.locator("#form-title >> text=New request").waitFor();
    } finally {
      await new Promise((r) => host.close(r));
    }
  });

  it("calls only the portal's own API and never receives internal notes, internal fields or other customers' data", async () => {
    // Everything recorded by the tests above, from the pages a customer had open.
    const urls = [...new Set(seen.map((s) => s.url))].sort();
    for (const expected of [
      "GET /api/v1/portal/me",
      "GET /api/v1/portal/requests",
      "GET /api/v1/portal/requests/",
      "POST /api/v1/portal/session",
      "POST /api/v1/portal/attachments",
      "POST /api/v1/portal/requests/",
      "POST /api/v1/public/requests",
      "WS /api/v1/portal/realtime",
    ]) {
      expect(
        urls.some((u) => u.startsWith(expected)),
        `${expected} was exercised`,
      ).toBe(true);
    }
    for (const u of urls)
      expect(u, "only portal and public endpoints").toMatch(/^(GET|POST|WS) \/api\/v1\/(portal|public)\//);
    const forbidden = [
      SECRET_NOTE,
      SECRET_TAG,
      "anna@demo.sportello.it",
      "admin@demo.sportello.it",
      "Giulia Ferri",
      "Anna Conti",
      "luca.romano@barcentrale.it",
      "emma.clark@brewandco.co.uk",
      "Bar Centrale Milano",
      '"priority"',
      '"internal"',
      '"tags"',
      '"sla"',
      '"assignee"',
      '"team"',
    ];
    for (const s of seen) for (const word of forbidden) expect(s.body, `${s.url} leaked ${word}`).not.toContain(word);
    expect(seen.length).toBeGreaterThan(20);
  });
});
