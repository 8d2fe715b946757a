import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent, buildCustomer, buildTeam } from "../../test/factories";
import { apiClient } from "../../test/client";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";
import { dueInWords } from "./macros.render";

// Canned replies: placeholders (unknown ones refused), the customer's language, actions, personal vs shared,
// and usage per macro and per agent.
describe.each(DATABASES)("macros API on %s", (dialect) => {
  let env: TestEnv;
  let anna: string;
  let annaId: number;
  let itNumber: number;
  let enNumber: number;
  let teamId: number;
  beforeAll(async () => {
    env = await testEnv(dialect, {}, { worker: false });
    const a = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent", name: "Anna Conti" });
    annaId = a.id;
    anna = await tokenFor(env, a.id);
    teamId = (await buildTeam(env.rt.ctx.db, env.workspaceId, "Rimborsi")).id;
    await buildCustomer(env.rt.ctx.db, env.workspaceId, { email: "luca@bar.it", name: "Luca Romano", language: "it" });
    await buildCustomer(env.rt.ctx.db, env.workspaceId, { email: "jane@pub.uk", name: "Jane Doe", language: "en" });
    const api = apiClient(env);
    itNumber = (
      await api.tickets.create({
        subject: "Rimborso",
        body_text: "Voglio un rimborso",
        requester: { email: "luca@bar.it" },
      })
    ).number;
    enNumber = (
      await api.tickets.create({ subject: "Refund", body_text: "I want a refund", requester: { email: "jane@pub.uk" } })
    ).number;
    // The next answer is due in two hours on both.
    await env.rt.ctx.db
      .updateTable("tickets")
      .set({ sla_due_at: Date.now() + 2 * 3600_000 + 30_000 })
      .execute();
  });
  afterAll(async () => env?.close());

  const call = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: unknown, token = env.adminToken) =>
    env.app.inject({ method, url, payload: payload as object, headers: env.auth(token) });

  let itId: number;
  let enId: number;

  it("refuses unknown placeholders at save, listing them", async () => {
    const res = await call("POST", "/api/v1/macros", {
      name: "Rimborso",
      shortcut: "rimborso",
      body_text: "Ciao {{customer.first_name}}, {{customer.nickname}} e {{ticket.numero}}",
      language: "it",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: "unknown_placeholders",
      details: { unknown: ["customer.nickname", "ticket.numero"] },
    });
  });

  it("saves a macro and its translation, and renders the one in the customer's language with its actions", async () => {
    const it1 = await call("POST", "/api/v1/macros", {
      name: "Rimborso avviato",
      shortcut: "rimborso",
      body_text:
        "Gentile {{customer.first_name}}, la richiesta #{{ticket.number}} è presa in carico: risponderemo {{sla.next_due}}. {{agent.first_name}}\n{{portal_link}}",
      language: "it",
      actions: { status: "pending", priority: "high", tags: ["rimborso"], team_id: teamId },
    });
    expect(it1.statusCode).toBe(201);
    itId = it1.json().id;
    const en1 = await call("POST", "/api/v1/macros", {
      name: "Refund started",
      shortcut: "refund",
      body_text:
        "Dear {{customer.first_name}}, request #{{ticket.number}}: we will answer {{sla.next_due}}. {{agent.first_name}}",
      language: "en",
      translation_of: itId,
      actions: { status: "pending", tags: ["refund"] },
    });
    expect(en1.statusCode).toBe(201);
    enId = en1.json().id;

    const forLuca = await call("POST", `/api/v1/macros/${enId}/render`, { ticket_number: itNumber });
    expect(forLuca.json()).toEqual({
      macro_id: itId,
      language: "it",
      body_text: `Gentile Luca, la richiesta #${itNumber} è presa in carico: risponderemo entro 2 ore. Ada\nhttp://localhost:3000/portal/requests/${itNumber}`,
      actions: { status: "pending", priority: "high", tags: ["rimborso"], team_id: teamId },
    });
    const forJane = await call("POST", `/api/v1/macros/${itId}/render`, { ticket_number: enNumber }, anna);
    expect(forJane.json()).toEqual({
      macro_id: enId,
      language: "en",
      body_text: `Dear Jane, request #${enNumber}: we will answer within 2 hours. Anna`,
      actions: { status: "pending", tags: ["refund"] },
    });
    expect((await call("POST", `/api/v1/macros/${itId}/render`, { ticket_number: 99999 })).statusCode).toBe(404);
  });

  it("applies a macro's actions through the ticket update API", async () => {
    const rendered = (await call("POST", `/api/v1/macros/${itId}/render`, { ticket_number: itNumber })).json();
    const { priority, ...rest } = rendered.actions;
    const res = await call("PATCH", `/api/v1/tickets/${itNumber}`, {
      ...rest,
      priority,
      priority_reason: "macro Rimborso avviato",
      priority_source: "agent_judgement",
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "pending", priority: "high", tags: ["rimborso"], team: { id: teamId } });
  });

  it("counts uses per macro and per agent, only when asked", async () => {
    await call("POST", `/api/v1/macros/${itId}/render`, { ticket_number: itNumber, use: true });
    await call("POST", `/api/v1/macros/${itId}/render`, { ticket_number: itNumber, use: true }, anna);
    await call("POST", `/api/v1/macros/${itId}/render`, { ticket_number: itNumber, use: true }, anna);
    await call("POST", `/api/v1/macros/${itId}/render`, { ticket_number: enNumber, use: true }, anna);
    const list = (await call("GET", "/api/v1/macros", undefined, anna)).json().data as {
      id: number;
      usage: { total: number; mine: number };
    }[];
    expect(list.find((m) => m.id === itId)?.usage).toEqual({ total: 3, mine: 2 });
    expect(list.find((m) => m.id === enId)?.usage).toEqual({ total: 1, mine: 1 });
    const mine = (await call("GET", "/api/v1/macros")).json().data as typeof list;
    expect(mine.find((m) => m.id === itId)?.usage).toEqual({ total: 3, mine: 1 });
  });

  it("keeps a personal macro to its owner, and shared ones to supervisors and admins", async () => {
    const shared = await call(
      "POST",
      "/api/v1/macros",
      { name: "X", shortcut: "x", body_text: "x", language: "it" },
      anna,
    );
    expect([shared.statusCode, shared.json().error.code]).toEqual([403, "forbidden"]);
    const personal = await call(
      "POST",
      "/api/v1/macros",
      {
        name: "Mia firma",
        shortcut: "firma",
        body_text: "A presto, {{agent.first_name}}",
        language: "it",
        shared: false,
      },
      anna,
    );
    expect(personal.statusCode).toBe(201);
    const id = personal.json().id as number;
    const names = async (token: string) =>
      ((await call("GET", "/api/v1/macros", undefined, token)).json().data as { name: string }[]).map((m) => m.name);
    expect(await names(anna)).toContain("Mia firma");
    expect(await names(env.adminToken)).not.toContain("Mia firma");
    expect((await call("PATCH", `/api/v1/macros/${id}`, { name: "Sua" })).statusCode).toBe(404);
    expect((await call("PATCH", `/api/v1/macros/${itId}`, { name: "Mio" }, anna)).statusCode).toBe(403);
    const renamed = await call("PATCH", `/api/v1/macros/${id}`, { name: "Firma" }, anna);
    expect(renamed.json()).toMatchObject({ name: "Firma", shared: false, owner_id: annaId });
    const bad = await call("PATCH", `/api/v1/macros/${id}`, { body_text: "{{boh}}" }, anna);
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, "unknown_placeholders"]);
    expect((await call("DELETE", `/api/v1/macros/${id}`, undefined, anna)).json()).toEqual({ ok: true });
    expect(await names(anna)).not.toContain("Firma");
  });
});

describe("the next answer in words", () => {
  const now = Date.UTC(2026, 0, 5, 9);
  it("says minutes, hours or days in the customer's language", () => {
    expect(dueInWords(now + 45 * 60_000, now, "it")).toBe("entro 45 minuti");
    expect(dueInWords(now + 2 * 3600_000, now, "en")).toBe("within 2 hours");
    expect(dueInWords(now + 3 * 86400_000, now, "it")).toBe("entro 3 giorni");
    expect(dueInWords(null, now, "en")).toBe("as soon as possible");
    expect(dueInWords(now - 1, now, "it")).toBe("al più presto");
  });
});
