import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, type TestEnv, testEnv, waitFor } from "../../test/harness";
import { ingest } from "./inbound";

// On PostgreSQL up to eight messages are placed at once, each in a transaction of its own. A reply placed at the
// same moment as the message it answers must not miss it and wait out the whole hold (EMAIL_THREAD_WAIT_SECONDS):
// seen over IMAP, where 2 of 2,000 messages made the import last 320 s instead of 20.
describe.each(DIALECTS.filter((m) => m !== "sqlite"))(
  "a reply and the message it answers placed at the same moment, on %s",
  (mode) => {
    let env: TestEnv;
    let blocker: pg.Client;

    beforeAll(async () => {
      env = await testEnv(mode, { emailThreadWaitMs: 300_000 });
      await env.app.inject({
        method: "POST",
        url: "/api/v1/mailboxes",
        headers: env.auth(env.adminToken),
        payload: { address: "help@shop.it" },
      });
      blocker = new pg.Client({ connectionString: env.config.databaseUrl! });
      await blocker.connect();
    });
    afterAll(async () => {
      await blocker?.end();
      await env?.close();
    });

    const raw = (id: string, subject: string, text: string, answers?: string) =>
      Buffer.from(
        `From: Sara <sara@client.it>\r\nTo: help@shop.it\r\nSubject: ${subject}\r\nMessage-ID: <${id}@client.it>\r\n` +
          (answers ? `In-Reply-To: <${answers}@client.it>\r\nReferences: <${answers}@client.it>\r\n` : "") +
          `Date: Sat, 5 Dec 2026 10:00:00 +0100\r\n\r\n${text}\r\n`,
      );
    /** Transactions of this database waiting for a lock (of this kind). Asked on a connection of the pool: within
     * the blocker's open transaction, pg_stat_activity would show the same snapshot every time. */
    const waitingForLocks = async (kind = "%") =>
      Number(
        (
          await sql<{ n: number }>`select count(*) as n from pg_stat_activity where datname = current_database()
            and state = 'active' and wait_event_type = 'Lock' and wait_event like ${kind}`.execute(env.rt.ctx.db)
        ).rows[0].n,
      );

    it("places the reply on the original's ticket, whichever of the two commits last", async () => {
      // The worst interleaving, made certain: the reply has looked for its thread (none yet) and is about to store
      // itself as held, when the original is placed and looks for held replies (none yet). Here the reply's last
      // step waits for another transaction's row with the same Message-ID, which rolls back once the original is done.
      // Sara has written before: placing either message then takes no lock on her customer row.
      await ingest(env.rt.ctx, { raw: raw("earlier", "Orari", "Siete aperti sabato?"), recipients: ["help@shop.it"] });
      await blocker.query("begin");
      await blocker.query(
        "insert into email_messages (workspace_id, direction, header_message_id, raw_sha256, raw_size, created_at) values ($1, 'in', '<r1@client.it>', 'x', 0, 0)",
        [env.workspaceId],
      );
      const reply = ingest(env.rt.ctx, {
        raw: raw("r1", "Re: Fattura doppia", "Ecco il numero: 2026/118", "o1"),
        recipients: ["help@shop.it"],
      });
      await waitFor(async () => (await waitingForLocks()) >= 1, { what: "the reply to wait for the blocker" });
      let originalDone = false;
      const original = ingest(env.rt.ctx, {
        raw: raw("o1", "Fattura doppia", "Mi avete addebitato due volte"),
        recipients: ["help@shop.it"],
      }).finally(() => (originalDone = true));
      // Either the original is placed (no lock between the two) or it waits for the reply's lock on its Message-ID.
      await waitFor(async () => originalDone || (await waitingForLocks("advisory")) >= 1, {
        what: "the original to be placed or to wait for the reply",
      });
      await blocker.query("rollback");
      await Promise.all([reply, original]);

      const rows = await env.rt.ctx.db
        .selectFrom("email_messages")
        .select(["header_message_id", "ticket_id", "held_until"])
        .where("from_address", "=", "sara@client.it")
        .where("header_message_id", "!=", "<earlier@client.it>")
        .orderBy("header_message_id")
        .execute();
      expect(rows.map((r) => [r.header_message_id, r.held_until])).toEqual([
        ["<o1@client.it>", null],
        ["<r1@client.it>", null],
      ]);
      expect(rows[0].ticket_id).not.toBeNull();
      expect(rows[1].ticket_id).toBe(rows[0].ticket_id);
      const bodies = await env.rt.ctx.db
        .selectFrom("messages")
        .select("body_text")
        .where("ticket_id", "=", rows[0].ticket_id!)
        .orderBy("id")
        .execute();
      expect(bodies.map((b) => b.body_text)).toEqual(["Mi avete addebitato due volte", "Ecco il numero: 2026/118"]);
    });
  },
);
