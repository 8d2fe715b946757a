import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/index";
import { migrateToLatest, migrator } from "../../db/migrate";
import { DATABASES, type TestEnv, testEnv } from "../../test/harness";
import { buildAgent, buildCustomer, buildWorkspace } from "../../test/factories";
import { createApiToken } from "../auth/auth.service";
import pino from "pino";
import { inTransaction } from "../../events/outbox";
import { flushSearchDocs, queueSearchDocs, repairSearchIndex } from "./index-queue";
import { matchTickets, reindexSubject } from "./search.queries";
import { fold, highlight, stems, toFtsQuery, toTerms, words } from "./text";

describe("search text", () => {
  it("folds word by word exactly as folding the whole text would", () => {
    // Accents precomposed and typed apart (e + U+0301), German, French, Spanish, Turkish capitals, digits, Greek.
    const text = "Perché È ARRIVATO cafe\u0301 già! Straße Größe ÉCOLE garçon Año niño İSTANBUL ıi 12,50€ ΟΔΟΣ ὀδός ﬁne x\u0301\u0302y";
    const reference = fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
    expect(words(text)).toEqual(reference);
    expect(toTerms(text)).toBe(reference.flatMap(stems).join(" "));
    // Remembered words give the same terms the second time.
    expect(toTerms(text)).toBe(reference.flatMap(stems).join(" "));
  });

  it("folds accents and stems Italian and English", () => {
    expect(toTerms("Perché è arrivato").split(" ")).toEqual(expect.arrayContaining(["perc", "arriv"]));
    expect(toTerms("perche arrivata").split(" ")).toEqual(expect.arrayContaining(["perc", "arriv"]));
    expect(toTerms("invoices delivered").split(" ")).toEqual(expect.arrayContaining(["invoic", "deliv"]));
    // Each word matches through its Italian or its English stem.
    expect(toFtsQuery("perche arrivata")).toBe('("perc" OR "perch") AND ("arriv" OR "arrivata")');
    expect(toFtsQuery("  ¿? ")).toBeNull();
  });

  it("marks the matching words in the original text and escapes HTML", () => {
    expect(highlight("Perché il pacco <b>non</b> è arrivato?", "perche arrivata")).toBe("<mark>Perché</mark> il pacco &#60;b&#62;non&#60;/b&#62; è <mark>arrivato</mark>?");
  });
});

