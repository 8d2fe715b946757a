import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/index";
import { migrateToLatest, migrator } from "../../db/migrate";
import { ownersMatching, planWords } from "../customers/customers.queries";
import { queryPrefixes } from "../customers/directory-words";
import { apiClient } from "../../test/client";
import { buildCustomer, buildWorkspace } from "../../test/factories";
import { DATABASES, type TestEnv, testEnv } from "../../test/harness";

// Finding people and their tickets (issue 19): the directories' ?q=, the profiles, and the search by requester
// name and email, organization and number, with the reasons each result was found.
describe.each(DATABASES)("directory search and profiles on %s", (dialect) => {
  let env: TestEnv;
  let api: ReturnType<typeof apiClient>;
  let bar: { id: number };
  let luca: { id: number };
  let nicolo: { id: number };
  const numbers: Record<string, number> = {};
  beforeAll(async () => {
    env = await testEnv(dialect);
    api = apiClient(env);
    bar = await api.organizations.create({ name: "Bar Centrale", plan_name: "Premium", plan_tier: 3 });
    await api.organizations.create({ name: "Ferramenta Bianchi" });
    luca = await api.customers.create({
      email: "luca.romano@barcentrale.it",
      name: "Luca Romano",
      phone: "+39 333 1234567",
      organization_id: bar.id,
    });
    nicolo = await api.customers.create({ email: "n.ferri@example.it", name: "Nicolò Ferri", phone: "02 987654" });
    await api.customers.create({ email: "giulia@example.it", name: "Giulia Romani" });
    const create = async (key: string, subject: string, email: string, body = "Buongiorno, vi scrivo.") =>
      (numbers[key] = (await api.tickets.create({ subject, body_text: body, requester: { email } })).number);
    await create("luca1", "Macchina del caffè rotta", "luca.romano@barcentrale.it");
    await create("luca2", "Fattura di marzo", "luca.romano@barcentrale.it");
    await create("nicolo", "Consegna in ritardo", "n.ferri@example.it", "Il pacco per Luca non è arrivato");
    // A requester created by the ticket itself is found by name too.
    numbers.new = (
      await api.tickets.create({
        subject: "Domanda",
        body_text: "Una domanda",
        requester: { email: "sara.conti@example.it", name: "Sara Conti" },
      })
    ).number;
    await api.tickets.update(numbers.luca2, { status: "solved" });
  });
  afterAll(async () => env?.close());

  it("finds customers by the start of a word of their name, email or phone, accents ignored, page by page", async () => {
    const names = async (q: string) => (await api.customers.list({ q })).data.map((c) => c.name);
    expect(await names("romano")).toEqual(["Luca Romano"]);
    expect(await names("Rom")).toEqual(["Luca Romano", "Giulia Romani"]);
    expect(await names("luca rom")).toEqual(["Luca Romano"]);
    expect(await names("nicolo")).toEqual(["Nicolò Ferri"]);
    expect(await names("NICOLÒ")).toEqual(["Nicolò Ferri"]);
    expect(await names("luca.romano@barc")).toEqual(["Luca Romano"]);
    expect(await names("barcentrale.it")).toEqual(["Luca Romano"]);
    expect(await names("+39 333")).toEqual(["Luca Romano"]);
    expect(await names("3331234")).toEqual(["Luca Romano"]);
    expect(await names("02 9876")).toEqual(["Nicolò Ferri"]);
    expect(await names("zorro")).toEqual([]);
    // Every word must match: "luca" is Luca's, "ferri" is Nicolò's.
    expect(await names("luca ferri")).toEqual([]);
    const page1 = await api.customers.list({ q: "example", limit: 1 });
    expect(page1.data).toHaveLength(1);
    expect(page1.next_cursor).not.toBeNull();
    const page2 = await api.customers.list({ q: "example", limit: 1, cursor: page1.next_cursor ?? undefined });
    expect(page2.data[0].id).toBeGreaterThan(page1.data[0].id);
    // The filters of before still hold, with or without q.
    expect((await api.customers.list({ q: "luca", organization_id: bar.id })).data.map((c) => c.id)).toEqual([luca.id]);
    expect((await api.customers.list({ q: "nicolo", organization_id: bar.id })).data).toEqual([]);
  });

  it("finds organizations by their name, its words run together too", async () => {
    const names = async (q: string) => (await api.organizations.list({ q })).data.map((o) => o.name);
    expect(await names("centr")).toEqual(["Bar Centrale"]);
    expect(await names("barcentrale")).toEqual(["Bar Centrale"]);
    expect(await names("bianchi ferr")).toEqual(["Ferramenta Bianchi"]);
    expect((await api.organizations.list({})).data.length).toBeGreaterThanOrEqual(2);
  });

  it("follows renames and deletions", async () => {
    const c = await api.customers.create({ email: "temp@rename.it", name: "Ottavio Primo" });
    expect((await api.customers.list({ q: "ottavio" })).data).toHaveLength(1);
    await api.customers.update(c.id, { name: "Settimio Secondo", email: "nuovo@rename.it" });
    expect((await api.customers.list({ q: "ottavio" })).data).toEqual([]);
    expect((await api.customers.list({ q: "temp@" })).data).toEqual([]);
    expect((await api.customers.list({ q: "settimio" })).data.map((x) => x.id)).toEqual([c.id]);
    expect((await api.customers.list({ q: "nuovo@rename" })).data.map((x) => x.id)).toEqual([c.id]);
    await api.customers.remove(c.id);
    expect((await api.customers.list({ q: "settimio" })).data).toEqual([]);
    const o = await api.organizations.create({ name: "Gelateria Aurora" });
    await api.organizations.update(o.id, { name: "Pasticceria Aurora" });
    expect((await api.organizations.list({ q: "gelateria" })).data).toEqual([]);
    expect((await api.organizations.list({ q: "pasticceria" })).data.map((x) => x.id)).toEqual([o.id]);
    await api.organizations.remove(o.id);
    expect((await api.organizations.list({ q: "aurora" })).data).toEqual([]);
  });

  it("gives a customer's profile: organization and plan, tickets counted, notes kept", async () => {
    const p = await api.customers.profile(luca.id);
    expect(p.customer).toMatchObject({ name: "Luca Romano", phone: "+39 333 1234567", notes: null });
    expect(p.organization).toMatchObject({ name: "Bar Centrale", support_plan: { name: "Premium", tier: 3 } });
    expect(p.tickets).toEqual({ total: 2, open: 1, solved: 1 });
    const noted = await api.customers.update(luca.id, { notes: "Preferisce essere chiamato al mattino." });
    expect(noted.notes).toBe("Preferisce essere chiamato al mattino.");
    expect((await api.customers.profile(luca.id)).customer.notes).toBe("Preferisce essere chiamato al mattino.");
    expect((await api.customers.profile(nicolo.id)).organization).toBeNull();
    expect((await api.fail("GET", "/api/v1/customers/999999/profile", 404)).code).toBe("not_found");
    // A wrong email is refused with a code the app translates.
    const bad = await api.fail("PATCH", `/api/v1/customers/${luca.id}`, 400, { email: "not an email" });
    expect(bad.code).toBeTruthy();
    const org = await api.organizations.profile(bar.id);
    expect(org).toMatchObject({ customers: 1, tickets: { total: 2, open: 1, solved: 1 } });
    expect((await api.organizations.update(bar.id, { notes: "Cliente dal 2019" })).notes).toBe("Cliente dal 2019");
  });

  it("searches tickets by requester name and email, organization and number, saying why", async () => {
    const hits = async (q: string) =>
      (await api.search({ q })).data.map((h) => ({ number: h.ticket.number, matched: h.matched }));

    // A name: Luca's tickets first (newest first), then the ticket whose message names him.
    // His address holds both words too ("luca.romano@…").
    expect(await hits("Luca Romano")).toEqual([
      { number: numbers.luca2, matched: ["requester_name", "requester_email"] },
      { number: numbers.luca1, matched: ["requester_name", "requester_email"] },
    ]);
    const luca = await hits("luca");
    expect(luca.slice(0, 2).map((h) => h.number)).toEqual([numbers.luca2, numbers.luca1]);
    expect(luca[0].matched).toEqual(["requester_name", "requester_email"]);
    expect(luca[2]).toEqual({ number: numbers.nicolo, matched: ["body"] });
    expect(await hits("nicolo ferri")).toEqual([{ number: numbers.nicolo, matched: ["requester_name"] }]);
    expect(await hits("Sara Conti")).toEqual([{ number: numbers.new, matched: ["requester_name", "requester_email"] }]);

    // An email, whole or in part.
    expect(await hits("luca.romano@barcentrale.it")).toEqual([
      { number: numbers.luca2, matched: ["requester_email"] },
      { number: numbers.luca1, matched: ["requester_email"] },
    ]);
    expect((await hits("n.ferri@")).map((h) => h.number)).toEqual([numbers.nicolo]);

    // An organization, by its name or its name run together (as in its domain).
    for (const q of ["Bar Centrale", "barcentrale"]) {
      const org = await hits(q);
      expect(org.map((h) => h.number)).toEqual([numbers.luca2, numbers.luca1]);
      expect(org[0].matched).toContain("organization");
    }

    // A number, with or without "#", puts that ticket first.
    for (const q of [String(numbers.nicolo), `#${numbers.nicolo}`]) {
      const byNumber = await hits(q);
      expect(byNumber[0]).toEqual({ number: numbers.nicolo, matched: ["number"] });
    }
    expect(await hits("#999999")).toEqual([]);

    // Words of the text, stemmed and folded as before, say where they matched.
    expect(await hits("caffe")).toEqual([{ number: numbers.luca1, matched: ["subject"] }]);
    expect(await hits("consegne")).toEqual([{ number: numbers.nicolo, matched: ["subject"] }]);
    expect(await hits("pacco")).toEqual([{ number: numbers.nicolo, matched: ["body"] }]);

    // Filters apply to every kind of match.
    const open = (await api.search({ q: "Luca Romano", status: "solved" })).data.map((h) => h.ticket.number);
    expect(open).toEqual([numbers.luca2]);
    // One letter alone names nobody.
    expect((await api.search({ q: "l" })).data).toEqual([]);
  });

  it("finds the tickets of a name hundreds of customers share among the recent tickets", async () => {
    // A word so common (over a thousand of its words: name, address, both run together) that the customers are
    // not listed: the newest tickets are checked instead.
    const many = [];
    for (let i = 0; i < 260; i++)
      many.push(
        await buildCustomer(env.rt.ctx.db, env.workspaceId, { name: `Omonimo ${i}`, email: `omonimo${i}@x.it` }),
      );
    expect(
      (await planWords(env.rt.ctx.db, env.workspaceId, "customer", queryPrefixes("omonimo"), ["name", "email"])).driver,
    ).toBeNull();
    const t = await api.tickets.create({
      subject: "Richiesta",
      body_text: "Testo",
      requester: { email: many[7].email },
    });
    const found = (await api.search({ q: "omonimo" })).data;
    expect(found.map((h) => h.ticket.number)).toEqual([t.number]);
    expect(found[0].matched).toEqual(["requester_name", "requester_email"]);
    // Words are typed in part: "7" also starts "70".
    expect((await api.customers.list({ q: "omonimo 7" })).data.map((c) => c.name).slice(0, 2)).toEqual([
      "Omonimo 7",
      "Omonimo 70",
    ]);
  });
});

