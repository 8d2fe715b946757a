import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, type DbHandle, openDatabase } from "../../db/index";
import { migrateToLatest, migrator } from "../../db/migrate";
import { DATABASES, type TestEnv, testEnv } from "../../test/harness";
import { drainSearchIndex, pendingCallbacks } from "../../test/wait";
import { buildAgent, buildWorkspace } from "../../test/factories";
import { createApiToken } from "../auth/auth.service";
import pino from "pino";
import { inTransaction } from "../../events/outbox";
import { flushSearchDocs, queueSearchDocs, repairSearchIndex } from "./index-queue";
import { matchTickets, reindexSubject } from "./search.queries";
import { fold, highlight, stems, toFtsQuery, toTerms, words } from "./text";

describe("search text", () => {
  it("folds word by word exactly as folding the whole text would", () => {
    // Accents precomposed and typed apart (e + U+0301), German, French, Spanish, Turkish capitals, digits, Greek.
    const text =
      "Perché È ARRIVATO cafe\u0301 già! Straße Größe ÉCOLE garçon Año niño İSTANBUL ıi 12,50€ ΟΔΟΣ ὀδός ﬁne x\u0301\u0302y";
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
    expect(highlight("Perché il pacco <b>non</b> è arrivato?", "perche arrivata")).toBe(
      "<mark>Perché</mark> il pacco &#60;b&#62;non&#60;/b&#62; è <mark>arrivato</mark>?",
    );
  });
});

describe.each(DATABASES)("search API on %s", (dialect) => {
  let env: TestEnv;
  const create = (subject: string, body_text: string, extra: object = {}) =>
    env.app
      .inject({
        method: "POST",
        url: "/api/v1/tickets",
        headers: env.auth(env.adminToken),
        payload: { subject, body_text, requester: { email: "s@example.it" }, ...extra },
      })
      .then((r) => r.json());
  const search = (q: string) =>
    env.app
      .inject({ method: "GET", url: `/api/v1/search?${q}`, headers: env.auth(env.adminToken) })
      .then((r) => r.json());

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
    await env.app.inject({
      method: "POST",
      url: `/api/v1/tickets/${t.number}/messages`,
      headers: env.auth(env.adminToken),
      payload: { body_text: "Il corriere BRT ha consegnato" },
    });
    expect((await search("q=corriere")).data.map((x: { ticket: { number: number } }) => x.ticket.number)).toEqual([
      t.number,
    ]);
    await env.app.inject({
      method: "PATCH",
      url: `/api/v1/tickets/${t.number}`,
      headers: env.auth(env.adminToken),
      payload: { subject: "Reso autorizzato" },
    });
    expect((await search("q=autorizzato")).data).toHaveLength(1);
    expect((await search("q=ordine")).data).toHaveLength(0);
  });

  it("keeps a subject renamed while its first document waits to be written, and nothing of the old one", async () => {
    // On SQLite the new ticket's documents wait up to 100 ms after its commit; the rename comes before.
    const t = await create("Cartuccia filtro", "Serve una cartuccia nuova");
    await env.app.inject({
      method: "PATCH",
      url: `/api/v1/tickets/${t.number}`,
      headers: env.auth(env.adminToken),
      payload: { subject: "Addolcitore guasto" },
    });
    await drainSearchIndex(env.rt.ctx);
    expect((await search("q=addolcitore")).data.map((x: { ticket: { number: number } }) => x.ticket.number)).toEqual([
      t.number,
    ]);
    expect((await search("q=filtro")).data).toHaveLength(0);
  });

  it("finds a merged ticket's messages under the ticket they moved to, and never another workspace's", async () => {
    const from = await create("Cialde", "Le cialde compostabili sono esaurite");
    const into = await create("Capsule", "Vorrei ordinare delle capsule");
    const merged = await env.app.inject({
      method: "POST",
      url: `/api/v1/tickets/${from.number}/merge`,
      headers: env.auth(env.adminToken),
      payload: { into: into.number },
    });
    expect(merged.statusCode).toBe(200);
    expect((await search("q=compostabili")).data.map((x: { ticket: { number: number } }) => x.ticket.number)).toEqual([
      into.number,
    ]);

    const other = await buildWorkspace(env.rt.ctx.db, { name: "Altra" });
    const otherAdmin = await buildAgent(env.rt.ctx.db, other.id, { role: "admin" });
    const otherToken = (await createApiToken(env.rt.ctx.db, other.id, otherAdmin.id, "test")).token;
    const theirs = await env.app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      headers: env.auth(otherToken),
      payload: { subject: "Cialde anche qui", body_text: "compostabili", requester: { email: "x@altra.it" } },
    });
    expect(theirs.statusCode).toBe(201);
    expect((await search("q=compostabili")).data.map((x: { ticket: { number: number } }) => x.ticket.number)).toEqual([
      into.number,
    ]);
    const mine = await env.app.inject({
      method: "GET",
      url: "/api/v1/search?q=compostabili",
      headers: env.auth(otherToken),
    });
    expect(mine.json().data.map((x: { ticket: { subject: string } }) => x.ticket.subject)).toEqual([
      "Cialde anche qui",
    ]);
  });
});

