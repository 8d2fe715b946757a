import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCustomer } from "../../test/factories";
import { apiClient } from "../../test/client";
import { DATABASES, type TestEnv, testEnv } from "../../test/harness";

// FAQ from real questions: first messages grouped by similar words per language, answered tickets leaving their
// group, a group an article answers leaving the list, and new tickets joining the groups already made.
const DESCALE = [
  ["Decalcificazione", "Buongiorno, come si fa la decalcificazione della macchina espresso?"],
  ["Calcare nella macchina", "Salve, ogni quanto devo fare la decalcificazione? La macchina ha molto calcare."],
  ["Decalcificare", "Come decalcificare la macchina del caffè? Quale prodotto anticalcare usare?"],
  ["Spia calcare accesa", "Si è accesa la spia del calcare: come faccio la decalcificazione della macchina?"],
  ["Pulizia calcare", "Vorrei sapere la procedura di decalcificazione per il calcare della macchina."],
];
const SHIPPING = [
  ["Ordine in ritardo", "Il mio ordine non è ancora arrivato, la spedizione è in ritardo di una settimana."],
  ["Spedizione ordine", "Quando arriva il mio ordine? Il corriere non ha ancora consegnato la spedizione."],
  ["Dov'è il mio ordine", "Ordine effettuato dieci giorni fa, spedizione mai arrivata. Potete verificare il corriere?"],
  ["Consegna ordine", "La spedizione del mio ordine risulta ferma dal corriere, quando arriva?"],
];
const INVOICE = [
  ["Fattura elettronica", "Non trovo la fattura elettronica dell'ultimo acquisto, potete inviarmi la fattura?"],
  ["Copia fattura", "Mi serve una copia della fattura elettronica per la contabilità."],
  ["Fattura mancante", "La fattura elettronica non è arrivata al commercialista, potete rimandare la fattura?"],
];
const NOISE = [
  ["Orari sabato", "A che ora aprite il negozio sabato pomeriggio?"],
  ["Colore tazzine", "Avete tazzine rosse in porcellana per il bar?"],
];
const ENGLISH = [
  ["Descaling", "Hello, how do I descale the espresso machine? Which descaler should I use?"],
  ["Descale machine", "How often should I descale my espresso machine? It shows the descale light."],
  ["Limescale", "There is limescale in the espresso machine: how do I descale it?"],
];

