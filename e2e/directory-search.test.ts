import { strFromU8, unzipSync } from "fflate";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSuite, chromiumAvailable, SHOTS, signInAgent } from "./support";

// Finding anything (issue 19): the search box finds tickets by the customer's name, email, company and the
// ticket's number, saying why; a customer's profile opens from the ticket, shows their organization, plan,
// tickets and notes, and keeps its edits; the directories find people as they are typed. In both languages.
// Screenshots go to artifacts/screenshots, like the other browser tests' (docs/screenshots keeps copies).

const TEXTS = {
  it: {
    name: "nome del cliente",
    email: "email del cliente",
    organization: "organizzazione",
    number: "numero del ticket",
    invalid: "Controlla «Email»: il valore non è valido.",
    taken: "Esiste già qualcuno con questa email.",
    saved: "Salvato.",
    open: "Aperti",
    satisfaction: (pct: string, n: number) => `Soddisfazione: ${pct}% positive (${n} risposte)`,
    personalData: "Dati personali (GDPR)",
  },
  en: {
    name: "customer's name",
    email: "customer's email",
    organization: "organization",
    number: "ticket number",
    invalid: "Check “Email”: the value is not valid.",
    taken: "Someone with this email already exists.",
    saved: "Saved.",
    open: "Open",
    satisfaction: (pct: string, n: number) => `Satisfaction: ${pct}% positive (${n} answers)`,
    personalData: "Personal data (GDPR)",
  },
};

