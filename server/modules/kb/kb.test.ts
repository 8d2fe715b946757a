import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent } from "../../db/factories";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";

// The help centre's rules through the real app, on SQLite and PostgreSQL: translations, versions and restore,
// internal articles never public, search with stemming and one typo.
describe.each(DATABASES)("knowledge base on %s", (dialect) => {
  let env: TestEnv;
  let agentToken: string;
  beforeAll(async () => {
    env = await testEnv(dialect, {}, { worker: false });
    const agent = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent", name: "Aldo Agente" });
    agentToken = await tokenFor(env, agent.id);
  });
  afterAll(async () => env?.close());

  const call = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object, token = env.adminToken) =>
    env.app.inject({ method, url, payload, headers: env.auth(token) });
  const article = async (body: object, token?: string) => {
    const res = await call("POST", "/api/v1/kb/articles", body, token);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; slug: string; version: number; translations: { id: number }[] };
  };

  it("links Italian and English versions as translations of one article", async () => {
    const cat = await call("POST", "/api/v1/kb/categories", { name: "Spedizioni", name_en: "Shipping" });
    expect(cat.statusCode).toBe(201);
    expect(cat.json()).toMatchObject({ name: "Spedizioni", slug: "spedizioni", parent_id: null });
    const it1 = await article({
      title: "Quanto costa la spedizione?",
      body_markdown: "La spedizione è gratuita sopra i 50 euro.",
      language: "it",
      category_id: cat.json().id,
      status: "published",
    });
    expect(it1.slug).toBe("quanto-costa-la-spedizione");
    const en1 = await article({
      title: "How much does shipping cost?",
      body_markdown: "Shipping is free over 50 euros.",
      language: "en",
      translation_of: it1.id,
      status: "published",
    });
    const shown = (await call("GET", `/api/v1/kb/articles/${it1.id}`)).json();
    expect(shown.translations).toEqual([{ id: en1.id, language: "en", title: "How much does shipping cost?" }]);
    // A second English version of the same article, or a translation in the same language, is refused.
    const twice = await call("POST", "/api/v1/kb/articles", { title: "Dup", language: "en", translation_of: it1.id });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe("translation_exists");
    const same = await call("POST", "/api/v1/kb/articles", { title: "Stessa", language: "it", translation_of: en1.id });
    expect(same.json().error.code).toBe("translation_invalid");
    const list = await call("GET", "/api/v1/kb/categories");
    expect(list.json().data.map((c: { slug: string }) => c.slug)).toContain("spedizioni");
  });

  it("keeps every save as a version, diffs any two and restores one", async () => {
    const a = await article({ title: "Reso", body_markdown: "Riga uno\nRiga due\n", language: "it" });
    await call("PATCH", `/api/v1/kb/articles/${a.id}`, { body_markdown: "Riga uno\nRiga tre\n" }, agentToken);
    const third = await call("PATCH", `/api/v1/kb/articles/${a.id}`, { title: "Resi e rimborsi" });
    expect(third.json()).toMatchObject({ version: 3, title: "Resi e rimborsi", body_markdown: "Riga uno\nRiga tre\n" });
    const versions = (await call("GET", `/api/v1/kb/articles/${a.id}/versions`)).json().data;
    expect(versions.map((v: { number: number; agent: { name: string } }) => [v.number, v.agent.name])).toEqual([
      [3, "Ada Admin"],
      [2, "Aldo Agente"],
      [1, "Ada Admin"],
    ]);
    const diff = (await call("GET", `/api/v1/kb/articles/${a.id}/diff?from=1&to=3`)).json();
    expect(diff.changes).toEqual([
      { kind: "same", text: "Riga uno" },
      { kind: "removed", text: "Riga due" },
      { kind: "added", text: "Riga tre" },
    ]);
    expect(diff.patch).toContain("-# Reso");
    expect(diff.patch).toContain("+# Resi e rimborsi");
    const restored = await call("POST", `/api/v1/kb/articles/${a.id}/versions/1/restore`, undefined, agentToken);
    expect(restored.json()).toMatchObject({ version: 4, title: "Reso", body_markdown: "Riga uno\nRiga due\n" });
    const after = (await call("GET", `/api/v1/kb/articles/${a.id}/versions`)).json().data;
    expect(after[0]).toMatchObject({ number: 4, restored_from: 1, agent: { name: "Aldo Agente" } });
    expect((await call("GET", `/api/v1/kb/articles/${a.id}/versions/9/restore`)).statusCode).toBe(404);
  });

  it("lets agents write but only leads delete and add categories", async () => {
    const a = await article({ title: "Bozza di prova", language: "it" }, agentToken);
    expect((await call("DELETE", `/api/v1/kb/articles/${a.id}`, undefined, agentToken)).statusCode).toBe(403);
    expect((await call("POST", "/api/v1/kb/categories", { name: "X" }, agentToken)).statusCode).toBe(403);
    expect((await call("DELETE", `/api/v1/kb/articles/${a.id}`)).statusCode).toBe(200);
    expect((await call("GET", `/api/v1/kb/articles/${a.id}`)).statusCode).toBe(404);
  });

  it("finds articles by stem, without accents and with one typo, never an internal one in public", async () => {
    await article({
      title: "Fatture elettroniche",
      body_markdown: "Come scaricare le fatture e ricevere il rimborso della spedizione.",
      language: "it",
      status: "published",
    });
    await article({
      title: "Procedura interna rimborsi",
      body_markdown: "Solo per agenti: rimborso oltre 500 euro va approvato.",
      language: "it",
      status: "published",
      internal: true,
    });
    await article({ title: "Rimborso in bozza", body_markdown: "Bozza.", language: "it" });
    const search = async (q: string, lang = "it") =>
      (
        await env.app.inject({ method: "GET", url: `/api/v1/public/kb/search?lang=${lang}&q=${encodeURIComponent(q)}` })
      ).json().data as { title: string; url: string; snippet: string }[];
    expect((await search("fattura")).map((h) => h.title)).toEqual(["Fatture elettroniche"]);
    expect((await search("FATTURÈ")).map((h) => h.title)).toEqual(["Fatture elettroniche"]);
    // One letter wrong, one swapped, one missing: still found (words of five letters or more).
    expect((await search("fattyre")).map((h) => h.title)).toEqual(["Fatture elettroniche"]);
    expect((await search("fattrue")).map((h) => h.title)).toEqual(["Fatture elettroniche"]);
    expect((await search("rimborzo")).map((h) => h.title)).toEqual(["Fatture elettroniche"]);
    expect(await search("fxttyre")).toEqual([]);
    // Internal and draft articles never reach the public, and agents see them all.
    const rimborso = await search("rimborso");
    expect(rimborso.map((h) => h.title)).toEqual(["Fatture elettroniche"]);
    expect(rimborso[0].url).toBe("/help/it/articles/fatture-elettroniche");
    expect(rimborso[0].snippet).toContain("<mark>rimborso</mark>");
    expect(await search("rimborso", "en")).toEqual([]);
    const agents = (await call("GET", "/api/v1/kb/articles?q=rimborso", undefined, agentToken)).json().data;
    expect(agents.map((a: { title: string }) => a.title).sort()).toEqual([
      "Fatture elettroniche",
      "Procedura interna rimborsi",
      "Rimborso in bozza",
    ]);
    expect((await search("shipping cost", "en")).map((h) => h.title)).toEqual(["How much does shipping cost?"]);
  });
});