describe.each(DATABASES)("unanswered questions on %s", (dialect) => {
  let env: TestEnv;
  const numbers: Record<string, number[]> = {};
  beforeAll(async () => {
    env = await testEnv(dialect, {}, { worker: false });
    await buildCustomer(env.rt.ctx.db, env.workspaceId, { email: "it@x.it", language: "it" });
    await buildCustomer(env.rt.ctx.db, env.workspaceId, { email: "en@x.uk", language: "en" });
    const api = apiClient(env);
    for (const [key, set, email] of [
      ["descale", DESCALE, "it@x.it"],
      ["shipping", SHIPPING, "it@x.it"],
      ["invoice", INVOICE, "it@x.it"],
      ["noise", NOISE, "it@x.it"],
      ["english", ENGLISH, "en@x.uk"],
    ] as const) {
      numbers[key] = [];
      for (const [subject, body_text] of set)
        numbers[key].push((await api.tickets.create({ subject, body_text, requester: { email } })).number);
    }
  });
  afterAll(async () => env?.close());

  const call = (method: "GET" | "POST", url: string, payload?: unknown) =>
    env.app.inject({ method, url, payload: payload as object, headers: env.auth(env.adminToken) });
  const groups = async (lang = "it") =>
    (await call("GET", `/api/v1/kb/unanswered?days=30&lang=${lang}`)).json() as {
      size: number;
      terms: string[];
      ticket_numbers: number[];
    }[];
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

  it("groups the first messages by similar words per language, largest first, with typical words", async () => {
    const it1 = await groups("it");
    expect(it1.map((g) => g.size)).toEqual([5, 4, 3]);
    expect(it1.map((g) => sorted(g.ticket_numbers))).toEqual([numbers.descale, numbers.shipping, numbers.invoice]);
    expect(it1[0]!.terms).toContain("decalcificazione");
    expect(it1[1]!.terms).toEqual(expect.arrayContaining(["ordine", "spedizione"]));
    expect(it1[2]!.terms).toContain("fattura");
    const en = await groups("en");
    expect(en.map((g) => sorted(g.ticket_numbers))).toEqual([numbers.english]);
    expect(en[0]!.terms).toContain("descaling");
    // Single questions are no FAQ, unless asked for.
    const all = (await call("GET", "/api/v1/kb/unanswered?lang=it&min_size=1")).json() as unknown[];
    expect(all).toHaveLength(5);
  });

  it("drops answered tickets, and the whole group once an article answers one of them", async () => {
    const first = numbers.descale![0]!;
    const res = await call("POST", `/api/v1/tickets/${first}/answered`, {});
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ ticket_number: first, article_id: null });
    let it1 = await groups();
    expect(it1.map((g) => g.size)).toEqual([4, 4, 3]);
    expect(it1[0]!.ticket_numbers).not.toContain(first);
    const article = await call("POST", "/api/v1/kb/articles", { title: "Spedizioni", language: "it" });
    const linked = await call("POST", `/api/v1/tickets/${numbers.shipping![2]}/answered`, {
      article_id: article.json<{ id: number }>().id,
    });
    expect(linked.statusCode).toBe(201);
    it1 = await groups();
    expect(it1.map((g) => sorted(g.ticket_numbers))).toEqual([numbers.descale!.slice(1), numbers.invoice]);
  });

  it("puts new tickets into the groups already made, without grouping the others again", async () => {
    const db = env.rt.ctx.db;
    const before = await db
      .selectFrom("question_members")
      .select(["ticket_id", "group_id"])
      .orderBy("ticket_id")
      .execute();
    const groupCount = (await db.selectFrom("question_groups").select("id").execute()).length;
    const api = apiClient(env);
    const late = [
      (
        await api.tickets.create({
          subject: "Fattura",
          body_text: "Potete rimandare la fattura elettronica?",
          requester: { email: "it@x.it" },
        })
      ).number,
      (
        await api.tickets.create({
          subject: "Fattura errata",
          body_text: "La fattura elettronica ha la partita IVA sbagliata",
          requester: { email: "it@x.it" },
        })
      ).number,
    ];
    const it1 = await groups();
    expect(it1.map((g) => sorted(g.ticket_numbers))).toEqual([
      sorted([...numbers.invoice!, ...late]),
      numbers.descale!.slice(1),
    ]);
    const after = await db
      .selectFrom("question_members")
      .select(["ticket_id", "group_id"])
      .orderBy("ticket_id")
      .execute();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(before.length + 2);
    expect((await db.selectFrom("question_groups").select("id").execute()).length).toBe(groupCount);
  });

  it("is grouped by the worker's pass before anyone asks", async () => {
    const { groupNewQuestions } = await import("./questions.watcher");
    const number = (
      await apiClient(env).tickets.create({
        subject: "Decalcificazione",
        body_text: "Come si fa la decalcificazione della macchina?",
        requester: { email: "it@x.it" },
      })
    ).number;
    expect(await groupNewQuestions(env.rt.ctx)).toBe(1);
    expect(await groupNewQuestions(env.rt.ctx)).toBe(0);
    const it1 = await groups();
    expect(it1.find((g) => g.ticket_numbers.includes(number))?.size).toBe(5);
  });

  it("is for supervisors and admins", async () => {
    const { buildAgent } = await import("../../test/factories");
    const { tokenFor } = await import("../../test/harness");
    const agent = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent", name: "Piero" });
    const res = await env.app.inject({
      method: "GET",
      url: "/api/v1/kb/unanswered",
      headers: env.auth(await tokenFor(env, agent.id)),
    });
    expect(res.statusCode).toBe(403);
  });
});
