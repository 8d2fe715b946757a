import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rooms } from "../../../shared/realtime";
import { buildAgent } from "../../test/factories";
import { DIALECTS, type TestEnv, testEnv, tokenFor } from "../../test/harness";
import { settle } from "../../test/wait";
import { checkDue } from "../sla/watcher";
import { mentioned } from "./notifications.listener";
import { sendDigests } from "./digest";
import { notifyNow } from "./notifications.service";

describe("mentions in a note", () => {
  it("finds each colleague written as @Name, whole names only", () => {
    const agents = [
      { id: 1, name: "Anna Conti" },
      { id: 2, name: "Anna" },
      { id: 3, name: "Luca Romano" },
    ];
    expect(mentioned("@Anna Conti guarda tu, e @luca romano.", agents)).toEqual([1, 3]);
    expect(mentioned("scrivi a @Annalisa", agents)).toEqual([]);
    expect(mentioned("no mentions", agents)).toEqual([]);
  });
});

// The notification centre: assigned to you, a customer replied on your ticket (or one you follow), you were
// mentioned, an SLA warning or breach on your ticket; read one or all; how each kind reaches you.
describe.each(DIALECTS)("notifications API on %s", (mode) => {
  let env: TestEnv;
  let anna: { id: number };
  let annaToken: string;
  let marco: { id: number };
  let marcoToken: string;
  beforeAll(async () => {
    env = await testEnv(mode);
    anna = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent", name: "Anna Conti" });
    marco = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent", name: "Marco Neri" });
    annaToken = await tokenFor(env, anna.id);
    marcoToken = await tokenFor(env, marco.id);
    await env.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes",
      headers: env.auth(env.adminToken),
      payload: { address: "help@shop.it" },
    });
  });
  afterAll(async () => env?.close());

  const call = (method: "GET" | "PUT" | "POST" | "PATCH", url: string, payload?: unknown, token = env.adminToken) =>
    env.app.inject({ method, url, payload: payload as object, headers: env.auth(token) });
  const kinds = async (token: string) =>
    (await call("GET", "/api/v1/notifications", undefined, token))
      .json()
      .data.map((n: { kind: string; ticket_number: number }) => `${n.kind} #${n.ticket_number}`);

  it("tells the assignee, the followers of a customer's reply, and whoever a note mentions", async () => {
    const t = (
      await call("POST", "/api/v1/tickets", {
        subject: "Pacco perso",
        body_text: "Il pacco non è arrivato",
        requester: { email: "cliente@example.it", name: "Sara Gallo" },
      })
    ).json();
    // Assigned by the admin: Anna hears of it; Marco, who takes a ticket himself, does not.
    await call("PATCH", `/api/v1/tickets/${t.number}`, { assignee_id: anna.id });
    await call("PUT", `/api/v1/tickets/${t.number}/followers`, { agent_ids: [marco.id] });
    await call(
      "POST",
      `/api/v1/tickets/${t.number}/messages`,
      {
        body_text: "@Marco Neri puoi controllare il corriere?",
        internal: true,
      },
      annaToken,
    );
    // The customer replies (as email or the portal would): the assignee and the follower are told.
    const { addMessage } = await import("../tickets/tickets.service");
    await addMessage(
      env.rt.ctx,
      { kind: "customer", workspaceId: env.workspaceId, customerId: t.requester.id },
      t.number,
      {
        body_text: "Ci sono novità?",
        internal: false,
        attachment_ids: [],
      },
    );
    await settle(env.rt.ctx);
    // Listeners of different events may run in either order (several workers): compared as sets.
    const sorted = async (token: string) => ((await kinds(token)) as string[]).sort();
    await expect.poll(() => sorted(annaToken)).toEqual([`assigned #${t.number}`, `customer_replied #${t.number}`]);
    await expect.poll(() => sorted(marcoToken)).toEqual([`customer_replied #${t.number}`, `mentioned #${t.number}`]);
    const list = (await call("GET", "/api/v1/notifications", undefined, marcoToken)).json();
    expect(list.unread).toBe(2);
    const of = (kind: string) => list.data.find((n: { kind: string }) => n.kind === kind).payload;
    expect(of("mentioned")).toMatchObject({ by: "Anna Conti", subject: "Pacco perso" });
    expect(of("customer_replied")).toMatchObject({ customer: "Sara Gallo" });
    // Nobody is told of their own note, and the admin was told nothing.
    expect(await kinds(env.adminToken)).toEqual([]);
    // Taking a ticket yourself is no news.
    await call("PATCH", `/api/v1/tickets/${t.number}`, { assignee_id: marco.id }, marcoToken);
    await settle(env.rt.ctx);
    expect(await kinds(marcoToken)).toHaveLength(2);
  });

  it("marks one or all read, pushes the count to the agent's own room, and pages with before", async () => {
    const pushed: string[] = [];
    env.rt.ctx.hub.register({ audience: "agent", send: (d) => pushed.push(String(d)) });
    const first = (await call("GET", "/api/v1/notifications?unread=true", undefined, marcoToken)).json();
    const read = await call("POST", "/api/v1/notifications/read", { ids: [first.data[0].id] }, marcoToken);
    expect(read.json()).toEqual({ unread: 1 });
    const unread = (await call("GET", "/api/v1/notifications?unread=true", undefined, marcoToken)).json();
    expect(unread.data.map((n: { id: number }) => n.id)).toEqual([first.data[1].id]);
    // Someone else's notification ids change nothing of theirs.
    await call("POST", "/api/v1/notifications/read", { ids: [first.data[1].id] }, annaToken);
    expect((await call("GET", "/api/v1/notifications", undefined, marcoToken)).json().unread).toBe(1);
    expect((await call("POST", "/api/v1/notifications/read", { all: true }, marcoToken)).json()).toEqual({ unread: 0 });
    const page = (await call("GET", `/api/v1/notifications?before=${first.data[0].id}`, undefined, marcoToken)).json();
    expect(page.data.map((n: { id: number }) => n.id)).toEqual([first.data[1].id]);
    expect((await call("POST", "/api/v1/notifications/read", {}, marcoToken)).statusCode).toBe(400);
    expect(rooms.agent(env.workspaceId, marco.id)).toBe(`agent:${env.workspaceId}:${marco.id}`);
  });

  it("keeps each agent's delivery per kind, and emails a kind set to email", async () => {
    const before = (await call("GET", "/api/v1/notifications/settings", undefined, annaToken)).json();
    expect(before.settings).toMatchObject({ assigned: "in_app", mentioned: "in_app", sla_breached: "in_app" });
    const put = await call("PUT", "/api/v1/notifications/settings", { settings: { assigned: "email" } }, annaToken);
    expect(put.json().settings).toMatchObject({ assigned: "email", mentioned: "in_app" });
    expect((await call("PUT", "/api/v1/notifications/settings", { settings: { assigned: "sms" } })).statusCode).toBe(
      400,
    );
    await notifyNow(env.rt.ctx, {
      workspaceId: env.workspaceId,
      agentId: anna.id,
      kind: "assigned",
      payload: { subject: "Da email", by: "Ada Admin" },
    });
    const mail = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("kind", "=", "agent_notification")
      .execute();
    expect(mail.map((m) => [m.to_address, m.status])).toEqual([[expect.stringContaining("@"), "captured"]]);
    // In the workspace's language while Anna has chosen none, then in the one she chose in the app.
    expect(mail[0].subject).toMatch(/^\[Sportello\] Ada Admin ti ha assegnato #.*: Da email$/);
    expect(mail[0].body_text).toContain("Scegli quali notifiche ricevere per email:");
    const en = await call("PATCH", "/api/v1/me", { language: "en" }, annaToken);
    expect(en.json()).toMatchObject({ language: "en" });
    await notifyNow(env.rt.ctx, {
      workspaceId: env.workspaceId,
      agentId: anna.id,
      kind: "assigned",
      payload: { subject: "In English", by: null },
    });
    const [last] = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("kind", "=", "agent_notification")
      .orderBy("id", "desc")
      .limit(1)
      .execute();
    expect(last.subject).toMatch(/^\[Sportello\] #.* was assigned to you: In English$/);
    expect(last.body_text).toContain("Choose which notifications reach you by email:");
    await call("PATCH", "/api/v1/me", { language: "it" }, annaToken);
  });

  it("tells the assignee of an SLA breach on their ticket", async () => {
    const t = (
      await call("POST", "/api/v1/tickets", {
        subject: "In ritardo",
        body_text: "Aspetto da giorni",
        requester: { email: "lento@example.it" },
        assignee_id: anna.id,
      })
    ).json();
    const { id } = await env.rt.ctx.db
      .selectFrom("tickets")
      .select("id")
      .where("number", "=", t.number)
      .where("workspace_id", "=", env.workspaceId)
      .executeTakeFirstOrThrow();
    await env.rt.ctx.db
      .updateTable("sla_clocks")
      .set({ warn_at: Date.now() - 120_000, warned_at: Date.now(), due_at: Date.now() - 60_000 })
      .where("ticket_id", "=", id)
      .where("target", "=", "first_response")
      .execute();
    await checkDue(env.rt.ctx);
    expect(await kinds(annaToken)).toContain(`sla_breached #${t.number}`);
  });

  it("gathers digest kinds into one email a day, and tells an agent of a ticket created already theirs", async () => {
    await call("PUT", "/api/v1/notifications/settings", { settings: { mentioned: "digest" } }, marcoToken);
    for (const excerpt of ["uno", "due"])
      await notifyNow(env.rt.ctx, {
        workspaceId: env.workspaceId,
        agentId: marco.id,
        kind: "mentioned",
        payload: { subject: `Nota ${excerpt}`, by: "Anna Conti", excerpt },
      });
    const digests = () =>
      env.rt.ctx.db.selectFrom("mail_outbox").selectAll().where("subject", "like", "[Sportello] Riepilogo%").execute();
    // Not a day old yet: nothing; a day later: one email with both, then nothing more.
    expect(await sendDigests(env.rt.ctx)).toBe(0);
    expect(await sendDigests(env.rt.ctx, Date.now() + 25 * 3_600_000)).toBe(1);
    expect(await sendDigests(env.rt.ctx, Date.now() + 25 * 3_600_000)).toBe(0);
    const [mail] = await digests();
    // Marco's earlier mention (test one), never emailed, comes with them.
    expect(mail.subject).toBe("[Sportello] Riepilogo: 3 notifiche");
    expect(mail.body_text).toContain("- Anna Conti ti ha menzionato su #: uno\n");
    expect(mail.body_text).toContain("- Anna Conti ti ha menzionato su #: due\n");

    const t = (
      await call("POST", "/api/v1/tickets", {
        subject: "Chiamata per Marco",
        body_text: "Richiamare il cliente",
        requester: { email: "chiamata@example.it" },
        channel: "phone",
        assignee_id: marco.id,
      })
    ).json();
    await settle(env.rt.ctx);
    expect(await kinds(marcoToken)).toContain(`assigned #${t.number}`);
  });
});
