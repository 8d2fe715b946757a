import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../server/modules/auth/auth.service";
import { waitFor } from "../server/test/wait";
import { axeViolations, browserSuite, chromiumAvailable, shot, signInAgent } from "./support";

// The Knowledge page's editor in Chromium: an image uploaded into an article shows in the live preview and, once
// published, on the public help-centre page to anonymous visitors; leads manage categories; an article started
// from "Questions without an answer" is prefilled from its tickets and, once saved, answers them. In both languages.
describe.skipIf(!chromiumAvailable)("knowledge-base editor in Chromium", () => {
  const suite = browserSuite("it");
  const admin = "admin@demo.sportello.it";
  let token = "";
  const call = async (method: "GET" | "POST", url: string, payload?: object) =>
    suite.product.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    const { db } = suite.product.rt.ctx;
    const agent = await db.selectFrom("agents").selectAll().where("email", "=", admin).executeTakeFirstOrThrow();
    token = (await createApiToken(db, agent.workspace_id, agent.id, "e2e")).token;
  });

  /** A picture made by the browser itself: a coloured band with a word, as a PNG. */
  async function picture(page: Page, word: string) {
    const maker = await page.context().newPage();
    await maker.setContent(
      `<div id="p" style="width:240px;height:90px;background:linear-gradient(90deg,#0b5cad,#f0a500);color:#fff;font:bold 28px sans-serif;display:flex;align-items:center;justify-content:center">${word}</div>`,
    );
    const png = await maker.locator("#p").screenshot();
    await maker.close();
    return png;
  }

  // One signed-in page per language for the whole suite: sign-ins are rate limited per address.
  const signedIn: Partial<Record<"it" | "en", Page>> = {};
  async function agentPage(lang: "it" | "en") {
    if (!signedIn[lang]) {
      const page = await suite.open(lang, { logErrors: true });
      await signInAgent(page, suite.product.url, admin, suite.product.login!.password);
      signedIn[lang] = page;
    }
    return signedIn[lang];
  }

  const loaded = (page: Page, selector: string) =>
    page.waitForFunction((sel) => {
      const img = document.querySelector(sel) as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth > 0;
    }, selector);

  for (const lang of ["it", "en"] as const) {
    const w =
      lang === "it"
        ? { title: "Schema della lancia vapore", insert: "Inserisci immagine", save: "Salva", file: "lancia.png" }
        : { title: "Steam wand diagram", insert: "Insert image", save: "Save", file: "steam-wand.png" };

    it(`uploads an image into an article, sees it in the preview and on the public page (${lang})`, async () => {
      const page = await agentPage(lang);
      await page.goto(`${suite.product.url}/knowledge/new`);
      const editor = page.locator("section.kb-editor");
      await editor.getByLabel(lang === "it" ? "Titolo" : "Title").fill(w.title);
      await editor.getByLabel(lang === "it" ? "Lingua" : "Language").selectOption(lang);
      await editor.getByLabel(lang === "it" ? "Stato" : "Status").selectOption("published");
      await page.getByTestId("kb-body").fill(lang === "it" ? "Ecco la lancia:\n\n" : "Here is the wand:\n\n");
      // The cursor at the end of the text: the image goes there.
      await page.getByTestId("kb-body").press("End");
      const [chooser] = await Promise.all([
        page.waitForEvent("filechooser"),
        page.getByRole("button", { name: w.insert }).click(),
      ]);
      await chooser.setFiles({ name: w.file, mimeType: "image/png", buffer: await picture(page, w.title) });
      await page.waitForFunction(() =>
        /!\[[^\]]+\]\(\/help\/images\/[\w-]+\)$/.test(
          (document.querySelector("[data-testid=kb-body]") as HTMLTextAreaElement | null)?.value ?? "",
        ),
      );
      const body = await page.getByTestId("kb-body").inputValue();
      const url = body.match(/\((\/help\/images\/[\w-]+)\)/)![1];
      expect(body).toContain(`![${w.file}](${url})`);
      // The live preview (a sandboxed frame without scripts) shows it.
      const preview = page.frameLocator("[data-testid=kb-preview]");
      await preview.locator(`img[src="${url}"]`).waitFor();
      await waitFor(
        async () =>
          (await preview.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)) === 240,
        { what: "the preview's image to load" },
      );
      await shot(page, `kb-editor-image-${lang}`);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: w.save, exact: true }).click();
      await page.waitForURL(/\/knowledge\/\d+$/);
      const id = Number(new URL(page.url()).pathname.split("/").pop());
      const article = (await call("GET", `/api/v1/kb/articles/${id}`)).json<{ slug: string; status: string }>();
      expect(article.status).toBe("published");

      // An anonymous visitor, without JavaScript, sees the image on the help centre.
      const visitor = suite.keep(await suite.browser.newContext({ javaScriptEnabled: false, locale: "it-IT" }));
      const pub = await visitor.newPage();
      const res = await pub.goto(`${suite.product.url}/help/${lang}/articles/${article.slug}`);
      expect(res?.status()).toBe(200);
      await loaded(pub, `article img[src="${url}"]`);
      expect(await pub.locator(`article img[src="${url}"]`).getAttribute("alt")).toBe(w.file);
      await shot(pub, `kb-image-public-${lang}`);
      const direct = await pub.request.get(`${suite.product.url}${url}`);
      expect(direct.headers()["content-type"]).toBe("image/png");
      expect(direct.headers()["x-content-type-options"]).toBe("nosniff");
    });
  }

  it("lets a lead add, rename, move and delete categories, and the editor offers them (it, en)", async () => {
    const page = await agentPage("it");
    await page.goto(`${suite.product.url}/knowledge`);
    const section = page.locator("section[aria-labelledby=kb-categories]");
    await section.getByRole("heading", { name: "Categorie" }).waitFor();
    const addForm = section.locator("form").last();
    await addForm.getByLabel("Nome (italiano)").fill("Accessori");
    await addForm.getByLabel("Nome (inglese)").fill("Accessories");
    await addForm.getByRole("button", { name: "Aggiungi categoria" }).click();
    await section.getByText("Categoria Accessori aggiunta.").waitFor();
    await addForm.getByLabel("Nome (italiano)").fill("Lattiere");
    await addForm.getByLabel("Dentro").selectOption({ label: "Accessori" });
    await addForm.getByRole("button", { name: "Aggiungi categoria" }).click();
    await section.getByRole("cell", { name: "Lattiere", exact: true }).waitFor();
    // Renamed: the edit form never offers the category itself or one below it as its parent.
    await section.getByRole("button", { name: "Modifica Accessori" }).click();
    const edit = section.locator("tbody form");
    const parents = await edit.getByLabel("Dentro").locator("option").allInnerTexts();
    expect(parents).not.toContain("Accessori");
    expect(parents).not.toContain("Accessori › Lattiere");
    await edit.getByLabel("Nome (italiano)").fill("Accessori e ricambi");
    await edit.getByRole("button", { name: "Salva" }).click();
    await section.getByText("Categoria Accessori e ricambi salvata.").waitFor();
    // The subcategory's row names its parent by the new name.
    const lattiere = section.locator("tbody tr", { has: page.getByRole("cell", { name: "Lattiere", exact: true }) });
    await lattiere.locator("td").nth(2).getByText("Accessori e ricambi", { exact: true }).waitFor();
    // In use (it has a subcategory): refused with the reason.
    await section.getByRole("button", { name: "Elimina Accessori e ricambi" }).click();
    await section.getByText("Questa categoria ha ancora articoli o sottocategorie").waitFor();
    await shot(page, "kb-categories-it");
    expect(await axeViolations(page)).toEqual([]);
    // The editor's select lists them with their path.
    await page.goto(`${suite.product.url}/knowledge/new`);
    await page
      .locator("section.kb-editor select option", { hasText: "Accessori e ricambi › Lattiere" })
      .waitFor({ state: "attached" });
    // Deleted, the subcategory first.
    await page.goto(`${suite.product.url}/knowledge`);
    await section.getByRole("button", { name: "Elimina Lattiere" }).click();
    await section.getByText("Categoria Lattiere eliminata.").waitFor();
    await section.getByRole("button", { name: "Elimina Accessori e ricambi" }).click();
    await section.getByText("Categoria Accessori e ricambi eliminata.").waitFor();
    const names = (await call("GET", "/api/v1/kb/categories")).json<{ data: { name: string }[] }>().data;
    expect(names.map((c) => c.name)).not.toContain("Accessori e ricambi");
    expect(names.map((c) => c.name)).not.toContain("Lattiere");

    const en = await agentPage("en");
    await en.goto(`${suite.product.url}/knowledge`);
    await en.getByRole("heading", { name: "Categories" }).waitFor();
    await en.locator("[data-testid=kb-categories]").scrollIntoViewIfNeeded();
    await shot(en, "kb-categories-en");
  });

  it("starts an article from unanswered tickets and, once saved, marks them answered (it, en)", async () => {
    const create = async (subject: string, body_text: string, email: string) =>
      (await call("POST", "/api/v1/tickets", { subject, body_text, requester: { email } })).json<{ number: number }>()
        .number;
    const a = await create(
      "Come si cambia la guarnizione del portafiltro?",
      "Buongiorno, la guarnizione perde acqua. Come la sostituisco?",
      "giulia.ferri@example.it",
    );
    const b = await create(
      "Guarnizione portafiltro consumata",
      "La guarnizione del portafiltro è consumata, dove trovo il ricambio?",
      "paolo.neri@example.it",
    );
    const page = await agentPage("it");
    await page.goto(`${suite.product.url}/knowledge/new?from_tickets=${a},${b}`);
    const title = page.getByLabel("Titolo");
    await page.waitForFunction(
      (s) => (document.querySelector("[data-testid=kb-body]") as HTMLTextAreaElement | null)?.value.includes(s),
      "dove trovo il ricambio?",
    );
    expect(await title.inputValue()).toBe("Come si cambia la guarnizione del portafiltro?");
    const body = await page.getByTestId("kb-body").inputValue();
    expect(body).toContain(`> **#${a} Come si cambia la guarnizione del portafiltro?**`);
    expect(body).toContain(`> **#${b} Guarnizione portafiltro consumata**`);
    expect(body).toContain("> Buongiorno, la guarnizione perde acqua. Come la sostituisco?");
    await page.getByTestId("kb-from-tickets").getByText(`#${a}, #${b}`).waitFor();
    await shot(page, "kb-from-tickets-it");
    expect(await axeViolations(page)).toEqual([]);
    await title.fill("Sostituire la guarnizione del portafiltro");
    await page.getByRole("button", { name: "Salva", exact: true }).click();
    await page.waitForURL(/\/knowledge\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split("/").pop());
    // Linked through the API, as the ticket page and the article's list of tickets show it.
    const linked = (await call("GET", `/api/v1/kb/articles/${id}/tickets`)).json<{ data: { number: number }[] }>();
    expect(linked.data.map((t) => t.number).sort((x, y) => x - y)).toEqual([a, b]);
    for (const n of [a, b]) {
      const onTicket = (await call("GET", `/api/v1/tickets/${n}/articles`)).json<{ linked: { id: number }[] }>();
      expect(onTicket.linked.map((l) => l.id)).toEqual([id]);
    }

    // The English page says the same.
    const en = await agentPage("en");
    await en.goto(`${suite.product.url}/knowledge/new?from_tickets=${a},${b}`);
    await en.getByTestId("kb-from-tickets").getByText(`Started from tickets #${a}, #${b}`).waitFor();
    await en.waitForFunction(() =>
      (document.querySelector("[data-testid=kb-body]") as HTMLTextAreaElement | null)?.value.includes(
        "Customers' questions",
      ),
    );
    await shot(en, "kb-from-tickets-en");
  });
});
