import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent } from "../../test/factories";
import { apiClient } from "../../test/client";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";

// Playbooks: matched by tags and stemmed keywords in both languages, shown in the asked language, a checklist
// shared by the translations, every tick recorded in the timeline.
describe.each(DATABASES)("playbooks API on %s", (dialect) => {
  let env: TestEnv;
  let anna: string;
  let angryIt: number;
  let angryEn: number;
  let refund: number;
  let macroId: number;
  const ticket: Record<string, number> = {};
  beforeAll(async () => {
    env = await testEnv(dialect, {}, { worker: false });
    anna = await tokenFor(env, (await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent", name: "Anna" })).id);
    const api = apiClient(env);
    const make = async (key: string, subject: string, body: string, tags: string[] = []) => {
      ticket[key] = (
        await api.tickets.create({ subject, body_text: body, requester: { email: `${key}@x.it` }, tags })
      ).number;
    };
    await make("furious", "Vergognoso", "Sono furioso, è la terza volta che vi scrivo e nessuno risponde!");
    await make("angryEn", "Unacceptable", "I am absolutely furious with your service");
    await make("refundTag", "Ordine 1234", "Vorrei restituire la macchina", ["rimborso"]);
    await make("refundWords", "Money back", "Please refund my order, I was refunded only half");
    await make("calm", "Orari", "A che ora aprite sabato?");
  });
  afterAll(async () => env?.close());

  const call = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: unknown, token = env.adminToken) =>
    env.app.inject({ method, url, payload: payload as object, headers: env.auth(token) });

  it("lets supervisors and admins write playbooks and their translations, and every agent read them", async () => {
    const macro = await call("POST", "/api/v1/macros", {
      name: "Scuse",
      shortcut: "scuse",
      body_text: "Gentile {{customer.first_name}}, ci scusiamo.",
      language: "it",
    });
    macroId = macro.json().id;
    const it1 = await call("POST", "/api/v1/playbooks", {
      title: "Cliente arrabbiato",
      language: "it",
      match: { tags: ["arrabbiato"], keywords: ["furioso", "vergogna"] },
      steps: ["Ringrazia", "Scusati", "Riassumi", "Proponi", "Conferma"],
      mistakes: ["Discutere"],
      macro_ids: [macroId],
    });
    expect(it1.statusCode).toBe(201);
    angryIt = it1.json().id;
    const en1 = await call("POST", "/api/v1/playbooks", {
      title: "Angry customer",
      language: "en",
      translation_of: angryIt,
      match: { tags: ["angry"], keywords: ["furious", "unacceptable"] },
      steps: ["Thank", "Apologise", "Summarise", "Offer", "Confirm"],
      mistakes: ["Arguing"],
      macro_ids: [macroId],
    });
    expect(en1.statusCode).toBe(201);
    angryEn = en1.json().id;
    const r = await call("POST", "/api/v1/playbooks", {
      title: "Richiesta di rimborso",
      language: "it",
      match: { tags: ["rimborso"], keywords: ["rimborso", "refund"] },
      steps: ["Verifica l'ordine", "Spiega i tempi"],
    });
    refund = r.json().id;
    const refused = await call("POST", "/api/v1/playbooks", { title: "X", language: "it", steps: ["a"] }, anna);
    expect(refused.statusCode).toBe(403);
    const bad = await call("POST", "/api/v1/playbooks", {
      title: "X",
      language: "it",
      steps: ["a"],
      macro_ids: [9999],
    });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, "invalid_macro"]);
    const all = (await call("GET", "/api/v1/playbooks", undefined, anna)).json().data as { title: string }[];
    expect(all.map((p) => p.title)).toEqual(["Cliente arrabbiato", "Angry customer", "Richiesta di rimborso"]);
  });

  const matches = async (key: string, lang: "it" | "en") =>
    (await call("GET", `/api/v1/tickets/${ticket[key]}/playbooks?lang=${lang}`, undefined, anna)).json().data as {
      playbook: { id: number; title: string };
      matched: { tags: string[]; keywords: string[] };
      checked: boolean[];
      macros: { id: number }[];
    }[];

  it("matches by tags and by stemmed keywords of either language, in the language asked", async () => {
    const furious = await matches("furious", "it");
    expect(furious.map((m) => [m.playbook.title, m.matched])).toEqual([
      ["Cliente arrabbiato", { tags: [], keywords: ["furioso", "vergogna"] }],
    ]);
    expect(furious[0]!.macros.map((m) => m.id)).toEqual([macroId]);
    // The English customer's words match the Italian playbook's translation; an Italian agent reads it in Italian.
    expect((await matches("angryEn", "en")).map((m) => m.playbook.id)).toEqual([angryEn]);
    expect((await matches("angryEn", "it")).map((m) => m.playbook.id)).toEqual([angryIt]);
    expect((await matches("refundTag", "it")).map((m) => [m.playbook.id, m.matched])).toEqual([
      [refund, { tags: ["rimborso"], keywords: [] }],
    ]);
    // "refunded" meets "refund" through its stem.
    expect((await matches("refundWords", "en")).map((m) => m.playbook.id)).toEqual([refund]);
    expect(await matches("calm", "it")).toEqual([]);
  });

  it("ticks and unticks steps, shared by the translations, and records each in the timeline", async () => {
    const tick = (id: number, index: number, checked = true) =>
      call("POST", `/api/v1/tickets/${ticket.angryEn}/playbooks/${id}/steps/${index}`, { checked }, anna);
    expect((await tick(angryEn, 0)).json()).toEqual({
      playbook_id: angryEn,
      checked: [true, false, false, false, false],
    });
    await tick(angryIt, 1);
    await tick(angryIt, 2);
    await tick(angryIt, 2); // already ticked: nothing recorded
    await tick(angryEn, 0, false);
    expect((await matches("angryEn", "en"))[0]!.checked).toEqual([false, true, true, false, false]);
    const bad = await tick(angryIt, 5);
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, "invalid_step"]);
    const events = (await call("GET", `/api/v1/tickets/${ticket.angryEn}/events`)).json().data as {
      type: string;
      data: Record<string, unknown>;
    }[];
    expect(events.filter((e) => e.type === "playbook_step").map((e) => e.data)).toEqual([
      { playbook_id: angryIt, title: "Angry customer", step: 0, checked: true, done: 1, total: 5 },
      { playbook_id: angryIt, title: "Cliente arrabbiato", step: 1, checked: true, done: 2, total: 5 },
      { playbook_id: angryIt, title: "Cliente arrabbiato", step: 2, checked: true, done: 3, total: 5 },
      { playbook_id: angryIt, title: "Angry customer", step: 0, checked: false, done: 2, total: 5 },
    ]);
  });
});