describe.each(DATABASES)("search API on %s", (dialect) => {
  let env: TestEnv;
  const create = (subject: string, body_text: string, extra: object = {}) =>
    env.app.inject({ method: "POST", url: "/api/v1/tickets", headers: env.auth(env.adminToken), payload: { subject, body_text, requester: { email: "s@example.it" }, ...extra } }).then((r) => r.json());
  const search = (q: string) => env.app.inject({ method: "GET", url: `/api/v1/search?${q}`, headers: env.auth(env.adminToken) }).then((r) => r.json());

  beforeAll(async () => {
    env = await testEnv(dialect);
    await create("Spedizione", "Perché il mio pacco non è ancora arrivato?");
    await create("Invoice question", "The invoices were delivered twice", { tags: ["billing"] });
    await create("Macchina", "La macinatura è troppo fine");
  });
  afterAll(async () => env?.close());

  it("finds Italian text accent- and inflection-insensitively, with highlights", async () => {
    const r = await search("q=perche%20arrivata");
    expect(r.data.map((x: { ticket: { subject: string } }) => x.ticket.subject)).toEqual(["Spedizione"]);
    expect(r.data[0].highlight.text).toContain("<mark>arrivato</mark>");
  });

  it("finds English text by stem and applies filters", async () => {
    expect((await search("q=invoice%20deliver")).data).toHaveLength(1);
    expect((await search("q=invoice&tag=billing")).data).toHaveLength(1);
    expect((await search("q=invoice&status=solved")).data).toHaveLength(0);
    expect((await search("q=xyzzy")).data).toHaveLength(0);
  });

  it("finds a reply added later and a renamed subject", async () => {
    const t = await create("Ordine", "Dove si trova?");
    await env.app.inject({ method: "POST", url: `/api/v1/tickets/${t.number}/messages`, headers: env.auth(env.adminToken), payload: { body_text: "Il corriere BRT ha consegnato" } });
    expect((await search("q=corriere")).data.map((x: { ticket: { number: number } }) => x.ticket.number)).toEqual([t.number]);
    await env.app.inject({ method: "PATCH", url: `/api/v1/tickets/${t.number}`, headers: env.auth(env.adminToken), payload: { subject: "Reso autorizzato" } });
    expect((await search("q=autorizzato")).data).toHaveLength(1);
    expect((await search("q=ordine")).data).toHaveLength(0);
  });

  it("keeps a subject renamed while its first document waits to be written, and nothing of the old one", async () => {
    // On SQLite the new ticket's documents wait up to 100 ms after its commit; the rename comes before.
    const t = await create("Cartuccia filtro", "Serve una cartuccia nuova");
    await env.app.inject({ method: "PATCH", url: `/api/v1/tickets/${t.number}`, headers: env.auth(env.adminToken), payload: { subject: "Addolcitore guasto" } });
    await new Promise((r) => setTimeout(r, 300));
    expect((await search("q=addolcitore")).data.map((x: { ticket: { number: number } }) => x.ticket.number)).toEqual([t.number]);
    expect((await search("q=filtro")).data).toHaveLength(0);
  });

  it("finds a merged ticket's messages under the ticket they moved to, and never another workspace's", async () => {
    const from = await create("Cialde", "Le cialde compostabili sono esaurite");
    const into = await create("Capsule", "Vorrei ordinare delle capsule");
    const merged = await env.app.inject({ method: "POST", url: `/api/v1/tickets/${from.number}/merge`, headers: env.auth(env.adminToken), payload: { into: into.number } });
    expect(merged.statusCode).toBe(200);
    expect((await search("q=compostabili")).data.map((x: { ticket: { number: number } }) => x.ticket.number)).toEqual([into.number]);

    const other = await buildWorkspace(env.rt.ctx.db, { name: "Altra" });
    const otherAdmin = await buildAgent(env.rt.ctx.db, other.id, { role: "admin" });
    const otherToken = (await createApiToken(env.rt.ctx.db, other.id, otherAdmin.id, "test")).token;
    const theirs = await env.app.inject({ method: "POST", url: "/api/v1/tickets", headers: env.auth(otherToken), payload: { subject: "Cialde anche qui", body_text: "compostabili", requester: { email: "x@altra.it" } } });
    expect(theirs.statusCode).toBe(201);
    expect((await search("q=compostabili")).data.map((x: { ticket: { number: number } }) => x.ticket.number)).toEqual([into.number]);
    const mine = await env.app.inject({ method: "GET", url: "/api/v1/search?q=compostabili", headers: env.auth(otherToken) });
    expect(mine.json().data.map((x: { ticket: { subject: string } }) => x.ticket.subject)).toEqual(["Cialde anche qui"]);
  });
});

