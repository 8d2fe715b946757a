import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent, buildTeam, buildWorkspace } from "../../test/factories";
import type { z } from "zod";
import type { ZCreateTicket } from "../../../shared/schemas";
import { apiClient } from "../../test/client";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";

type CreateTicketInput = z.input<typeof ZCreateTicket>;

describe.each(DATABASES)("tickets API on %s", (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(dialect);
  });
  afterAll(async () => env?.close());

  const call = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: unknown, token = env.adminToken) =>
    env.app.inject({ method, url, payload: payload as object, headers: env.auth(token) });
  // The typed client: answers parsed with the shared schemas, so `t.requester` and `ev.data` are typed.
  const api = () => apiClient(env);
  const newTicket = (over: Partial<CreateTicketInput> = {}) =>
    api().tickets.create({
      subject: "Ordine in ritardo",
      body_text: "Il mio ordine non è arrivato",
      requester: { email: "cliente@example.it" },
      ...over,
    });

  it("creates a ticket, finding or creating the requester by email", async () => {
    const t = await api().tickets.create({
      subject: "Macchina rotta",
      body_text: "La macchina non si accende",
      requester: { email: "Mario.Rossi@Example.it", name: "Mario Rossi" },
      priority: "high",
      tags: ["guasto"],
    });
    expect(t).toMatchObject({
      subject: "Macchina rotta",
      status: "new",
      priority: "high",
      channel: "api",
      tags: ["guasto"],
      requester: { email: "mario.rossi@example.it", name: "Mario Rossi" },
    });
    const again = await newTicket({ requester: { email: "mario.rossi@example.it" } });
    expect(again.requester?.id).toBe(t.requester?.id);
    expect(again.number).toBe(t.number + 1);
    const thread = await api().tickets.messages(t.number);
    expect(thread).toHaveLength(1);
    expect(thread[0]).toMatchObject({
      internal: false,
      author: { type: "customer" },
      body_text: "La macchina non si accende",
      reply_text: "La macchina non si accende",
    });
  });

  it("replies, notes and status changes update the ticket and its timeline", async () => {
    const t = await newTicket();
    const note = await api().tickets.reply(t.number, { body_text: "Controllare il corriere", internal: true });
    expect(note).toMatchObject({ internal: true, author: { type: "agent", id: env.admin.id } });
    expect(await api().tickets.get(t.number)).toMatchObject({ status: "new", first_response_at: null });
    const reply = await api().tickets.reply(t.number, {
      body_text: "<b>Ciao</b>, verifichiamo subito",
      body_html: "<p onclick='x()'>Ciao<script>alert(1)</script></p>",
      status: "pending",
    });
    expect(reply.body_html).toBe("<p>Ciao</p>");
    const after = await api().tickets.get(t.number);
    expect(after.status).toBe("pending");
    expect(after.first_response_at).not.toBeNull();
    const events = await api().tickets.events(t.number);
    expect(events.map((e) => e.type)).toEqual(["created", "status_changed"]);
    const changed = events[1];
    if (changed.type !== "status_changed") throw new Error(`unexpected ${changed.type}`);
    expect(changed.data).toEqual({ from: "new", to: "pending" }); // data typed by the event's kind
  });

  it("a priority change needs a reason and a source, which the timeline keeps with who did it", async () => {
    const t = await newTicket();
    const path = `/api/v1/tickets/${t.number}`;
    expect((await api().fail("PATCH", path, 400, { priority: "urgent" })).code).toBe("reason_required");
    expect(
      (await api().fail("PATCH", path, 400, { priority: "urgent", priority_reason: "production line stopped" })).code,
    ).toBe("reason_required");
    const ok = await api().tickets.update(t.number, {
      priority: "urgent",
      priority_reason: "production line stopped",
      priority_source: "incident",
    });
    expect(ok.priority).toBe("urgent");
    const ev = (await api().tickets.events(t.number)).at(-1);
    expect(ev).toMatchObject({
      type: "priority_changed",
      actor: { type: "agent", name: "Ada Admin" },
      data: { from: "normal", to: "urgent", reason: "production line stopped", source: "incident" },
    });
  });

  it("views, filters, counters and keyset pages agree", async () => {
    const agent = await buildAgent(env.rt.ctx.db, env.workspaceId, { name: "Anna" });
    const team = await buildTeam(env.rt.ctx.db, env.workspaceId, "Tecnico", [agent.id]);
    const annaToken = await tokenFor(env, agent.id);
    const before = (await call("GET", "/api/v1/tickets/counts", undefined, annaToken)).json();
    const mine = [];
    for (let i = 0; i < 5; i++)
      mine.push(await newTicket({ assignee_id: agent.id, team_id: team.id, tags: ["macchine"] }));
    await call("PATCH", `/api/v1/tickets/${mine[0].number}`, { status: "solved" });
    const counts = (await call("GET", "/api/v1/tickets/counts", undefined, annaToken)).json();
    expect(counts.mine - before.mine).toBe(4);
    expect(counts.my_teams - before.my_teams).toBe(4);
    expect(counts.solved - before.solved).toBe(1);
    const page1 = (await call("GET", "/api/v1/tickets?view=mine&limit=3", undefined, annaToken)).json();
    expect(page1.data).toHaveLength(3);
    const page2 = (
      await call("GET", `/api/v1/tickets?view=mine&limit=3&cursor=${page1.next_cursor}`, undefined, annaToken)
    ).json();
    expect(page2.data).toHaveLength(1);
    expect(page2.next_cursor).toBeNull();
    const seen = [...page1.data, ...page2.data].map((t: { number: number }) => t.number).sort();
    expect(seen).toEqual(
      mine
        .slice(1)
        .map((t) => t.number)
        .sort(),
    );
    const tagged = (await call("GET", "/api/v1/tickets?tag=macchine&limit=50")).json().data;
    expect(tagged).toHaveLength(5);
    // counters equal a real count
    const all = (await call("GET", "/api/v1/tickets?view=all_open&limit=200")).json().data.length;
    expect(counts.all_open).toBe(all);
  });

  it("merges tickets of the same customer only", async () => {
    const a = await newTicket({ requester: { email: "merge@example.it" } });
    const b = await newTicket({ requester: { email: "merge@example.it" } });
    const other = await newTicket({ requester: { email: "other@example.it" } });
    const refused = await call("POST", `/api/v1/tickets/${a.number}/merge`, { into: other.number });
    expect(refused.statusCode).toBe(409);
    const merged = await call("POST", `/api/v1/tickets/${a.number}/merge`, { into: b.number });
    expect(merged.statusCode).toBe(200);
    expect((await call("GET", `/api/v1/tickets/${b.number}/messages`)).json().data).toHaveLength(2);
    expect((await call("GET", `/api/v1/tickets/${a.number}`)).json()).toMatchObject({
      status: "closed",
      merged_into: b.number,
    });
    const write = await call("POST", `/api/v1/tickets/${a.number}/messages`, { body_text: "late" });
    expect(write.statusCode).toBe(409);
  });

  it("rejects bad input with JSON errors and never a 500", async () => {
    const cases: [string, string, unknown, number, string][] = [
      ["POST", "/api/v1/tickets", { subject: "" }, 400, "validation_error"],
      [
        "POST",
        "/api/v1/tickets",
        { subject: "x", body_text: "y", requester: { email: "not-an-email" } },
        400,
        "validation_error",
      ],
      [
        "POST",
        "/api/v1/tickets",
        { subject: "x", body_text: "y", requester: { email: "a@b.it" }, priority: "asap" },
        400,
        "validation_error",
      ],
      [
        "POST",
        "/api/v1/tickets",
        { subject: "x", body_text: "y", requester: { email: "a@b.it" }, assignee_id: 999999 },
        400,
        "invalid_assignee",
      ],
      ["GET", "/api/v1/tickets/999999", undefined, 404, "not_found"],
      ["GET", "/api/v1/tickets/abc", undefined, 400, "validation_error"],
      ["GET", "/api/v1/tickets?limit=5000", undefined, 400, "validation_error"],
      ["GET", "/api/v1/tickets?cursor=garbage", undefined, 400, "invalid_cursor"],
      ["PATCH", "/api/v1/tickets/1", {}, 400, "validation_error"],
      ["GET", "/api/v1/nowhere", undefined, 404, "not_found"],
    ];
    for (const [method, url, payload, status, code] of cases) {
      const r = await call(method as "GET", url, payload);
      expect({ url, status: r.statusCode, code: r.json().error?.code }).toEqual({ url, status, code });
      expect(typeof r.json().error.message).toBe("string");
    }
    const broken = await env.app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      headers: { ...env.auth(env.adminToken), "content-type": "application/json" },
      payload: "{not json",
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe("invalid_json");
  });

  it("hides other workspaces' tickets and requires authentication", async () => {
    const t = await newTicket();
    const other = await buildWorkspace(env.rt.ctx.db, { name: "Other" });
    const stranger = await buildAgent(env.rt.ctx.db, other.id, { role: "admin" });
    const strangerToken = await tokenFor({ ...env, workspaceId: other.id }, stranger.id);
    expect((await call("GET", `/api/v1/tickets/${t.number}`, undefined, strangerToken)).statusCode).toBe(404);
    expect((await env.app.inject({ method: "GET", url: "/api/v1/tickets" })).statusCode).toBe(401);
    const wrong = await env.app.inject({ method: "GET", url: "/api/v1/tickets", headers: env.auth("spt_wrong") });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe("invalid_token");
  });

  it("stores attachments by content hash and answers 413 above the limit", async () => {
    const up = await env.app.inject({
      method: "POST",
      url: "/api/v1/attachments?filename=foto.png",
      headers: { ...env.auth(env.adminToken), "content-type": "image/png" },
      payload: Buffer.from("fake png bytes"),
    });
    expect(up.statusCode).toBe(201);
    const t = await newTicket();
    const msg = await call("POST", `/api/v1/tickets/${t.number}/messages`, {
      body_text: "Vedi foto",
      attachment_ids: [up.json().id],
    });
    expect(msg.json().attachments[0]).toMatchObject({ filename: "foto.png", size: 14 });
    const dl = await call("GET", msg.json().attachments[0].url);
    expect(dl.body).toBe("fake png bytes");
    const big = await env.app.inject({
      method: "POST",
      url: "/api/v1/attachments?filename=big.bin",
      headers: { ...env.auth(env.adminToken), "content-type": "application/octet-stream" },
      payload: Buffer.alloc(env.config.attachmentMaxBytes + 1),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe("payload_too_large");
  });
});
