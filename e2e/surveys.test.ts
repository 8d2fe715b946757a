import { describe, expect, it } from "vitest";
import { runDueSchedules } from "../server/modules/surveys/nps-schedules";
import { signSurveyToken } from "../server/modules/surveys/token";
import { browserSuite, chromiumAvailable, shot, signInAgent } from "./support";

// The rating page behind a survey email's links, on a phone-sized screen in Italian and English: the score from
// the link is recorded at once, the comment and the second question follow, nothing overflows the screen; and the
// report page an admin reads, on the demo workspace's ratings.
const PHONE = { width: 390, height: 844 };

describe.skipIf(!chromiumAvailable)("satisfaction and NPS surveys in Chromium", () => {
  const suite = browserSuite("it");
  const db = () => suite.product.rt.ctx.db;
  const tokenFor = async (kind: "csat" | "nps", language: "it" | "en") => {
    const s = await db()
      .selectFrom("surveys")
      .select(["id", "expires_at"])
      .where("kind", "=", kind)
      .where("language", "=", language)
      // A CSAT survey nobody answered yet; the demo's English NPS surveys are all answered (a link changes them).
      .$if(kind === "csat", (q) => q.where("score", "is", null))
      .orderBy("id")
      .executeTakeFirstOrThrow();
    return { id: s.id, token: signSurveyToken(suite.product.rt.ctx.secrets, s.id, s.expires_at) };
  };
  const fits = (page: import("playwright-core").Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it("records a 5-point rating from the email's link, then the comment and the second question (Italian, phone)", async () => {
    const { id, token } = await tokenFor("csat", "it");
    const page = await suite.open("it", { viewport: PHONE });
    await page.goto(`${suite.product.url}/s/${token}?score=2`);
    await page.getByText("Grazie! Abbiamo registrato la tua valutazione.").waitFor();
    expect(await page.getAttribute('[data-score="2"]', "aria-current")).toBe("true");
    expect(
      (await db().selectFrom("surveys").select("score").where("id", "=", id).executeTakeFirstOrThrow()).score,
    ).toBe(2);
    expect(await fits(page)).toBe(true);
    await shot(page, "survey-rating-it-phone");
    // Changes their mind, says why, answers the second question.
    await page.click('[data-score="4"]');
    await page.getByText("Grazie! Abbiamo registrato la tua valutazione.").waitFor();
    await page.fill("#comment", "Alla fine il tecnico è passato, grazie.");
    await page.getByLabel("Sì").check();
    await page.getByRole("button", { name: "Invia" }).click();
    await page.getByText("Grazie per il tuo tempo: la tua risposta è stata registrata.").waitFor();
    const s = await db().selectFrom("surveys").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(s).toMatchObject({ score: 4, comment: "Alla fine il tecnico è passato, grazie.", resolved: 1 });
  });

  it("records an NPS answer and its why in English on a phone, and explains an expired link", async () => {
    const { id, token } = await tokenFor("nps", "en");
    const page = await suite.open("en", { viewport: PHONE });
    await page.goto(`${suite.product.url}/s/${token}?score=10`);
    await page.getByText("Thank you! We have recorded your rating.").waitFor();
    expect(await page.locator(".scores a").count()).toBe(11);
    expect(await fits(page)).toBe(true);
    await page.fill("#comment", "Always there when the machine stops.");
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByText("Thank you for your time: your answer has been recorded.").waitFor();
    await shot(page, "survey-nps-en-phone");
    const s = await db().selectFrom("surveys").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(s).toMatchObject({ score: 10, comment: "Always there when the machine stops." });
    const expired = signSurveyToken(suite.product.rt.ctx.secrets, id, Date.now() - 60_000);
    const r = await page.goto(`${suite.product.url}/s/${expired}?score=1`);
    expect(r?.status()).toBe(410);
    await page.getByText("This rating link has expired. Thank you anyway!").waitFor();
  });

  it("shows the demo's CSAT and NPS report to an admin, in English", async () => {
    const page = await suite.open("en");
    await signInAgent(page, suite.product.url, suite.product.login!.email, suite.product.login!.password);
    await page.goto(`${suite.product.url}/admin/satisfaction`);
    const summary = await page.getByTestId("csat-summary").textContent();
    expect(summary).toMatch(/good \(\d+ of \d+ answers\)/);
    await page.getByRole("cell", { name: "Anna Conti" }).waitFor();
    await page.getByTestId("nps-summary").waitFor();
    await shot(page, "survey-report-en");
  });

  it("schedules NPS for a plan's organizations, runs a round and stops it (Italian)", async () => {
    const page = await suite.open("it");
    await signInAgent(page, suite.product.url, suite.product.login!.email, suite.product.login!.password);
    await page.goto(`${suite.product.url}/admin/satisfaction`);
    const card = page.getByTestId("nps-schedules");
    await card.getByTestId("nps-whom").selectOption("plan");
    await card.getByTestId("nps-plan").selectOption("Business");
    await card.getByTestId("nps-every").fill("30");
    await card.getByRole("button", { name: "Aggiungi programmazione" }).click();
    await card.getByRole("cell", { name: "Piano Business" }).waitFor();
    await card.getByRole("cell", { name: "ogni 30 giorni" }).waitFor();
    // The worker's round (run here at once rather than waiting for its ten-minute tick) shows on the page.
    const ran = await runDueSchedules(suite.product.rt.ctx, Date.now() + 1000);
    expect(ran).toBe(1);
    await page.reload();
    await card.getByText(/: \d+ sondagg(io inviato|i inviati)/).waitFor();
    await card.scrollIntoViewIfNeeded();
    await shot(page, "nps-schedules-it");
    await card.getByRole("button", { name: "Interrompi" }).click();
    await card.getByRole("cell", { name: "Piano Business" }).waitFor({ state: "detached" });
  });
});
