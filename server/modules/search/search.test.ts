import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, type TestEnv, testEnv } from "../../test/harness";
import { fold, highlight, stems, toFtsQuery, toTerms, words } from "./text";

describe("search text", () => {
  it("folds word by word exactly as folding the whole text would", () => {
    // Accents precomposed and typed apart (e + U+0301), German, French, Spanish, Turkish capitals, digits, Greek.
    const text = "Perché È ARRIVATO cafe\u0301 già! Straße Größe ÉCOLE garçon Año niño İSTANBUL ıi 12,50€ ΟΔΟΣ ὀδός ﬁne x\u0301\u0302y";
    const reference = fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
    expect(words(text)).toEqual(reference);
    expect(toTerms(text)).toBe(reference.flatMap(stems).join(" "));
    // Remembered words give the same terms the second time.
    expect(toTerms(text)).toBe(reference.flatMap(stems).join(" "));
  });

  it("folds accents and stems Italian and English", () => {
    expect(toTerms("Perché è arrivato").split(" ")).toEqual(expect.arrayContaining(["perc", "arriv"]));
    expect(toTerms("perche arrivata").split(" ")).toEqual(expect.arrayContaining(["perc", "arriv"]));
    expect(toTerms("invoices delivered").split(" ")).toEqual(expect.arrayContaining(["invoic", "deliv"]));
    // Each word matches through its Italian or its English stem.
    expect(toFtsQuery("perche arrivata")).toBe('("perc" OR "perch") AND ("arriv" OR "arrivata")');
    expect(toFtsQuery("  ¿? ")).toBeNull();
  });

  it("marks the matching words in the original text and escapes HTML", () => {
    expect(highlight("Perché il pacco <b>non</b> è arrivato?", "perche arrivata")).toBe("<mark>Perché</mark> il pacco &#60;b&#62;non&#60;/b&#62; è <mark>arrivato</mark>?");
  });
});

describe.each(DATABASES)("search API on %s", (dialect) => {
  let env: TestEnv;
  const create = (subject: string, body_text: string, extra: object = {}) =>
    env.app.inject({ method: "POST", url: "/api/v1/tickets", headers: env.auth(env.adminToken), payload: { subject, body_text, requester: { email: "s@example.it" }, ...extra } }).then((r) => r.json());
  const search = (q: string) => env.app.inject({ method: "GET", url: `/api/v1/search?${q}`, headers: env.auth(env.adminToken) }).then((r) => r.json());

  beforeAll(async () => {
    env = await testEnv(dialect);
    await create("Spedizione", "Perché il mio pacco non è ancora arrivato?");
    await create("Invoice question", "The invoices were delivered twice", { tags: ["billing"] });
    await create("Macchina", "La macinatura è troppo fine");
  });
  afterAll(async () => env?.close());

  it("finds Italian text accent- and inflection-insensitively, with highlights", async () => {
    const r = await search("q=perche%20arrivata");
    expect(r.data.map((x: { ticket: { subject: string } }) => x.ticket.subject)).toEqual(["Spedizione"]);
    expect(r.data[0].highlight.text).toContain("<mark>arrivato</mark>");
  });

  it("finds English text by stem and applies filters", async () => {
    expect((await search("q=invoice%20deliver")).data).toHaveLength(1);
    expect((await search("q=invoice&tag=billing")).data).toHaveLength(1);
    expect((await search("q=invoice&status=solved")).data).toHaveLength(0);
    expect((await search("q=xyzzy")).data).toHaveLength(0);
  });

  it("finds a reply added later and a renamed subject", async () => {
    const t = await create("Ordine", "Dove si trova?");
    await env.app.inject({ method: "POST", url: `/api/v1/tickets/${t.number}/messages`, headers: env.auth(env.adminToken), payload: { body_text: "Il corriere BRT ha consegnato" } });
    expect((await search("q=corriere")).data.map((x: { ticket: { number: number } }) => x.ticket.number)).toEqual([t.number]);
    await env.app.inject({ method: "PATCH", url: `/api/v1/tickets/${t.number}`, headers: env.auth(env.adminToken), payload: { subject: "Reso autorizzato" } });
    expect((await search("q=autorizzato")).data).toHaveLength(1);
    expect((await search("q=ordine")).data).toHaveLength(0);
  });
});
