import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCustomer, buildOrganization, buildTicket } from "../../test/factories";
import { DATABASES, type TestEnv, testEnv } from "../../test/harness";

// Problems: the customers, organizations and annual revenue behind a product issue, and one notice when fixed.
describe.each(DATABASES)("problems on %s", (mode) => {
  let env: TestEnv;
  const numbers: Record<string, number> = {};
  beforeAll(async () => {
    env = await testEnv(mode, {}, { worker: false });
    const db = env.rt.ctx.db;
    const ws = env.workspaceId;
    const bar = await buildOrganization(db, ws, { name: "Bar Centrale", annual_revenue: 120_000 });
    const hotel = await buildOrganization(db, ws, { name: "Hotel Lago", annual_revenue: 2_500_000 });
    await buildOrganization(db, ws, { name: "Nessuno", annual_revenue: 999_999 });
    const people = {
      luca: await buildCustomer(db, ws, {
        email: "luca@bar.it",
        name: "Luca Romano",
        language: "it",
        organization_id: bar.id,
      }),
      sara: await buildCustomer(db, ws, {
        email: "sara@bar.it",
        name: "Sara Neri",
        language: "it",
        organization_id: bar.id,
      }),
      john: await buildCustomer(db, ws, {
        email: "john@hotel.com",
        name: "John Lake",
        language: "en",
        organization_id: hotel.id,
      }),
      solo: await buildCustomer(db, ws, { email: "solo@gmail.com", name: "Solo Privato", language: "en" }),
    };
    const t = (
      key: string,
      who: keyof typeof people,
      extra: { status?: "solved"; subject?: string; body?: string } = {},
    ) =>
      buildTicket(env.rt.ctx, env.admin.actor, {
        subject: extra.subject ?? "La app non sincronizza gli ordini",
        body: extra.body ?? "Da stamattina la sincronizzazione degli ordini con la cassa non funziona",
        requester: { email: people[who].email, name: people[who].name ?? undefined },
        tags: ["app-cassa"],
        status: extra.status,
      }).then((x) => (numbers[key] = x.number));
    await t("luca1", "luca");
    await t("luca2", "luca");
    await t("sara", "sara");
    await t("john", "john", {
      subject: "Orders do not sync with the till",
      body: "Since this morning orders sync fails, sincronizzazione ordini",
    });
    await t("solo", "solo", { status: "solved" });
    await t("other", "solo", { subject: "Fattura errata", body: "La fattura di novembre ha un importo sbagliato" });
  });
  afterAll(async () => env?.close());

  const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: unknown) =>
    env.app.inject({ method, url, payload: payload as object, headers: env.auth(env.adminToken) });

  it("suggests the group of recent tickets with the same tags and similar words", async () => {
    const groups = (await call("GET", "/api/v1/problems/suggestions")).json().data;
    expect(groups[0].tags).toEqual(["app-cassa"]);
    expect(groups[0].tickets.map((t: { number: number }) => t.number).sort((a: number, b: number) => a - b)).toEqual(
      [numbers.luca1, numbers.luca2, numbers.sara, numbers.john, numbers.solo].sort((a, b) => a - b),
    );
  });

  it("counts the customers, organizations and annual revenue a problem affects", async () => {
    const created = await call("POST", "/api/v1/problems", {
      title: "Sincronizzazione ordini con la cassa",
      tracker_url: "https://tracker.example.it/issues/481",
      tracker_status: "in progress",
      ticket_numbers: [numbers.luca1],
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({
      customers_affected: 1,
      organizations_affected: 1,
      revenue_affected: 120_000,
    });
    const bad = await call("POST", `/api/v1/problems/${id}/tickets`, { ticket_numbers: [numbers.sara, 999_999] });
    expect(bad.json().error.code).toBe("unknown_tickets");
    const all = [numbers.luca1, numbers.luca2, numbers.sara, numbers.john, numbers.solo];
    const added = (await call("POST", `/api/v1/problems/${id}/tickets`, { ticket_numbers: all })).json();
    // Luca twice and Sara are one organization: its revenue counts once; the private customer has none.
    expect(added).toMatchObject({
      tickets_count: 5,
      customers_affected: 4,
      organizations_affected: 2,
      revenue_affected: 2_620_000,
    });
    const changed = (await call("PATCH", `/api/v1/problems/${id}`, { tracker_status: "done" })).json();
    expect(changed.timeline.map((e: { type: string }) => e.type)).toEqual([
      "created",
      "tickets_added",
      "tickets_added",
      "changed",
    ]);
    expect(changed.timeline[3].data).toEqual({ tracker_status: { from: "in progress", to: "done" } });
    expect((await call("GET", "/api/v1/problems")).json().data[0]).toMatchObject({ id, revenue_affected: 2_620_000 });
  });

  it("tells every affected customer once, in their language, and solves their tickets when asked", async () => {
    const id = (await call("GET", "/api/v1/problems")).json().data[0].id;
    const res = await call("POST", `/api/v1/problems/${id}/notify`, { solve: true, note_en: "Update the app to 2.4." });
    expect(res.json()).toEqual({ notified: 4, solved: 4 });
    const detail = (await call("GET", `/api/v1/problems/${id}`)).json();
    expect(detail.status).toBe("fixed");
    expect(detail.tickets.every((t: { status: string }) => t.status === "solved")).toBe(true);
    const replies = await env.rt.ctx.db
      .selectFrom("messages")
      .innerJoin("tickets", "tickets.id", "messages.ticket_id")
      .select(["tickets.number", "messages.body_text"])
      .where("messages.author_type", "=", "agent")
      .where("tickets.workspace_id", "=", env.workspaceId)
      .execute();
    // One reply per customer with an open ticket: on Luca's latest, Sara's and John's (in English, with the note).
    expect(replies.map((r) => r.number).sort((a, b) => a - b)).toEqual(
      [numbers.luca2, numbers.sara, numbers.john].sort((a, b) => a - b),
    );
    const john = replies.find((r) => r.number === numbers.john)!.body_text;
    expect(john).toContain('the problem you told us about ("Sincronizzazione ordini con la cassa") is fixed');
    expect(john).toContain("Update the app to 2.4.");
    expect(replies.find((r) => r.number === numbers.sara)!.body_text).toContain("è stato risolto");
    // The customer whose ticket was already solved gets a notice through the outbox instead.
    const notices = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .select(["to_address", "subject"])
      .where("kind", "=", "problem_fixed")
      .execute();
    expect(notices).toEqual([{ to_address: "solo@gmail.com", subject: "Fixed: Sincronizzazione ordini con la cassa" }]);
  });
});
