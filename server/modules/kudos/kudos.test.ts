import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { rooms } from "../../../shared/realtime";
import { buildAgent, buildTeam } from "../../test/factories";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";
import { joined, pushesArrived } from "../../test/realtime";
import { sendKudosDigests, weekStart } from "./digest";
import { createKudosFromRating } from "./kudos.service";

// Praise reaches the ticket's agents and their lead; testimonials exist only with the customer's recorded consent.
describe.each(DATABASES)("kudos and testimonials on %s", (mode) => {
  let env: TestEnv;
  let anna: Awaited<ReturnType<typeof buildAgent>>;
  let lead: Awaited<ReturnType<typeof buildAgent>>;
  let other: Awaited<ReturnType<typeof buildAgent>>;
  let annaToken: string;
  let leadToken: string;
  let number: number;
  beforeAll(async () => {
    env = await testEnv(mode, {}, { worker: false });
    const db = env.rt.ctx.db;
    anna = await buildAgent(db, env.workspaceId, { name: "Anna Conti", languages: ["it"] });
    lead = await buildAgent(db, env.workspaceId, { name: "Lia Capo", role: "supervisor", languages: ["en"] });
    other = await buildAgent(db, env.workspaceId, { name: "Otto Altro", role: "supervisor" });
    await buildTeam(db, env.workspaceId, "Primo livello", [anna.id, lead.id]);
    await buildTeam(db, env.workspaceId, "Altri", [other.id]);
    annaToken = await tokenFor(env, anna.id);
    leadToken = await tokenFor(env, lead.id);
    number = (
      await call("POST", "/api/v1/tickets", {
        subject: "Macchina riparata",
        body_text: "La macchina non scalda",
        requester: { email: "lucia@bar.it", name: "Lucia Bar" },
        assignee_id: anna.id,
      })
    ).json().number;
    await call("POST", `/api/v1/tickets/${number}/messages`, { body_text: "Arriva il tecnico domani" }, annaToken);
    await call("POST", `/api/v1/tickets/${number}/messages`, { body_text: "Nota interna", internal: true });
  });
  afterAll(async () => env?.close());

  function call(method: "GET" | "POST", url: string, payload?: unknown, token = env.adminToken) {
    return env.app.inject({ method, url, payload: payload as object, headers: env.auth(token) });
  }
  const messages = () =>
    env.rt.ctx.db
      .selectFrom("messages")
      .innerJoin("tickets", "tickets.id", "messages.ticket_id")
      .select(["messages.id", "messages.author_type", "messages.internal"])
      .where("tickets.number", "=", number)
      .where("tickets.workspace_id", "=", env.workspaceId)
      .orderBy("messages.id")
      .execute();

  it("marks a customer message as praise, for the ticket's agents, reaching them and their lead", async () => {
    // Agents may read the wall but only supervisors mark praise.
    expect((await call("POST", "/api/v1/kudos", { ticket_number: number }, annaToken)).statusCode).toBe(403);
    const agentMessage = (await messages()).find((m) => m.author_type === "agent")!;
    const refused = await call(
      "POST",
      "/api/v1/kudos",
      { ticket_number: number, message_id: agentMessage.id },
      leadToken,
    );
    expect(refused.json().error.code).toBe("not_customer_message");
    // The customer's first message is praise here; the whole workspace's open apps (a praise wall on a TV) hear of it.
    await env.app.listen({ port: 0, host: "127.0.0.1" });
    const port = (env.app.server.address() as AddressInfo).port;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime?token=${await tokenFor(env, other.id)}`);
    const pushed: { type: string; kudos_id?: number }[] = [];
    ws.on("message", (d) => pushed.push(JSON.parse(d.toString())));
    await joined(ws);
    const customerMessage = (await messages()).find((m) => m.author_type === "customer")!;
    const created = await call(
      "POST",
      "/api/v1/kudos",
      { ticket_number: number, message_id: customerMessage.id },
      leadToken,
    );
    expect(created.statusCode).toBe(201);
    await pushesArrived(env.rt, ws, rooms.workspace(env.workspaceId));
    expect(pushed.filter((m) => m.type === "kudos.created")).toEqual([
      { type: "kudos.created", kudos_id: created.json().id },
    ]);
    ws.close();
    expect(created.json()).toMatchObject({
      text: "La macchina non scalda",
      customer: { name: "Lucia Bar" },
      created_by: { name: "Lia Capo" },
      consent_status: "none",
    });
    expect(
      created
        .json()
        .agents.map((a: { name: string }) => a.name)
        .sort(),
    ).toEqual(["Anna Conti"]);
    expect(
      (await call("POST", "/api/v1/kudos", { ticket_number: number, message_id: customerMessage.id }, leadToken)).json()
        .error.code,
    ).toBe("already_praised");
    // Anna and her lead have it unread; the supervisor of another team does not.
    expect((await call("GET", "/api/v1/kudos/unread", undefined, annaToken)).json()).toEqual({ unread: 1 });
    expect((await call("GET", "/api/v1/kudos/unread", undefined, leadToken)).json()).toEqual({ unread: 1 });
    expect((await call("GET", "/api/v1/kudos/unread", undefined, await tokenFor(env, other.id))).json()).toEqual({
      unread: 0,
    });
    const mine = (await call("GET", "/api/v1/kudos?mine=true", undefined, annaToken)).json();
    expect(mine.data).toHaveLength(1);
    expect(mine.data[0].unread).toBe(true);
    expect((await call("POST", "/api/v1/kudos/read", undefined, annaToken)).json()).toEqual({ unread: 0 });
    expect((await call("GET", "/api/v1/kudos", undefined, annaToken)).json().data[0].unread).toBe(false);
  });

  it("a good rating with a comment becomes kudos once (the surveys module's entry point)", async () => {
    const ticket = await env.rt.ctx.db
      .selectFrom("tickets")
      .select("id")
      .where("workspace_id", "=", env.workspaceId)
      .where("number", "=", number)
      .executeTakeFirstOrThrow();
    const input = { workspaceId: env.workspaceId, ticketId: ticket.id, rating: 5, good: true, comment: "Velocissimi" };
    expect(await createKudosFromRating(env.rt.ctx, { ...input, good: false })).toBeNull();
    expect(await createKudosFromRating(env.rt.ctx, { ...input, comment: "  " })).toBeNull();
    const id = await createKudosFromRating(env.rt.ctx, input);
    expect(await createKudosFromRating(env.rt.ctx, { ...input, comment: "Velocissimi e gentili" })).toBe(id);
    const wall = (await call("GET", "/api/v1/kudos")).json().data;
    expect(wall.filter((k: { source: string }) => k.source === "rating")).toMatchObject([
      { text: "Velocissimi e gentili", rating: 5 },
    ]);
  });

  it("publishes a testimonial only with the customer's consent, storing its time and exact text", async () => {
    const [rating, message] = (await call("GET", "/api/v1/kudos")).json().data as { id: number; source: string }[];
    expect(rating.source).toBe("rating");
    expect((await call("GET", "/api/v1/testimonials")).json()).toEqual({ data: [] });
    expect((await call("POST", `/api/v1/kudos/${message.id}/consent-request`, undefined, leadToken)).json()).toEqual({
      ok: true,
    });
    expect(
      (await call("POST", `/api/v1/kudos/${message.id}/consent-request`, undefined, leadToken)).json().error.code,
    ).toBe("consent_already_asked");
    // Asked, not yet answered: still nothing to publish.
    expect((await call("GET", "/api/v1/testimonials")).json()).toEqual({ data: [] });
    const mail = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("kind", "=", "consent_request")
      .executeTakeFirstOrThrow();
    expect(mail.to_address).toBe("lucia@bar.it");
    expect(mail.subject).toBe("Possiamo citare le tue parole?");
    const token = /\/consent\/([A-Za-z0-9_-]+)/.exec(mail.body_text)![1];
    const pageHtml = (await env.app.inject({ method: "GET", url: `/consent/${token}` })).body;
    expect(pageHtml).toContain("La macchina non scalda");
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const agreed = await env.app.inject({
      method: "POST",
      url: `/consent/${token}`,
      payload: "answer=agree",
      headers: form,
    });
    expect(agreed.body).toContain("Abbiamo registrato il tuo consenso");
    // A second answer changes nothing.
    const again = await env.app.inject({
      method: "POST",
      url: `/consent/${token}`,
      payload: "answer=refuse",
      headers: form,
    });
    expect(again.body).toContain("Hai già risposto");
    const list = (await call("GET", "/api/v1/testimonials")).json().data;
    expect(list).toMatchObject([
      { id: message.id, customer_name: "Lucia Bar", text: "La macchina non scalda", language: "it" },
    ]);
    const stored = await env.rt.ctx.db
      .selectFrom("kudos")
      .select(["consent_status", "consent_text", "consent_answered_at"])
      .where("id", "=", message.id)
      .executeTakeFirstOrThrow();
    expect(stored.consent_status).toBe("agreed");
    expect(stored.consent_text).toContain("Acconsento a che Test pubblichi il testo seguente");
    expect(stored.consent_text).toContain("«La macchina non scalda»");
    expect(Number(stored.consent_answered_at)).toBeGreaterThan(Date.now() - 60_000);
    expect((await call("GET", "/api/v1/testimonials?format=csv")).body).toContain("Lucia Bar");
    // Agents cannot export testimonials.
    expect((await call("GET", "/api/v1/testimonials", undefined, annaToken)).statusCode).toBe(403);
    expect((await env.app.inject({ method: "GET", url: "/consent/not-a-real-token-at-all-000" })).body).toContain(
      "Questo link non è valido",
    );
  });

  it("sends last week's praise to every agent and leader once, in each one's language", async () => {
    const nextWeek = weekStart(Date.now()) + 7 * 86_400_000 + 3_600_000;
    const queued = await sendKudosDigests(env.rt.ctx, nextWeek);
    expect(queued).toBe(4); // Ada, Anna, Lia, Otto
    expect(await sendKudosDigests(env.rt.ctx, nextWeek)).toBe(0);
    const digests = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .select(["to_address", "subject", "body_text"])
      .where("kind", "=", "kudos_digest")
      .execute();
    const toLia = digests.find((d) => d.to_address === lead.email)!;
    expect(toLia.subject).toBe("This week's praise: 2");
    expect(toLia.body_text).toContain("La macchina non scalda");
    expect(digests.find((d) => d.to_address === anna.email)!.subject).toBe("Gli elogi della settimana: 2");
  });
});