describe("search documents on SQLite", () => {
  it("gives the tickets and messages without a document one (what a stopped process had not written yet)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-repair-"));
    const handle = openDatabase({ databaseUrl: null, dataDir: dir });
    try {
      await migrateToLatest(handle);
      const db = handle.db;
      const ws = await buildWorkspace(db, { name: "Prima" });
      const customer = await buildCustomer(db, ws.id, { email: "c@example.it" });
      const now = Date.now();
      const ids: number[] = [];
      for (const [i, word] of ["ginepro", "rabarbaro", "genziana"].entries()) {
        const ticket = await db.insertInto("tickets").values({ workspace_id: ws.id, number: i + 1, subject: `Amaro al ${word}`, status: "new", priority: "normal", channel: "email", requester_id: customer.id, tags: "[]", is_open: 1, created_at: now, updated_at: now }).returning("id").executeTakeFirstOrThrow();
        await db.insertInto("messages").values({ workspace_id: ws.id, ticket_id: ticket.id, internal: 0, author_type: "customer", author_customer_id: customer.id, body_text: `Vorrei ${word}`, reply_text: `Vorrei ${word}`, created_at: now }).execute();
        ids.push(ticket.id);
      }
      // The first ticket was indexed; the others' documents were lost.
      await sql`INSERT INTO search_subjects (rowid, terms) VALUES (${ids[0]}, ${toTerms("Amaro al ginepro")})`.execute(db);
      expect(await matchTickets(db, "sqlite", ws.id, "rabarbaro", 10)).toEqual([]);
      expect(await repairSearchIndex(db)).toBe(5);
      expect(await matchTickets(db, "sqlite", ws.id, "rabarbaro", 10)).toEqual([ids[1]]);
      expect(await matchTickets(db, "sqlite", ws.id, "amaro", 10)).toEqual([ids[2], ids[1], ids[0]]);
      expect(await matchTickets(db, "sqlite", ws.id, "vorrei ginepro", 10)).toEqual([ids[0]]);
      expect(await repairSearchIndex(db)).toBe(0);
    } finally {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

  it("keeps a rename made while the queue waits to write the ticket's first subject", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-rename-"));
    const handle = openDatabase({ databaseUrl: null, dataDir: dir });
    try {
      await migrateToLatest(handle);
      const db = handle.db;
      const ws = await buildWorkspace(db, { name: "Prima" });
      const customer = await buildCustomer(db, ws.id, { email: "c@example.it" });
      const now = Date.now();
      const ticket = await db.insertInto("tickets").values({ workspace_id: ws.id, number: 1, subject: "Vecchio oggetto", status: "new", priority: "normal", channel: "web", requester_id: customer.id, tags: "[]", is_open: 1, created_at: now, updated_at: now }).returning("id").executeTakeFirstOrThrow();
      const ctx = { db, dialect: "sqlite" as const, log: pino({ level: "silent" }) };
      queueSearchDocs(ctx, [{ ticketId: ticket.id, messageId: null, text: "Vecchio oggetto" }]);
      let flushed: Promise<void> = Promise.resolve();
      await inTransaction(db, () => {}, null, async (uow) => {
        // The queue's write waits for the connection this transaction holds, then the rename comes.
        flushed = flushSearchDocs(ctx);
        await new Promise((r) => setTimeout(r, 20));
        await reindexSubject(ctx, uow, { workspaceId: ws.id, ticketId: ticket.id, messageId: null, text: "Nuovo oggetto" });
      });
      await flushed;
      expect(await matchTickets(db, "sqlite", ws.id, "nuovo", 10)).toEqual([ticket.id]);
      expect(await matchTickets(db, "sqlite", ws.id, "vecchio", 10)).toEqual([]);
    } finally {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

describe("search index migration on SQLite", () => {
  it("keeps every document when the search tables become contentless (019)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-019-"));
    const handle = openDatabase({ databaseUrl: null, dataDir: dir });
    try {
      const { error } = await migrator(handle).migrateTo("018_stored_files");
      expect(error).toBeUndefined();
      const db = handle.db;
      const ws = await buildWorkspace(db, { name: "Prima" });
      const customer = await buildCustomer(db, ws.id, { email: "c@example.it" });
      const now = Date.now();
      const ticket = await db.insertInto("tickets").values({ workspace_id: ws.id, number: 1, subject: "Macinatura difettosa", status: "new", priority: "normal", channel: "email", requester_id: customer.id, tags: "[]", is_open: 1, created_at: now, updated_at: now }).returning("id").executeTakeFirstOrThrow();
      const message = await db.insertInto("messages").values({ workspace_id: ws.id, ticket_id: ticket.id, internal: 0, author_type: "customer", author_customer_id: customer.id, body_text: "Il macinino perde polvere", reply_text: "Il macinino perde polvere", created_at: now }).returning("id").executeTakeFirstOrThrow();
      // Documents as the tables of 001 held them, with their content columns.
      await sql`INSERT INTO search_subjects (rowid, terms, workspace_id) VALUES (${ticket.id}, ${toTerms("Macinatura difettosa")}, ${ws.id})`.execute(db);
      await sql`INSERT INTO search_messages (rowid, terms, ticket_id, workspace_id) VALUES (${message.id}, ${toTerms("Il macinino perde polvere")}, ${ticket.id}, ${ws.id})`.execute(db);
      await migrateToLatest(handle);
      const definition = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'search_messages'`.execute(db);
      expect(definition.rows[0].sql).toContain("content = ''");
      expect(await matchTickets(db, "sqlite", ws.id, "macinatura", 10)).toEqual([ticket.id]);
      expect(await matchTickets(db, "sqlite", ws.id, "polvere", 10)).toEqual([ticket.id]);
      expect(await matchTickets(db, "sqlite", ws.id + 1, "polvere", 10)).toEqual([]);
    } finally {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("makes every document again when the search tables drop positions (020)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-020-"));
    const handle = openDatabase({ databaseUrl: null, dataDir: dir });
    try {
      const { error } = await migrator(handle).migrateTo("019_contentless_search");
      expect(error).toBeUndefined();
      const db = handle.db;
      const ws = await buildWorkspace(db, { name: "Prima" });
      const customer = await buildCustomer(db, ws.id, { email: "c@example.it" });
      const now = Date.now();
      // More tickets than the migration reads at once, each with a message; the documents of 019's tables.
      const texts = (i: number) => ({ subject: `Richiesta ${i} perché`, body: i === 1500 ? "Il macinino è arrivato rotto, ΟΔΟΣ 東京" : `messaggio numero ${i}` });
      const ids: number[] = [];
      for (let i = 0; i < 2100; i++) {
        const { subject, body } = texts(i);
        const ticket = await db.insertInto("tickets").values({ workspace_id: ws.id, number: i + 1, subject, status: "new", priority: "normal", channel: "email", requester_id: customer.id, tags: "[]", is_open: 1, created_at: now, updated_at: now }).returning("id").executeTakeFirstOrThrow();
        const message = await db.insertInto("messages").values({ workspace_id: ws.id, ticket_id: ticket.id, internal: 0, author_type: "customer", author_customer_id: customer.id, body_text: `${body}\n\n> citato`, reply_text: body, created_at: now }).returning("id").executeTakeFirstOrThrow();
        await sql`INSERT INTO search_subjects (rowid, terms) VALUES (${ticket.id}, ${toTerms(subject)})`.execute(db);
        await sql`INSERT INTO search_messages (rowid, terms) VALUES (${message.id}, ${toTerms(body)})`.execute(db);
        ids.push(ticket.id);
      }
      await migrateToLatest(handle);
      const definition = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'search_messages'`.execute(db);
      expect(definition.rows[0].sql).toContain("detail = none");
      // Every subject and every message is found again, accents, Greek and Japanese included; the quoted part not.
      expect(await matchTickets(db, "sqlite", ws.id, "richiesta perche", 5000)).toHaveLength(2100);
      expect(await matchTickets(db, "sqlite", ws.id, "messaggio", 5000)).toHaveLength(2099);
      expect(await matchTickets(db, "sqlite", ws.id, "2099", 10)).toEqual([ids[2099]]);
      expect(await matchTickets(db, "sqlite", ws.id, "macinini arrivati", 10)).toEqual([ids[1500]]);
      expect(await matchTickets(db, "sqlite", ws.id, "οδος", 10)).toEqual([ids[1500]]);
      expect(await matchTickets(db, "sqlite", ws.id, "東京", 10)).toEqual([ids[1500]]);
      expect(await matchTickets(db, "sqlite", ws.id, "citato", 10)).toEqual([]);
    } finally {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