describe("directory words migration (025) on SQLite", () => {
  it("gives the customers and organizations of before their words", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-words-"));
    const handle = openDatabase({ databaseUrl: null, dataDir: dir });
    try {
      expect((await migrator(handle).migrateTo("020_search_without_positions")).error).toBeUndefined();
      const db = handle.db;
      const ws = (await buildWorkspace(db, { name: "Prima" })).id;
      const now = Date.now();
      const org = await db
        .insertInto("organizations")
        .values({
          workspace_id: ws,
          name: "Caffè Aurora",
          plan_name: null,
          plan_tier: null,
          annual_revenue: null,
          account_owner_id: null,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const customer = await db
        .insertInto("customers")
        .values({
          workspace_id: ws,
          email: "elena@aurora.it",
          name: "Elena Brambilla",
          phone: "+39 02 555",
          language: null,
          organization_id: org.id,
          external_id: null,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await migrateToLatest(handle);
      expect(await ownersMatching(db, ws, "customer", queryPrefixes("bramb"), 10)).toEqual([customer.id]);
      expect(await ownersMatching(db, ws, "customer", queryPrefixes("02 555"), 10)).toEqual([customer.id]);
      expect(await ownersMatching(db, ws, "organization", queryPrefixes("caffe"), 10)).toEqual([org.id]);
    } finally {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
