import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../server/modules/auth/auth.service";
import { waitFor } from "../server/test/wait";
import { browserSuite, chromiumAvailable, shot, signInAgent } from "./support";

// Canned replies and playbooks in the ticket page: `/` and a shortcut lists the macros as you type, Enter inserts
// the one chosen in the customer's language and applies its actions; a matching playbook shows in the sidebar
// with its checklist, and a tick reaches the timeline. In Italian and in English.
describe.skipIf(!chromiumAvailable)("macros and playbooks in Chromium", () => {
  const suite = browserSuite("it");
  const admin = "admin@demo.sportello.it";
  const tickets: Record<"it" | "en", number> = { it: 0, en: 0 };

  beforeAll(async () => {
    const { db } = suite.product.rt.ctx;
    const agent = await db.selectFrom("agents").selectAll().where("email", "=", admin).executeTakeFirstOrThrow();
    const token = (await createApiToken(db, agent.workspace_id, agent.id, "e2e")).token;
    const create = async (payload: object) =>
      (
        await suite.product.app.inject({
          method: "POST",
          url: "/api/v1/tickets",
          headers: { authorization: `Bearer ${token}` },
          payload,
        })
      ).json<{ number: number }>().number;
    tickets.it = await create({
      subject: "Servizio inaccettabile",
      body_text: "È la terza volta che la macchina si blocca in pieno servizio. Sono furioso.",
      requester: { email: "luca.romano@barcentrale.it" },
    });
    tickets.en = await create({
      subject: "Unacceptable",
      body_text: "This is the third time the grinder fails. I am furious and I want a refund.",
      requester: { email: "emma.clark@brewandco.co.uk" },
    });
  });

  const ticketRow = (number: number) =>
    suite.product.rt.ctx.db.selectFrom("tickets").selectAll().where("number", "=", number).executeTakeFirstOrThrow();

  for (const lang of ["it", "en"] as const) {
    const words =
      lang === "it"
        ? {
            typed: "/scu",
            shortcut: "/scuse",
            greeting: "Gentile Luca",
            playbook: "Cliente arrabbiato",
            step: "1 di 5 passi",
          }
        : {
            typed: "/apo",
            shortcut: "/apology",
            greeting: "Dear Emma",
            playbook: "Angry customer",
            step: "1 of 5 steps",
          };

    it(`inserts a macro with /shortcut and ticks a playbook step (${lang})`, async () => {
      const number = tickets[lang];
      const page = await suite.open(lang);
      await signInAgent(page, suite.product.url, admin, suite.product.login!.password);
      await page.goto(`${suite.product.url}/tickets/${number}`);
      await page.waitForSelector("#composer-text");
      await page.type("#composer-text", words.typed);
      await page.waitForSelector(
        `[data-testid=macro-picker] [role=option][aria-selected=true] >> text=${words.shortcut}`,
      );
      await shot(page, `macro-list-${lang}`);
      await page.keyboard.press("Enter");
      // The customer's language, not the agent's: Luca reads Italian, Emma English.
      await page.waitForFunction(
        (g) => (document.querySelector("#composer-text") as HTMLTextAreaElement).value.startsWith(g),
        words.greeting,
      );
      const text = await page.inputValue("#composer-text");
      expect(text).toContain(`#${number}`);
      expect(text).not.toContain("{{");
      // Its actions reach the ticket through the normal update: priority high, tagged angry.
      await waitFor(async () => {
        const t = await ticketRow(number);
        return t.priority === "high" && JSON.parse(t.tags).includes("arrabbiato");
      });
      const usage = await suite.product.rt.ctx.db.selectFrom("macro_usage").selectAll().execute();
      expect(usage.reduce((n, u) => n + u.uses, 0)).toBe(lang === "it" ? 1 : 2);

      const card = `[data-testid=playbooks] article[aria-label="${words.playbook}"]`;
      await page.waitForSelector(card);
      await page.click(`${card} .checklist input >> nth=0`);
      await page.waitForSelector(`${card} .checklist input:checked`);
      await page.waitForSelector(`.timeline >> text=/${words.playbook}: ${words.step}/`);
      await page.evaluate(() => document.querySelector("[data-testid=playbooks]")?.scrollIntoView());
      await shot(page, `playbook-${lang}`);
    });
  }
});
