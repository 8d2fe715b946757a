import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { dotStuff, smtpConnection } from "../../../bench/smtp-client";
import { openDatabase } from "../../db/index";
import { freshDatabase, postgresAvailable } from "../../test/harness";
import { portAnswers, waitFor } from "../../test/wait";
import { freePort, prepareInstallation, startNode } from "../../test/nodes";

const modes = (await postgresAvailable()) ? (["sqlite", "postgres"] as const) : (["sqlite"] as const);

// 8 clients deliver 2,000 messages over SMTP (1,000 on PostgreSQL, where each costs the busy test machine three
// times as much: 64 of this file's 96 s in a full run); the server is killed with SIGKILL a third of the way in and restarted.
// Clients retry what was not acknowledged, as mail servers do. Every message that got a 250 must be there,
// exactly once, and so must every message in the end.
describe.each(modes)("SMTP ingestion survives SIGKILL on %s", (mode) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it("keeps every acknowledged message exactly once", async () => {
    const db = await freshDatabase(mode);
    const env: Record<string, string> = {
      DATA_DIR: db.dataDir,
      ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    };
    await prepareInstallation(env, { mailboxes: ["inbox@example.it"] });
    const smtpPort = await freePort();
    const nodeEnv = { ...env, SMTP_PORT: String(smtpPort) };
    let node = await startNode("smtp", nodeEnv);
    cleanups.push(async () => node.kill("SIGKILL"), db.drop);

    const TOTAL = mode === "sqlite" ? 2000 : 1000;
    const CLIENTS = 8;
    const acked = new Set<number>();
    let killed = false;
    let restarting: Promise<void> | null = null;
    // Each client keeps its connection open for message after message, as mail servers do, and opens a new one
    // when the old one fails (the server was killed): what was not acknowledged is sent again. The lean client of
    // the benchmarks, which costs the test a fiftieth of nodemailer's CPU per message.
    type Connection = Awaited<ReturnType<typeof smtpConnection>>;
    const message = (i: number) =>
      dotStuff(
        Buffer.from(
          [
            `From: c${i}@client.it`,
            "To: inbox@example.it",
            `Subject: Messaggio ${i}`,
            `Message-ID: <crash-${i}@client.it>`,
            `Date: ${new Date().toUTCString()}`,
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "",
            `corpo ${i}`,
          ].join("\r\n"),
        ),
      );
    const deliver = async (client: { c: Connection | null }, i: number) => {
      for (;;) {
        if (restarting) await restarting;
        try {
          client.c ??= await smtpConnection(smtpPort);
          await client.c.send(`c${i}@client.it`, "inbox@example.it", message(i));
          acked.add(i);
          return;
        } catch {
          client.c?.close();
          client.c = null;
          // The server is restarting (wait for it), or should be up: wait until it accepts connections again.
          await (restarting ?? waitFor(() => portAnswers(smtpPort), { what: `the SMTP server on ${smtpPort}` }));
        }
      }
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        const client: { c: Connection | null } = { c: null };
        while (next < TOTAL) {
          const i = next++;
          if (!killed && acked.size >= TOTAL / 3) {
            killed = true;
            restarting = (async () => {
              await node.kill("SIGKILL");
              node = await startNode("smtp", nodeEnv);
              restarting = null;
            })();
          }
          await deliver(client, i);
        }
        client.c?.close();
      }),
    );
    expect(killed).toBe(true);
    expect(acked.size).toBe(TOTAL);
    await node.kill("SIGTERM");

    const h = openDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    const rows = await h.db.selectFrom("email_messages").select("header_message_id").execute();
    const tickets = await h.db
      .selectFrom("tickets")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    // Every ticket and message has its search document: those the killed process had not written yet (SQLite
    // writes them a moment after the commit) were written when it started again.
    const documents =
      mode === "sqlite"
        ? (
            await sql<{
              n: number;
            }>`SELECT (SELECT count(*) FROM search_subjects) + (SELECT count(*) FROM search_messages) AS n`.execute(
              h.db,
            )
          ).rows[0].n
        : (await sql<{ n: number }>`SELECT count(*) AS n FROM search_docs`.execute(h.db)).rows[0].n;
    await h.close();
    const ids = rows.map((r) => r.header_message_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 0; i < TOTAL; i++) expect(ids).toContain(`<crash-${i}@client.it>`);
    expect(Number(tickets.n)).toBe(TOTAL);
    expect(Number(documents)).toBe(2 * TOTAL);
  }, 240_000);
});
