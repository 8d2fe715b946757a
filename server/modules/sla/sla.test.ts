import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDefaultCalendar } from "../calendars/calendars.service";
import { DIALECTS, type TestEnv, testEnv } from "../../test/harness";
import { ensureDefaultPolicy } from "./policies.service";
import { fireBreaches, fireWarnings } from "./watcher";

const MIN = 60_000;

describe.each(DIALECTS)("SLA clocks on %s", (mode) => {
  let env: TestEnv;
  const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
    env.app.inject({ method, url, payload, headers: env.auth(env.adminToken) });
  const ticket = async (n: number) => (await call("GET", `/api/v1/tickets/${n}`)).json();

  beforeAll(async () => {
    env = await testEnv(mode, {}, { worker: false });
    const db = env.rt.ctx.db;
    await ensureDefaultCalendar(db, env.workspaceId);
    await ensureDefaultPolicy(db, env.workspaceId);
    // A 24/7 calendar and a policy for the "Premium" plan make the expected due times plain arithmetic.
    const allDay = [{ start: "00:00", end: "24:00" }];
    const cal = await db
      .insertInto("calendars")
      .values({
        workspace_id: env.workspaceId,
        name: "24/7",
        timezone: "Europe/Rome",
        weekly: JSON.stringify({ 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay, 7: allDay }),
        country: null,
        closures: "[]",
        is_default: 0,
        created_at: Date.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("sla_policies")
      .values({
        workspace_id: env.workspaceId,
        name: "Premium",
        plan_name: "Premium",
        priority: null,
        calendar_id: cal.id,
        first_response_minutes: 60,
        next_response_minutes: 30,
        resolution_minutes: 600,
        pause_on_hold: 0,
        position: 1,
        created_at: Date.now(),
      })
      .execute();
    const org = await db
      .insertInto("organizations")
      .values({
        workspace_id: env.workspaceId,
        name: "Bar Centrale",
        plan_name: "Premium",
        plan_tier: 3,
        annual_revenue: null,
        account_owner_id: null,
        created_at: Date.now(),
        updated_at: Date.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("customers")
      .values({
        workspace_id: env.workspaceId,
        email: "luca@bar.it",
        name: "Luca",
        phone: null,
        language: "it",
        organization_id: org.id,
        external_id: null,
        created_at: Date.now(),
        updated_at: Date.now(),
      })
      .execute();
  });
  afterAll(async () => env?.close());

  it("gives every ticket its promise from the plan's policy, or the default one", async () => {
    const premium = (
      await call("POST", "/api/v1/tickets", { subject: "Premium", body_text: "x", requester: { email: "luca@bar.it" } })
    ).json();
    const created = Date.parse(premium.created_at);
    expect(Date.parse(premium.sla.first_response.due_at)).toBe(created + 60 * MIN);
    expect(Date.parse(premium.sla.resolution.due_at)).toBe(created + 600 * MIN);
    // Warnings at 80% of each target by default.
    expect(Date.parse(premium.sla.first_response.warn_at)).toBe(created + 48 * MIN);
    expect(Date.parse(premium.sla.resolution.warn_at)).toBe(created + 480 * MIN);
    expect(premium.sla.first_response).toMatchObject({ paused: false, met_at: null, breached: false });
    const standard = (
      await call("POST", "/api/v1/tickets", {
        subject: "Standard",
        body_text: "x",
        requester: { email: "nobody@x.it" },
      })
    ).json();
    expect(standard.sla.first_response.due_at).not.toBeNull();
    expect(standard.sla).toHaveProperty("resolution");
  });

  it("meets the first response on a public reply, pauses while pending and resumes exactly", async () => {
    const t = (
      await call("POST", "/api/v1/tickets", { subject: "Pausa", body_text: "x", requester: { email: "luca@bar.it" } })
    ).json();
    await call("POST", `/api/v1/tickets/${t.number}/messages`, { body_text: "nota", internal: true });
    expect((await ticket(t.number)).sla.first_response.met_at).toBeNull();
    await call("POST", `/api/v1/tickets/${t.number}/messages`, { body_text: "risposta", status: "pending" });
    const pending = await ticket(t.number);
    expect(pending.sla.first_response.met_at).not.toBeNull();
    expect(pending.sla.resolution).toMatchObject({ paused: true, due_at: null });
    // Pretend the ticket waited on the customer for a while: the clock must not have run meanwhile.
    const clock = await env.rt.ctx.db
      .selectFrom("sla_clocks")
      .selectAll()
      .where("ticket_id", "=", t.id)
      .where("target", "=", "resolution")
      .executeTakeFirstOrThrow();
    const consumedBefore = clock.consumed_minutes;
    expect(consumedBefore).toBeLessThan(1);
    const before = Date.now();
    // The customer writes again: status back to open, the resolution clock resumes with what was left,
    // and the next-response clock starts.
    const { addMessage } = await import("../tickets/tickets.service");
    const customer = await env.rt.ctx.db
      .selectFrom("customers")
      .select("id")
      .where("email", "=", "luca@bar.it")
      .executeTakeFirstOrThrow();
    await addMessage(
      env.rt.ctx,
      { kind: "customer", workspaceId: env.workspaceId, customerId: customer.id },
      t.number,
      { body_text: "ancora io", internal: false, attachment_ids: [] },
    );
    const resumed = await ticket(t.number);
    expect(resumed.status).toBe("open");
    const due = Date.parse(resumed.sla.resolution.due_at);
    expect(due).toBeGreaterThanOrEqual(before + (600 - consumedBefore) * MIN - 1000);
    expect(due).toBeLessThanOrEqual(Date.now() + 600 * MIN);
    expect(Date.parse(resumed.sla.next_response.due_at)).toBeGreaterThanOrEqual(before + 30 * MIN);
    await call("PATCH", `/api/v1/tickets/${t.number}`, { status: "solved" });
    expect((await ticket(t.number)).sla.resolution.met_at).not.toBeNull();
  });

  it("warns once before a breach and tells the agents' room", async () => {
    const t = (
      await call("POST", "/api/v1/tickets", { subject: "Quasi", body_text: "x", requester: { email: "luca@bar.it" } })
    ).json();
    await env.rt.ctx.db
      .updateTable("sla_clocks")
      .set({ warn_at: Date.now() - MIN })
      .where("ticket_id", "=", t.id)
      .where("target", "=", "first_response")
      .execute();
    const notified: number[] = [];
    const notify = async (w: { ticket_id: number }) => void notified.push(w.ticket_id);
    const fired = await Promise.all([
      fireWarnings(env.rt.ctx.db, Date.now(), notify),
      fireWarnings(env.rt.ctx.db, Date.now(), notify),
    ]);
    expect(fired.reduce((a, b) => a + b, 0)).toBe(1);
    expect(notified).toEqual([t.id]);
    const events = (await call("GET", `/api/v1/tickets/${t.number}/events`))
      .json()
      .data.filter((e: { type: string }) => e.type === "sla_warning");
    expect(events).toHaveLength(1);
    expect((await ticket(t.number)).sla.first_response).toMatchObject({ warned: true, breached: false });
  });

  it("lets supervisors define policies by plan and priority through the API", async () => {
    const cal = (await call("GET", "/api/v1/calendars")).json().data[0];
    const created = await call("POST", "/api/v1/sla/policies", {
      name: "Urgenti",
      priority: "urgent",
      calendar_id: cal.id,
      first_response_minutes: 30,
      resolution_minutes: 240,
      position: 0,
    });
    expect(created.statusCode).toBe(201);
    const list = (await call("GET", "/api/v1/sla/policies")).json().data;
    expect(list[0]).toMatchObject({ name: "Urgenti", priority: "urgent", warn_percent: 80 });
    expect((await call("POST", "/api/v1/sla/policies", { name: "x", calendar_id: 999999 })).json().error.code).toBe(
      "invalid_calendar",
    );
    expect(
      (await call("PATCH", `/api/v1/sla/policies/${created.json().id}`, { warn_percent: 75 })).json().warn_percent,
    ).toBe(75);
  });

  it("chooses a policy by channel: an email and a web ticket of the same plan get different targets", async () => {
    const allDay = (await call("GET", "/api/v1/calendars"))
      .json()
      .data.find((c: { name: string }) => c.name === "24/7");
    const created = await call("POST", "/api/v1/sla/policies", {
      name: "Premium web",
      plan_name: "Premium",
      channel: "web",
      calendar_id: allDay.id,
      first_response_minutes: 15,
      resolution_minutes: 120,
      position: 0,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ plan_name: "Premium", channel: "web" });
    expect(
      (await call("GET", "/api/v1/sla/policies")).json().data.find((p: { name: string }) => p.name === "Premium"),
    ).toMatchObject({ channel: null });
    expect(
      (await call("POST", "/api/v1/sla/policies", { name: "x", channel: "fax", calendar_id: allDay.id })).json().error
        .code,
    ).toBe("validation_error");
    const email = (
      await call("POST", "/api/v1/tickets", {
        subject: "Da email",
        body_text: "x",
        channel: "email",
        requester: { email: "luca@bar.it" },
      })
    ).json();
    const web = (
      await call("POST", "/api/v1/tickets", {
        subject: "Dal sito",
        body_text: "x",
        channel: "web",
        requester: { email: "luca@bar.it" },
      })
    ).json();
    expect(Date.parse(email.sla.first_response.due_at) - Date.parse(email.created_at)).toBe(60 * MIN);
    expect(Date.parse(web.sla.first_response.due_at) - Date.parse(web.created_at)).toBe(15 * MIN);
    expect(Date.parse(web.sla.resolution.due_at) - Date.parse(web.created_at)).toBe(120 * MIN);
    // Changed to any channel, the policy takes the email tickets too.
    expect(
      (await call("PATCH", `/api/v1/sla/policies/${created.json().id}`, { channel: null })).json().channel,
    ).toBeNull();
    const after = (
      await call("POST", "/api/v1/tickets", {
        subject: "Ancora email",
        body_text: "x",
        channel: "email",
        requester: { email: "luca@bar.it" },
      })
    ).json();
    expect(Date.parse(after.sla.first_response.due_at) - Date.parse(after.created_at)).toBe(15 * MIN);
  });

  it("records a breach once, even when several workers look at the same moment", async () => {
    const t = (
      await call("POST", "/api/v1/tickets", { subject: "Tardi", body_text: "x", requester: { email: "luca@bar.it" } })
    ).json();
    await env.rt.ctx.db
      .updateTable("sla_clocks")
      .set({ due_at: Date.now() - MIN })
      .where("ticket_id", "=", t.id)
      .where("target", "=", "first_response")
      .execute();
    const fired = await Promise.all([
      fireBreaches(env.rt.ctx.db),
      fireBreaches(env.rt.ctx.db),
      fireBreaches(env.rt.ctx.db),
    ]);
    expect(fired.reduce((a, b) => a + b, 0)).toBe(1);
    const events = (await call("GET", `/api/v1/tickets/${t.number}/events`))
      .json()
      .data.filter((e: { type: string }) => e.type === "sla_breached");
    expect(events).toHaveLength(1);
    expect(events[0].data.target).toBe("first_response");
    expect((await ticket(t.number)).sla.first_response.breached).toBe(true);
  });
});
