import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent } from "../../db/factories";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";

// The public help centre's pages and its feedback, through the real app on SQLite and PostgreSQL.
describe.each(DATABASES)("help centre pages on %s", (dialect) => {
  let env: TestEnv;
  let ownerToken: string;
  let original: { id: number };
  beforeAll(async () => {
    env = await testEnv(dialect, {}, { worker: false });
    const owner = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent", name: "Olga Owner" });
    ownerToken = await tokenFor(env, owner.id);
    const post = async (url: string, payload: object) => {
      const res = await env.app.inject({ method: "POST", url, payload, headers: env.auth(env.adminToken) });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: number };
    };
    const cat = await post("/api/v1/kb/categories", { name: "Ordini", name_en: "Orders" });
    original = await post("/api/v1/kb/articles", {
      title: "Come annullare un ordine",
      body_markdown:
        "## Prima della spedizione\n\nApri **I miei ordini** e scegli *Annulla*.\n\n<script>alert(1)</script>",
      language: "it",
      category_id: cat.id,
      status: "published",
      owner_id: owner.id,
    });
    await post("/api/v1/kb/articles", {
      title: "How to cancel an order",
      body_markdown: "Open **My orders** and choose *Cancel*.",
      language: "en",
      category_id: cat.id,
      status: "published",
      translation_of: original.id,
    });
    await post("/api/v1/kb/articles", {
      title: "Tracciare un ordine",
      body_markdown: "Il numero di tracciamento arriva per email.",
      language: "it",
      category_id: cat.id,
      status: "published",
    });
    await post("/api/v1/kb/articles", {
      title: "Sconti segreti per ordini",
      body_markdown: "Solo interno: codice AGENTI50.",
      language: "it",
      category_id: cat.id,
      status: "published",
      internal: true,
    });
  });
  afterAll(async () => env?.close());

  const get = (url: string, headers: Record<string, string> = {}) => env.app.inject({ method: "GET", url, headers });

  it("sends /help to the browser's language", async () => {
    const en = await get("/help", { "accept-language": "en-GB,en;q=0.9" });
    expect([en.statusCode, en.headers.location]).toEqual([302, "/help/en"]);
    expect((await get("/help", { "accept-language": "de" })).headers.location).toBe("/help/it");
  });

  it("renders an article without script, sanitised, small, with breadcrumbs, hreflang and related articles", async () => {
    const res = await get("/help/it/articles/come-annullare-un-ordine", { "accept-encoding": "br, gzip" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.rawPayload.length).toBeLessThan(30 * 1024);
    const html = zlib.brotliDecompressSync(res.rawPayload).toString("utf8");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("<strong>I miei ordini</strong>");
    expect(html).toContain('<html lang="it">');
    expect(html).toContain(
      '<link rel="canonical" href="http://localhost:3000/help/it/articles/come-annullare-un-ordine">',
    );
    expect(html).toContain('hreflang="en" href="http://localhost:3000/help/en/articles/how-to-cancel-an-order"');
    expect(html).toMatch(
      /<ol class="crumbs"><li><a href="\/help\/it">Assistenza<\/a><\/li><li><a href="\/help\/it\/ordini">Ordini<\/a>/,
    );
    expect(html).toContain('href="/help/it/articles/tracciare-un-ordine"');
    expect(html).not.toContain("Sconti segreti");
    const en = (await get("/help/en/articles/how-to-cancel-an-order")).body;
    expect(en).toContain("Was this article helpful?");
    expect(en).toContain(">Orders</a>");
  });

  it("links articles like the title when the category has few, and never one made private since the list was kept", async () => {
    const post = async (payload: object) => {
      const res = await env.app.inject({
        method: "POST",
        url: "/api/v1/kb/articles",
        payload: { language: "it", status: "published", ...payload },
        headers: env.auth(env.adminToken),
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: number; slug: string };
    };
    const a = await post({ title: "Cambiare la password dell'utente", body_markdown: "Da Profilo, Sicurezza." });
    const b = await post({ title: "Password dell'utente dimenticata", body_markdown: "Usa il link di recupero." });
    const page = async () => (await get(`/help/it/articles/${a.slug}`)).body;
    expect(await page()).toContain(`href="/help/it/articles/${b.slug}"`);
    // Made internal behind this node's back (another node, or the database): the kept list is not trusted.
    await env.rt.ctx.db.updateTable("kb_articles").set({ internal: 1 }).where("id", "=", b.id).execute();
    const html = await page();
    expect(html).not.toContain(b.slug);
    expect(html).not.toContain("Password dell'utente dimenticata");
    // Nor does the public search, whose index has not heard of it yet either.
    const found = (await get("/api/v1/public/kb/search?q=password+dimenticata&lang=it")).json();
    expect(found.data.map((h: { id: number }) => h.id)).not.toContain(b.id);
  });

  it("never shows an internal article on any public page, search or sitemap", async () => {
    expect((await get("/help/it/articles/sconti-segreti-per-ordini")).statusCode).toBe(404);
    for (const url of ["/help/it", "/help/it/ordini", "/help/it/search?q=sconti", "/help/sitemap.xml"]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toMatch(/Sconti segreti|AGENTI50/);
    }
    const search = (await get("/api/v1/public/kb/search?q=codice+sconti+segreti")).json();
    expect(search.data).toEqual([]);
    const map = (await get("/help/sitemap.xml")).body;
    expect(map).toContain("<loc>http://localhost:3000/help/en/articles/how-to-cancel-an-order</loc>");
    expect(map).toContain('hreflang="it" href="http://localhost:3000/help/it/articles/come-annullare-un-ordine"');
  });

  it("finds articles on the search page, typo and all", async () => {
    const html = (await get("/help/it/search?q=tracciamento+ordnie")).body;
    expect(html).toContain('href="/help/it/articles/tracciare-un-ordine"');
    expect(html).toContain("<mark>tracciamento</mark>");
  });

  it("counts 'was this helpful?' from a plain form post, and the comment reaches the owner", async () => {
    const post = (helpful: string, comment = "") =>
      env.app.inject({
        method: "POST",
        url: "/help/it/articles/come-annullare-un-ordine/feedback",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({ helpful, comment }).toString(),
      });
    const yes = await post("yes");
    expect([yes.statusCode, yes.headers.location]).toEqual([
      303,
      "/help/it/articles/come-annullare-un-ordine?feedback=thanks#feedback",
    ]);
    await post("no", "Non trovo il pulsante Annulla");
    expect((await get(yes.headers.location as string)).body).toContain("Grazie: la tua risposta");
    const a = await env.app.inject({
      method: "GET",
      url: `/api/v1/kb/articles/${original.id}`,
      headers: env.auth(env.adminToken),
    });
    expect(a.json().helpful).toEqual({ yes: 1, no: 1 });
    const mine = await env.app.inject({ method: "GET", url: "/api/v1/kb/feedback", headers: env.auth(ownerToken) });
    expect(mine.json().data).toMatchObject([
      { article_id: original.id, helpful: false, comment: "Non trovo il pulsante Annulla" },
      { article_id: original.id, helpful: true, comment: null },
    ]);
    expect((await post("forse")).statusCode).toBe(400);
  });
});
