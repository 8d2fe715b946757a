import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { buildAgent } from "../../test/factories";
import { DIALECTS, type TestEnv, testEnv, tokenFor } from "../../test/harness";
import { waitFor } from "../../test/wait";
import { alertQuery } from "./alerts";
import { checkDue } from "./watcher";
import { joined } from "../../test/realtime";

const MIN = 60_000;

/** What the realtime hub pushes, as far as these tests read it. */
type Push = { type: string; ticket_number?: number; target?: string; due_at?: string | null; [key: string]: unknown };

/** A websocket of the agent app's kind that keeps what it receives. */
async function socket(port: number, token: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime?token=${token}`);
  const got: Push[] = [];
  ws.on("message", (d) => got.push(JSON.parse(d.toString())));
  await joined(ws);
  return { ws, got, sla: () => got.filter((m) => m.type === "sla.warning" || m.type === "sla.breached") };
}

// Warnings and breaches reach the assignee and the supervisors: live over the websocket, and afterwards in
// GET /api/v1/sla/alerts for whoever was not connected. The watcher's own check (checkDue) fires them.
describe.each(DIALECTS)("SLA alerts for the assignee and supervisors on %s", (mode) => {
  let env: TestEnv;
  let port: number;
  const tokens: Record<string, string> = {};
  const ids: Record<string, number> = {};
  const numbers: Record<string, number> = {};
  const as = (who: string, url: string) => env.app.inject({ method: "GET", url, headers: env.auth(tokens[who]) });

  beforeAll(async () => {
    env = await testEnv(mode, {}, { worker: false });
    await env.app.listen({ port: 0, host: "127.0.0.1" });
    port = (env.app.server.address() as AddressInfo).port;
    const db = env.rt.ctx.db;
    for (const [key, name, role] of [
      ["anna", "Anna Agente", "agent"],
      ["bruno", "Bruno Agente", "agent"],
      ["sara", "Sara Supervisore", "supervisor"],
    ] as const) {
      const a = await buildAgent(db, env.workspaceId, { name, role });
      ids[key] = a.id;
      tokens[key] = await tokenFor(env, a.id);
    }
    const create = async (key: string, assignee: number | null) => {
      const r = await env.app.inject({
        method: "POST",
        url: "/api/v1/tickets",
        headers: env.auth(env.adminToken),
        payload: {
          subject: `Caldaia ${key}`,
          body_text: "x",
          requester: { email: `${key}@alerts.test` },
          ...(assignee ? { assignee_id: assignee } : {}),
        },
      });
      expect(r.statusCode).toBe(201);
      numbers[key] = r.json().number;
      return r.json().id as number;
    };
    const past = Date.now() - MIN;
    // Anna's and Bruno's tickets reach their warning share; the unassigned one is already late.
    for (const [key, assignee] of [
      ["anna", ids.anna],
      ["bruno", ids.bruno],
    ] as const) {
      await db
        .updateTable("sla_clocks")
        .set({ warn_at: past })
        .where("ticket_id", "=", await create(key, assignee))
        .where("target", "=", "first_response")
        .execute();
    }
    await db
      .updateTable("sla_clocks")
      .set({ warn_at: past - MIN, due_at: past })
      .where("ticket_id", "=", await create("nobody", null))
      .where("target", "=", "first_response")
      .execute();
    await create("calm", ids.anna);
  });
  afterAll(async () => env?.close());

  it("pushes each warning and breach once, naming the assignee", async () => {
    const anna = await socket(port, tokens.anna);
    const sara = await socket(port, tokens.sara);
    await Promise.all([checkDue(env.rt.ctx), checkDue(env.rt.ctx)]);
    await checkDue(env.rt.ctx);
    // Each socket gets its push on its own: wait for both, not for the supervisor's alone.
    await waitFor(() => sara.sla().length >= 4 && anna.sla().some((m) => m.ticket_number === numbers.anna), {
      timeoutMs: 5000,
      what: "the supervisor's four pushes and the assignee's own",
    }).catch(() => {}); // on time-out, the assertions below say what is missing
    const seen = sara
      .sla()
      .map((m) => `${m.type} #${m.ticket_number} ${m.target} ${m.assignee_id}`)
      .sort();
    expect(seen).toEqual(
      [
        `sla.breached #${numbers.nobody} first_response null`,
        `sla.warning #${numbers.anna} first_response ${ids.anna}`,
        `sla.warning #${numbers.bruno} first_response ${ids.bruno}`,
        `sla.warning #${numbers.nobody} first_response null`,
      ].sort(),
    );
    expect(anna.sla().find((m) => m.ticket_number === numbers.anna)).toMatchObject({
      type: "sla.warning",
      subject: "Caldaia anna",
      assignee_id: ids.anna,
    });
    expect(Date.parse(anna.sla().find((m) => m.ticket_number === numbers.anna)?.due_at ?? "")).toBeGreaterThan(
      Date.now(),
    );
    anna.ws.close();
    sara.ws.close();
  });

  it("lists an agent's own alerts and everyone's for supervisors, until the target is met or paused", async () => {
    const mine = (await as("anna", "/api/v1/sla/alerts")).json();
    expect(mine.scope).toBe("mine");
    expect(mine.data).toEqual([
      {
        kind: "warning",
        ticket_number: numbers.anna,
        subject: "Caldaia anna",
        target: "first_response",
        due_at: expect.any(String),
        at: expect.any(String),
        assignee: { id: ids.anna, name: "Anna Agente" },
      },
    ]);
    expect(
      (await as("bruno", "/api/v1/sla/alerts")).json().data.map((a: { ticket_number: number }) => a.ticket_number),
    ).toEqual([numbers.bruno]);
    const forbidden = await as("anna", "/api/v1/sla/alerts?scope=all");
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe("forbidden");
    const all = (await as("sara", "/api/v1/sla/alerts")).json();
    expect(all.scope).toBe("all");
    expect(
      Object.fromEntries(all.data.map((a: { ticket_number: number; kind: string }) => [a.ticket_number, a.kind])),
    ).toEqual({
      [numbers.anna]: "warning",
      [numbers.bruno]: "warning",
      [numbers.nobody]: "breached",
    });
    expect((await as("sara", "/api/v1/sla/alerts?scope=mine")).json().data).toEqual([]);

    // Anna answers: her target is met and her alert goes. Bruno waits on the customer: paused, not listed.
    const reply = await env.app.inject({
      method: "POST",
      url: `/api/v1/tickets/${numbers.anna}/messages`,
      headers: env.auth(tokens.anna),
      payload: { body_text: "Arriviamo domani" },
    });
    expect(reply.statusCode).toBe(201);
    expect((await as("anna", "/api/v1/sla/alerts")).json().data).toEqual([]);
    await env.app.inject({
      method: "PATCH",
      url: `/api/v1/tickets/${numbers.bruno}`,
      headers: env.auth(tokens.bruno),
      payload: { status: "pending" },
    });
    expect((await as("bruno", "/api/v1/sla/alerts")).json().data).toEqual([]);
    expect(
      (await as("sara", "/api/v1/sla/alerts")).json().data.map((a: { ticket_number: number }) => a.ticket_number),
    ).toEqual([numbers.nobody]);
    // Exactly one timeline event per warning and breach, whatever the number of checks.
    const events = await env.rt.ctx.db
      .selectFrom("ticket_events")
      .select(["type"])
      .where("type", "in", ["sla_warning", "sla_breached"])
      .execute();
    expect(events.map((e) => e.type).sort()).toEqual(["sla_breached", "sla_warning", "sla_warning", "sla_warning"]);
  });

  it("reads the alerts through their partial index", async () => {
    const q = alertQuery(env.rt.ctx.db, env.workspaceId, null, 50).compile();
    const db = env.rt.ctx.db;
    const plan =
      mode === "sqlite"
        ? (await db.executeQuery<{ detail: string }>({ ...q, sql: `EXPLAIN QUERY PLAN ${q.sql}` })).rows
            .map((r) => r.detail)
            .join("\n")
        : await db.transaction().execute(async (trx) => {
            // The tables are tiny here: forbid sequential scans so the plan shows whether the index can serve.
            await sql`SET LOCAL enable_seqscan = off`.execute(trx);
            return (
              await trx.executeQuery<{ "QUERY PLAN": string }>({ ...q, sql: `EXPLAIN (COSTS OFF) ${q.sql}` })
            ).rows
              .map((r) => r["QUERY PLAN"])
              .join("\n");
          });
    expect(plan).toMatch(/sla_clocks_alerts/);
  });
});
