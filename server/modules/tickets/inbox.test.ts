import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent } from "../../test/factories";
import { DIALECTS, type TestEnv, testEnv, tokenFor } from "../../test/harness";

// The triage inbox's API: unread and "customer replied" marks with the last public message on each row, a read
// recorded on opening, sort by the next SLA due time, and saved views (personal, shared by supervisors).
describe.each(DIALECTS)("the triage inbox on %s", (mode) => {
  let env: TestEnv;
  let anna: string;
  let bruno: string;
  let lead: string;
  const call = (token: string, method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object) =>
    env.app.inject({ method, url, headers: env.auth(token), ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    env = await testEnv(mode);
    const db = env.rt.ctx.db;
    anna = await tokenFor(env, (await buildAgent(db, env.workspaceId, { role: "agent", name: "Anna" })).id);
    bruno = await tokenFor(env, (await buildAgent(db, env.workspaceId, { role: "agent", name: "Bruno" })).id);
    lead = await tokenFor(env, (await buildAgent(db, env.workspaceId, { role: "supervisor", name: "Sara" })).id);
  });
  afterAll(async () => env?.close());

  const rowOf = async (token: string, number: number, query = "view=all_open&include=triage") =>
    (await call(token, "GET", `/api/v1/tickets?${query}`))
      .json()
      .data.find((t: { number: number }) => t.number === number);

  it("marks a ticket unread until the agent opens it, and again when the customer replies", async () => {
    const created = await call(env.adminToken, "POST", "/api/v1/tickets", {
      subject: "Macchina che perde",
      body_text: "La macchina perde   acqua\ndal fondo.",
      requester: { email: "luca@bar.it", name: "Luca" },
    });
    expect(created.statusCode).toBe(201);
    const number = created.json().number;
    // A ticket created by the API is written as the customer's message.
    const first = await rowOf(anna, number);
    // Asked for: a plain list carries no triage marks.
    expect((await call(anna, "GET", "/api/v1/tickets?view=all_open")).json().data[0].triage).toBeUndefined();
    expect(first.triage).toMatchObject({
      unread: true,
      customer_replied: false,
      last_message: { author: "customer", preview: "La macchina perde acqua dal fondo." },
    });
    expect((await call(anna, "POST", `/api/v1/tickets/${number}/read`)).statusCode).toBe(200);
    expect((await rowOf(anna, number)).triage.unread).toBe(false);
    // Read for Anna only.
    expect((await rowOf(bruno, number)).triage.unread).toBe(true);

    await call(anna, "POST", `/api/v1/tickets/${number}/messages`, { body_text: "Mandiamo il tecnico." });
    const replied = await rowOf(anna, number);
    expect(replied.triage).toMatchObject({ unread: false, customer_replied: false, last_message: { author: "agent" } });
    // Internal notes are no message of the conversation: the preview stays the reply.
    await call(anna, "POST", `/api/v1/tickets/${number}/messages`, { body_text: "nota", internal: true });
    expect((await rowOf(anna, number)).triage.last_message.preview).toBe("Mandiamo il tecnico.");

    const portalReply = await env.rt.ctx.db
      .selectFrom("tickets")
      .select(["id", "requester_id"])
      .where("number", "=", number)
      .executeTakeFirstOrThrow();
    await env.rt.ctx.db
      .insertInto("messages")
      .values({
        workspace_id: env.workspaceId,
        ticket_id: portalReply.id,
        internal: 0,
        author_type: "customer",
        author_agent_id: null,
        author_customer_id: portalReply.requester_id,
        body_text: "Grazie, a che ora arriva?",
        body_html: null,
        reply_text: "Grazie, a che ora arriva?",
        parts: null,
        forwarded_text: null,
        created_at: Date.now() + 1000,
      })
      .execute();
    expect((await rowOf(anna, number)).triage).toMatchObject({
      unread: true,
      customer_replied: true,
      last_message: { author: "customer", preview: "Grazie, a che ora arriva?" },
    });
    expect((await call(anna, "POST", "/api/v1/tickets/999999/read")).statusCode).toBe(404);
  });

  it("sorts by the next SLA due time, tickets without one last, page after page", async () => {
    const db = env.rt.ctx.db;
    const numbers: number[] = [];
    for (const subject of ["due later", "no target", "due first"]) {
      const r = await call(env.adminToken, "POST", "/api/v1/tickets", {
        subject,
        body_text: "x",
        requester: { email: "sort@bar.it" },
      });
      numbers.push(r.json().number);
    }
    const base = Date.now() + 86_400_000;
    await db.updateTable("tickets").set({ sla_due_at: null }).execute();
    await db
      .updateTable("tickets")
      .set({ sla_due_at: base + 5000 })
      .where("subject", "=", "due later")
      .execute();
    await db.updateTable("tickets").set({ sla_due_at: base }).where("subject", "=", "due first").execute();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { subject: string }[]; next_cursor: string | null } = (
        await call(
          anna,
          "GET",
          `/api/v1/tickets?view=all_open&sort=due_asc&limit=1${cursor ? `&cursor=${cursor}` : ""}`,
        )
      ).json();
      seen.push(...page.data.map((t: { subject: string }) => t.subject));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen.slice(0, 2)).toEqual(["due first", "due later"]);
    expect(seen).toContain("no target");
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe((await call(anna, "GET", "/api/v1/tickets?view=all_open&limit=100")).json().data.length);
  });

  it("keeps personal views to their owner and lets supervisors share theirs", async () => {
    const mine = await call(anna, "POST", "/api/v1/views", {
      name: "Urgenti",
      view: "all_open",
      query: "?status=open&sort=due_asc&cursor=abc",
    });
    expect(mine.statusCode).toBe(201);
    expect(mine.json()).toMatchObject({
      name: "Urgenti",
      query: "status=open&sort=due_asc",
      shared: false,
      editable: true,
    });
    const refused = await call(anna, "POST", "/api/v1/views", { name: "Per tutti", view: "all_open", shared: true });
    expect(refused.statusCode).toBe(403);
    const shared = await call(lead, "POST", "/api/v1/views", { name: "Squadra", view: "my_teams", shared: true });
    expect(shared.statusCode).toBe(201);

    const annaViews = (await call(anna, "GET", "/api/v1/views")).json().data;
    expect(annaViews.map((v: { name: string; editable: boolean }) => [v.name, v.editable])).toEqual([
      ["Squadra", false],
      ["Urgenti", true],
    ]);
    expect((await call(bruno, "GET", "/api/v1/views")).json().data.map((v: { name: string }) => v.name)).toEqual([
      "Squadra",
    ]);
    // Another agent's personal view does not exist for Bruno; a shared one is not his to change.
    expect((await call(bruno, "PATCH", `/api/v1/views/${mine.json().id}`, { name: "x" })).statusCode).toBe(404);
    expect((await call(bruno, "DELETE", `/api/v1/views/${shared.json().id}`)).statusCode).toBe(403);

    const renamed = await call(anna, "PATCH", `/api/v1/views/${mine.json().id}`, { name: "Da fare oggi" });
    expect(renamed.json().name).toBe("Da fare oggi");
    expect((await call(anna, "PATCH", `/api/v1/views/${mine.json().id}`, { shared: true })).statusCode).toBe(403);
    expect((await call(anna, "DELETE", `/api/v1/views/${mine.json().id}`)).statusCode).toBe(200);
    expect((await call(lead, "DELETE", `/api/v1/views/${shared.json().id}`)).statusCode).toBe(200);
    expect((await call(anna, "GET", "/api/v1/views")).json().data).toEqual([]);
    expect((await call(anna, "POST", "/api/v1/views", { name: " ", view: "mine" })).statusCode).toBe(400);
  });
});