/**
 * A SQLite database of its own, migrated to `upTo` (or the latest), with a workspace and a customer; removed after.
 * `ticket()` inserts a ticket and its first message as rows alone, without search documents.
 */
async function withDatabase(
  upTo: string | null,
  fn: (t: {
    handle: DbHandle;
    db: Db;
    ws: number;
    ticket: (subject: string, body: string, reply?: string) => Promise<{ id: number; messageId: number }>;
  }) => Promise<void>,
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-search-"));
  const handle = openDatabase({ databaseUrl: null, dataDir: dir });
  try {
    if (upTo) expect((await migrator(handle).migrateTo(upTo)).error).toBeUndefined();
    else await migrateToLatest(handle);
    const db = handle.db;
    const ws = (await buildWorkspace(db, { name: "Prima" })).id;
    // A row alone: the factory writes directory words, a table an older schema does not have.
    const now = Date.now();
    const customer = (
      await db
        .insertInto("customers")
        .values({
          workspace_id: ws,
          email: "c@example.it",
          name: null,
          phone: null,
          language: null,
          organization_id: null,
          external_id: null,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    let number = 0;
    const ticket = async (subject: string, body: string, reply = body) => {
      const now = Date.now();
      const { id } = await db
        .insertInto("tickets")
        .values({
          workspace_id: ws,
          number: ++number,
          subject,
          status: "new",
          priority: "normal",
          channel: "email",
          requester_id: customer,
          tags: "[]",
          is_open: 1,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const message = await db
        .insertInto("messages")
        .values({
          workspace_id: ws,
          ticket_id: id,
          internal: 0,
          author_type: "customer",
          author_customer_id: customer,
          body_text: body,
          reply_text: reply,
          created_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { id, messageId: message.id };
    };
    await fn({ handle, db, ws, ticket });
  } finally {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("search documents on SQLite", () => {
  it("gives the tickets and messages without a document one (what a stopped process had not written yet)", async () => {
    await withDatabase(null, async ({ db, ws, ticket }) => {
      const ids: number[] = [];
      for (const word of ["ginepro", "rabarbaro", "genziana"])
        ids.push((await ticket(`Amaro al ${word}`, `Vorrei ${word}`)).id);
      // The first ticket's subject was indexed; the other documents were lost.
      await sql`INSERT INTO search_subjects (rowid, terms) VALUES (${ids[0]}, ${toTerms("Amaro al ginepro")})`.execute(
        db,
      );
      expect(await matchTickets(db, "sqlite", ws, "rabarbaro", 10)).toEqual([]);
      expect(await repairSearchIndex(db)).toBe(5);
      expect(await matchTickets(db, "sqlite", ws, "rabarbaro", 10)).toEqual([ids[1]]);
      expect(await matchTickets(db, "sqlite", ws, "amaro", 10)).toEqual([ids[2], ids[1], ids[0]]);
      expect(await matchTickets(db, "sqlite", ws, "vorrei ginepro", 10)).toEqual([ids[0]]);
      expect(await repairSearchIndex(db)).toBe(0);
    });
  });

  it("keeps a rename made while the queue waits to write the ticket's first subject", async () => {
    await withDatabase(null, async ({ db, ws, ticket }) => {
      const { id } = await ticket("Vecchio oggetto", "Testo");
      const ctx = { db, dialect: "sqlite" as const, log: pino({ level: "silent" }) };
      queueSearchDocs(ctx, [{ ticketId: id, messageId: null, text: "Vecchio oggetto" }]);
      let flushed: Promise<void> = Promise.resolve();
      await inTransaction(
        db,
        () => {},
        null,
        async (uow) => {
          // The queue's write waits for the connection this transaction holds, then the rename comes.
          // It gets there in promise callbacks alone (no I/O before the connection's lock): let them run.
          flushed = flushSearchDocs(ctx);
          await pendingCallbacks();
          await reindexSubject(ctx, uow, { workspaceId: ws, ticketId: id, messageId: null, text: "Nuovo oggetto" });
        },
      );
      await flushed;
      expect(await matchTickets(db, "sqlite", ws, "nuovo", 10)).toEqual([id]);
      expect(await matchTickets(db, "sqlite", ws, "vecchio", 10)).toEqual([]);
    });
  });

  it("keeps the subject waiting to be written when a rename fails", async () => {
    await withDatabase(null, async ({ db, ws, ticket }) => {
      const { id } = await ticket("Vecchio oggetto", "Testo");
      const ctx = { db, dialect: "sqlite" as const, log: pino({ level: "silent" }) };
      queueSearchDocs(ctx, [{ ticketId: id, messageId: null, text: "Vecchio oggetto" }]);
      const rename = inTransaction(
        db,
        () => {},
        null,
        async (uow) => {
          await reindexSubject(ctx, uow, { workspaceId: ws, ticketId: id, messageId: null, text: "Nuovo oggetto" });
          throw new Error("the rename fails after its search document");
        },
      );
      await expect(rename).rejects.toThrow("the rename fails");
      await flushSearchDocs(ctx);
      expect(await matchTickets(db, "sqlite", ws, "vecchio", 10)).toEqual([id]);
      expect(await matchTickets(db, "sqlite", ws, "nuovo", 10)).toEqual([]);
    });
  });

  it("keeps documents it could not write, and writes them once it can", async () => {
    await withDatabase(null, async ({ db, ws, ticket }) => {
      const t = await ticket("Lievito madre", "Il lievito non cresce");
      const errors: string[] = [];
      const ctx = { db, dialect: "sqlite" as const, log: { error: (_: object, msg: string) => errors.push(msg) } };
      const definition = (
        await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'search_messages'`.execute(db)
      ).rows[0].sql;
      await sql`DROP TABLE search_messages`.execute(db);
      queueSearchDocs(ctx, [
        { ticketId: t.id, messageId: t.messageId, text: "Il lievito non cresce" },
        { ticketId: t.id, messageId: null, text: "Lievito madre" },
      ]);
      await flushSearchDocs(ctx);
      expect(errors).toEqual(["search documents could not be written; trying again in 5 s"]);
      // Neither was written (one transaction), and neither was dropped.
      expect((await sql<{ n: number }>`SELECT count(*) AS n FROM search_subjects`.execute(db)).rows[0].n).toBe(0);
      await sql.raw(definition).execute(db);
      await flushSearchDocs(ctx);
      expect(await matchTickets(db, "sqlite", ws, "cresce", 10)).toEqual([t.id]);
      expect(await matchTickets(db, "sqlite", ws, "madre", 10)).toEqual([t.id]);
      expect(errors).toHaveLength(1);
    });
  });
});

describe("search index migration on SQLite", () => {
  it("keeps every document when the search tables become contentless (019)", async () => {
    await withDatabase("018_stored_files", async ({ handle, db, ws, ticket }) => {
      const t = await ticket("Macinatura difettosa", "Il macinino perde polvere");
      // Documents as the tables of 001 held them, with their content columns.
      await sql`INSERT INTO search_subjects (rowid, terms, workspace_id) VALUES (${t.id}, ${toTerms("Macinatura difettosa")}, ${ws})`.execute(
        db,
      );
      await sql`INSERT INTO search_messages (rowid, terms, ticket_id, workspace_id) VALUES (${t.messageId}, ${toTerms("Il macinino perde polvere")}, ${t.id}, ${ws})`.execute(
        db,
      );
      await migrateToLatest(handle);
      const definition = await sql<{
        sql: string;
      }>`SELECT sql FROM sqlite_master WHERE name = 'search_messages'`.execute(db);
      expect(definition.rows[0].sql).toContain("content = ''");
      expect(await matchTickets(db, "sqlite", ws, "macinatura", 10)).toEqual([t.id]);
      expect(await matchTickets(db, "sqlite", ws, "polvere", 10)).toEqual([t.id]);
      expect(await matchTickets(db, "sqlite", ws + 1, "polvere", 10)).toEqual([]);
    });
  });

  it("makes every document again when the search tables drop positions (020)", async () => {
    await withDatabase("019_contentless_search", async ({ handle, db, ws, ticket }) => {
      // More tickets than the migration reads at once, each with a message; the documents of 019's tables.
      const ids: number[] = [];
      for (let i = 0; i < 2100; i++) {
        const subject = `Richiesta ${i} perché`;
        const reply = i === 1500 ? "Il macinino è arrivato rotto, ΟΔΟΣ 東京" : `messaggio numero ${i}`;
        const t = await ticket(subject, `${reply}\n\n> citato`, reply);
        await sql`INSERT INTO search_subjects (rowid, terms) VALUES (${t.id}, ${toTerms(subject)})`.execute(db);
        await sql`INSERT INTO search_messages (rowid, terms) VALUES (${t.messageId}, ${toTerms(reply)})`.execute(db);
        ids.push(t.id);
      }
      await migrateToLatest(handle);
      const definition = await sql<{
        sql: string;
      }>`SELECT sql FROM sqlite_master WHERE name = 'search_messages'`.execute(db);
      expect(definition.rows[0].sql).toContain("detail = none");
      // Every subject and every message is found again, accents, Greek and Japanese included; the quoted part not.
      expect(await matchTickets(db, "sqlite", ws, "richiesta perche", 5000)).toHaveLength(2100);
      expect(await matchTickets(db, "sqlite", ws, "messaggio", 5000)).toHaveLength(2099);
      expect(await matchTickets(db, "sqlite", ws, "2099", 10)).toEqual([ids[2099]]);
      expect(await matchTickets(db, "sqlite", ws, "macinini arrivati", 10)).toEqual([ids[1500]]);
      expect(await matchTickets(db, "sqlite", ws, "οδος", 10)).toEqual([ids[1500]]);
      expect(await matchTickets(db, "sqlite", ws, "東京", 10)).toEqual([ids[1500]]);
      expect(await matchTickets(db, "sqlite", ws, "citato", 10)).toEqual([]);
    });
  });
});