describe.skipIf(!chromiumAvailable)("finding customers, organizations and tickets in Chromium", () => {
  const suite = browserSuite("it");

  async function search(page: Page, q: string) {
    await page.fill("#global-search", q);
    await page.press("#global-search", "Enter");
    await page.waitForFunction(
      (want) =>
        document.querySelector("#search-title")?.textContent?.includes(want) && !!document.querySelector("ol.hits li"),
      q,
    );
    return page.$$eval("ol.hits li", (lis) =>
      lis.map((li) => ({
        number: Number(/#(\d+)/.exec(li.querySelector("a")?.textContent ?? "")?.[1]),
        text: li.textContent ?? "",
        matched: li.querySelector("[data-testid=matched]")?.textContent ?? "",
      })),
    );
  }

  for (const lang of ["it", "en"] as const) {
    it(`finds by name, email, company and number and opens the customer's profile (${lang})`, async () => {
      const texts = TEXTS[lang];
      const db = suite.product.rt.ctx.db;
      const luca = await db
        .selectFrom("customers")
        .select("id")
        .where("email", "=", "luca.romano@barcentrale.it")
        .executeTakeFirstOrThrow();
      const lucaTickets = await db
        .selectFrom("tickets")
        .select("number")
        .where("requester_id", "=", luca.id)
        .orderBy("id", "desc")
        .execute();
      expect(lucaTickets.length).toBeGreaterThan(0);
      fs.mkdirSync(SHOTS, { recursive: true });
      const page = await suite.open(lang);
      await signInAgent(page, suite.product.url, "admin@demo.sportello.it", suite.product.login!.password);

      // By name: his tickets, found by his name.
      const byName = await search(page, "Luca Romano");
      expect(byName.slice(0, lucaTickets.length).map((h) => h.number)).toEqual(lucaTickets.map((t) => t.number));
      expect(byName[0].matched).toContain(texts.name);
      expect(byName[0].text).toContain("Luca Romano");
      expect(await page.title()).toContain("Luca Romano");
      await page.screenshot({ path: path.join(SHOTS, `search-name-${lang}.png`) });

      // By email, by company (its name run together, as in the domain), by number with and without "#".
      const byEmail = await search(page, "luca.romano@barcentrale.it");
      expect(byEmail.map((h) => h.number)).toEqual(lucaTickets.map((t) => t.number));
      expect(byEmail[0].matched).toContain(texts.email);
      // The company's tickets, the newest first, whoever of its people asked.
      const companyTickets = await db
        .selectFrom("tickets")
        .innerJoin("customers", "customers.id", "tickets.requester_id")
        .innerJoin("organizations", "organizations.id", "customers.organization_id")
        .select("tickets.number")
        .where("organizations.name", "=", "Bar Centrale Milano")
        .orderBy("tickets.id", "desc")
        .execute();
      expect(companyTickets.map((t) => t.number)).toContain(lucaTickets[0].number);
      const byCompany = await search(page, "barcentrale");
      expect(byCompany[0].number).toBe(companyTickets[0].number);
      expect(byCompany[0].matched).toContain(texts.organization);
      const last = lucaTickets[lucaTickets.length - 1].number;
      for (const q of [`#${last}`, String(last)]) {
        const byNumber = await search(page, q);
        expect(byNumber[0].number).toBe(last);
        expect(byNumber[0].matched).toContain(texts.number);
      }

      // From the ticket to the customer's profile.
      await page.click(`ol.hits li a[href="/tickets/${last}"]`);
      await page.click("[data-testid=requester-link]");
      await page.waitForSelector("#profile-title");
      expect(await page.textContent("#profile-title")).toBe("Luca Romano");
      expect(await page.title()).toBe("Luca Romano · Sportello");
      expect(await page.textContent("[data-testid=profile-organization]")).toBe("Bar Centrale Milano");
      expect(await page.textContent("dl.tally")).toContain(texts.open);
      expect(Number(await page.textContent("[data-testid=tally-total]"))).toBe(lucaTickets.length);
      await page.waitForSelector(".profile-tickets li");
      expect(await page.$$eval(".profile-tickets li a", (as) => as.map((a) => a.getAttribute("href")))).toEqual(
        expect.arrayContaining(lucaTickets.map((t) => `/tickets/${t.number}`)),
      );
      expect(await page.textContent("[data-slot=insights]")).toBeTruthy();

      // Contact details: a wrong email is refused in the agent's language, by the form and by the server.
      const email = page.locator(".profile-form input[type=email]");
      await email.fill("not an email");
      await page.click(".profile-form button[type=submit] >> nth=0");
      await page.waitForSelector(`.profile-form [role=alert]:has-text("${texts.invalid}")`);
      await email.fill("sara.gallo@hotellaguna.it");
      await page.click(".profile-form button[type=submit] >> nth=0");
      await page.waitForSelector(`.profile-form [role=alert]:has-text("${texts.taken}")`);
      await email.fill("luca.romano@barcentrale.it");
      await page.fill(".profile-form input[type=tel]", "+39 333 1234567");
      await page.click(".profile-form button[type=submit] >> nth=0");
      await page.waitForSelector(`.profile-form [role=status]:has-text("${texts.saved}")`);
      const note = lang === "it" ? "Preferisce essere chiamato al mattino." : "Prefers a call in the morning.";
      await page.fill(".profile-form textarea", note);
      await page.click(".profile-form >> nth=1 >> button[type=submit]");
      await page.waitForSelector(`.profile-form >> nth=1 >> [role=status]`);
      await page.reload();
      await page.waitForSelector("#profile-title");
      expect(await page.inputValue(".profile-form textarea")).toBe(note);
      expect(await page.inputValue(".profile-form input[type=tel]")).toBe("+39 333 1234567");
      await page.screenshot({ path: path.join(SHOTS, `customer-${lang}.png`), fullPage: true });

      // A data-subject request: the lead downloads everything held about Luca, without the agents' notes.
      expect(await page.textContent("#personal-data-title")).toBe(texts.personalData);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.click("[data-testid=export-customer]"),
      ]);
      expect(download.suggestedFilename()).toMatch(/^customer-\d+-\d{4}-\d{2}-\d{2}\.zip$/);
      const exported = strFromU8(unzipSync(fs.readFileSync(await download.path()))["customer.json"]);
      const data = JSON.parse(exported) as { customer: { email: string; phone: string }; requests: unknown[] };
      expect(data.customer).toMatchObject({ email: "luca.romano@barcentrale.it", phone: "+39 333 1234567" });
      expect(data.requests).toHaveLength(lucaTickets.length);
      expect(exported).not.toContain(note);

      // The directories: a customer by phone as it is typed, an organization by a word of its name.
      await page.click('nav a[href="/customers"]');
      await page.waitForSelector("#customers-title");
      await page.fill(".directory-search input", "333 123");
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll("table.directory tbody tr")];
        return rows.length === 1 && rows[0].textContent?.includes("Luca Romano");
      });
      expect(page.url()).toContain("/customers?q=333");
      await page.fill(".directory-search input", "");
      await page.waitForFunction(() => document.querySelectorAll("table.directory tbody tr").length >= 4);
      await page.screenshot({ path: path.join(SHOTS, `customers-${lang}.png`) });
      await page.click('nav a[href="/organizations"]');
      await page.waitForSelector("#organizations-title");
      await page.fill(".directory-search input", "centrale");
      await page.waitForFunction(() => document.querySelectorAll("table.directory tbody tr").length === 1);
      await page.click("table.directory a");
      await page.waitForSelector("#profile-title");
      expect(await page.textContent("#profile-title")).toBe("Bar Centrale Milano");
      await page.waitForSelector('a[href="/customers/' + luca.id + '"]');
      // Its people's ratings, each named, with the share of good ones counted from the database.
      const org = await db
        .selectFrom("organizations")
        .select("id")
        .where("name", "=", "Bar Centrale Milano")
        .executeTakeFirstOrThrow();
      const csat = await db
        .selectFrom("surveys")
        .select("score")
        .where("organization_id", "=", org.id)
        .where("kind", "=", "csat")
        .where("score", "is not", null)
        .execute();
      expect(csat.length).toBeGreaterThan(0);
      const good = csat.filter((c) => c.score! >= 4).length;
      await page.waitForSelector("[data-testid=ratings-summary]");
      expect(await page.textContent("[data-testid=ratings-summary]")).toContain(
        texts.satisfaction(
          (Math.round((1000 * good) / csat.length) / 10).toLocaleString(lang === "it" ? "it-IT" : "en-GB"),
          csat.length,
        ),
      );
      expect(await page.locator("[data-testid=ratings] li a[href^='/customers/']").count()).toBeGreaterThanOrEqual(
        csat.length,
      );
      await page.screenshot({ path: path.join(SHOTS, `organization-${lang}.png`), fullPage: true });
    }, 120_000);
  }
});
