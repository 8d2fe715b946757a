import net from "node:net";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dovecotAvailable, startDovecot } from "../../test/dovecot";
import { DATABASES, DIALECTS, type Mode, metricsOf, type TestEnv, testEnv, waitFor } from "../../test/harness";
import { drainJobs } from "../../test/wait";
import { DoneBelow, fetchMailbox, uidSet } from "./imap";
import { startImapScheduler } from "./imap-idle";

if (!dovecotAvailable) console.warn("IMAP suite skipped: it needs Debian's dovecot-imapd and root (CI installs it)");

const USERS = ["support@shop.it", "other@shop.it", "bulk@shop.it", "crash@shop.it", "late@shop.it"];
const message = (i: number, to = "support@shop.it") =>
  `From: Cliente ${i} <c${i}@client.it>\r\nTo: ${to}\r\nSubject: Richiesta ${i}\r\nMessage-ID: <imap-${i}@client.it>\r\n\r\nTesto ${i}\r\n`;

/** A throwaway Dovecot with the users above (password "secret"), the app on a fresh database, and helpers. */
function dovecotSuite(mode: Mode, opts: { worker: boolean }) {
  const t = {} as {
    env: TestEnv;
    dovecot: Awaited<ReturnType<typeof startDovecot>>;
    /** The test's own connection to support@shop.it, to append and look. */
    imap: ImapFlow;
    connect(user: string): Promise<ImapFlow>;
    append(i: number): Promise<unknown>;
    addMailbox(address: string, imap?: Record<string, unknown>): Promise<number>;
    mailbox(
      id: number,
    ): Promise<{ imap_last_uid: number | null; imap_status: string | null; imap_last_fetch_at: number | null }>;
  };
  t.connect = async (user) => {
    const c = new ImapFlow({
      host: "127.0.0.1",
      port: t.dovecot.port,
      secure: false,
      auth: { user, pass: "secret" },
      logger: false,
    });
    await c.connect();
    return c;
  };
  t.append = (i) => t.imap.append("INBOX", message(i));
  t.addMailbox = async (address, imap = {}) => {
    const res = await t.env.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes",
      headers: t.env.auth(t.env.adminToken),
      payload: {
        address,
        imap: { host: "127.0.0.1", port: t.dovecot.port, secure: false, user: address, password: "secret", ...imap },
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as number;
  };
  t.mailbox = (id) =>
    t.env.rt.ctx.db.selectFrom("mailboxes").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  beforeAll(async () => {
    t.dovecot = await startDovecot(Object.fromEntries(USERS.map((u) => [u, "secret"])));
    t.env = await testEnv(mode, {}, opts);
    t.imap = await t.connect("support@shop.it");
  });
  afterAll(async () => {
    await t.imap?.logout().catch(() => {});
    await t.env?.close();
    await t.dovecot?.stop();
  });
  return t;
}

// fetchMailbox is called directly here: only the database differs (the IDLE suite below runs the scheduler and its jobs in every mode).
describe.skipIf(!dovecotAvailable).each(DATABASES)("IMAP fetching from a real Dovecot on %s", (mode) => {
  const t = dovecotSuite(mode, { worker: false });
  const { append } = t;

  it("imports new messages once, resumes from the last UID and flags what it imported", async () => {
    for (let i = 1; i <= 3; i++) await append(i);
    const created = await t.env.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes",
      headers: t.env.auth(t.env.adminToken),
      payload: {
        address: "support@shop.it",
        imap: { host: "127.0.0.1", port: t.dovecot.port, secure: false, user: "support@shop.it", password: "secret" },
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().imap).not.toHaveProperty("password");
    const id = created.json().id;
    expect(await fetchMailbox(t.env.rt.ctx, id)).toEqual({ imported: 3, duplicates: 0 });
    expect(await fetchMailbox(t.env.rt.ctx, id)).toEqual({ imported: 0, duplicates: 0 });
    await append(4);
    // The same message delivered again (another copy, another UID) is not imported twice.
    await append(1);
    expect(await fetchMailbox(t.env.rt.ctx, id)).toEqual({ imported: 1, duplicates: 1 });
    const tickets = (
      await t.env.app.inject({ method: "GET", url: "/api/v1/tickets?limit=50", headers: t.env.auth(t.env.adminToken) })
    ).json().data;
    expect(tickets.map((t: { subject: string }) => t.subject).sort()).toEqual([
      "Richiesta 1",
      "Richiesta 2",
      "Richiesta 3",
      "Richiesta 4",
    ]);
    const lock = await t.imap.getMailboxLock("INBOX");
    const unseen = await t.imap.search({ seen: false }, { uid: true });
    lock.release();
    expect(unseen).toEqual([]);
    const box = (
      await t.env.app.inject({ method: "GET", url: "/api/v1/mailboxes", headers: t.env.auth(t.env.adminToken) })
    ).json().data[0];
    expect(box.imap).toMatchObject({ status: "ok", last_error: null, last_uid: 5 });
    const metrics = await metricsOf(t.env.app);
    expect(metrics).toMatch(/sportello_imap_seconds_since_fetch\{mailbox="support@shop.it"\} \d/);
  });

  it("records a broken mailbox's error without touching the others", async () => {
    const bad = await t.env.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes",
      headers: t.env.auth(t.env.adminToken),
      payload: {
        address: "other@shop.it",
        imap: { host: "127.0.0.1", port: t.dovecot.port, secure: false, user: "other@shop.it", password: "wrong" },
      },
    });
    await expect(fetchMailbox(t.env.rt.ctx, bad.json().id)).rejects.toThrow();
    const boxes = (
      await t.env.app.inject({ method: "GET", url: "/api/v1/mailboxes", headers: t.env.auth(t.env.adminToken) })
    ).json().data;
    expect(boxes.find((b: { address: string }) => b.address === "other@shop.it").imap).toMatchObject({
      status: "error",
      last_error: expect.stringMatching(/auth|fail/i),
    });
    expect(boxes.find((b: { address: string }) => b.address === "support@shop.it").imap.status).toBe("ok");
  });

  it("imports 300 messages with many ingests in flight exactly once, moves them and saves the last UID", async () => {
    const bulk = await t.connect("bulk@shop.it");
    await bulk.mailboxCreate("Done");
    const bulkMessage = (i: number) => message(i, "bulk@shop.it");
    for (let i = 1000; i < 1300; i++) await bulk.append("INBOX", bulkMessage(i));
    const id = await t.addMailbox("bulk@shop.it", { after: "move", move_to: "Done" });
    const count = async () =>
      Number(
        (
          await t.env.rt.ctx.db
            .selectFrom("email_messages")
            .select((eb) => eb.fn.countAll().as("n"))
            .where("mailbox_id", "=", id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const first = fetchMailbox(t.env.rt.ctx, id);
    await waitFor(async () => (await count()) > 0);
    // Mail that arrives during an import is imported by it; a second call meanwhile starts no fetch of its own
    // (it returns at once, so a job finding its mailbox busy does not hold a worker slot).
    await bulk.append("INBOX", bulkMessage(1300));
    expect(await fetchMailbox(t.env.rt.ctx, id)).toEqual({ imported: 0, duplicates: 0 });
    expect(await first).toEqual({ imported: 301, duplicates: 0 });
    const rows = await t.env.rt.ctx.db
      .selectFrom("email_messages")
      .select("header_message_id")
      .where("mailbox_id", "=", id)
      .execute();
    expect(rows).toHaveLength(301);
    expect(new Set(rows.map((r) => r.header_message_id)).size).toBe(301);
    expect(await t.mailbox(id)).toMatchObject({ imap_last_uid: 301, imap_status: "ok" });
    expect(await bulk.status("INBOX", { messages: true })).toMatchObject({ messages: 0 });
    expect(await bulk.status("Done", { messages: true })).toMatchObject({ messages: 301 });
    expect(await fetchMailbox(t.env.rt.ctx, id)).toEqual({ imported: 0, duplicates: 0 });
    await bulk.logout();
  });

  it("loses no message when the connection drops in the middle of an import, and imports none twice", async () => {
    const c = await t.connect("crash@shop.it");
    for (let i = 2000; i < 2300; i++) await c.append("INBOX", message(i, "crash@shop.it"));
    await c.logout();
    const id = await t.addMailbox("crash@shop.it");
    const rows = () =>
      t.env.rt.ctx.db.selectFrom("email_messages").select("header_message_id").where("mailbox_id", "=", id).execute();
    const cut = fetchMailbox(t.env.rt.ctx, id);
    await waitFor(async () => (await rows()).length > 20);
    t.dovecot.kick("crash@shop.it");
    await expect(cut).rejects.toThrow();
    const saved = Number((await t.mailbox(id)).imap_last_uid ?? 0);
    expect(saved).toBeLessThan(300);
    // Everything up to the saved UID is imported: resuming after it skips nothing.
    const got = new Set((await rows()).map((r) => r.header_message_id));
    for (let uid = 1; uid <= saved; uid++) expect(got.has(`<imap-${2000 + uid - 1}@client.it>`)).toBe(true);
    const again = await fetchMailbox(t.env.rt.ctx, id);
    // What was in flight beyond the saved UID is fetched again and recognised.
    expect(again.imported + again.duplicates).toBe(300 - saved);
    const all = await rows();
    expect(all).toHaveLength(300);
    expect(new Set(all.map((r) => r.header_message_id)).size).toBe(300);
    expect(await t.mailbox(id)).toMatchObject({ imap_last_uid: 300, imap_status: "ok" });
  });
});

describe.skipIf(!dovecotAvailable).each(DIALECTS)("IMAP IDLE against a real Dovecot on %s", (mode) => {
  // Its own app, with jobs running: an IDLE notice becomes a fetch job, which waits behind whatever the queue holds
  // (the fetching suite above leaves hundreds of acknowledgement emails to send).
  const t = dovecotSuite(mode, { worker: true });
  const { append } = t;

  it("imports a message appended while IDLE watches at once, with the poll an hour away", async () => {
    const id = await t.addMailbox("support@shop.it");
    // The broken mailbox here is one whose server accepts the connection and never says a word. (A wrong password
    // on this same Dovecot would measure its policy instead: after a failed login it slows the next login from the
    // same address, whichever the user, by about 4 s.)
    const connections: net.Socket[] = [];
    const silent = net.createServer((c) => void connections.push(c));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const hung = await t.addMailbox("hung@shop.it", { port: (silent.address() as net.AddressInfo).port });
    const since = Date.now();
    const scheduler = startImapScheduler(t.env.rt.ctx, 3_600_000);
    try {
      await waitFor(() => scheduler.watching().includes(id), 10_000);
      // The first poll's fetch is over: what arrives next can only be announced by IDLE.
      await waitFor(async () => ((await t.mailbox(id)).imap_last_fetch_at ?? 0) >= since, 10_000);
      const t0 = Date.now();
      await append(5);
      await waitFor(
        () =>
          t.env.rt.ctx.db.selectFrom("tickets").select("id").where("subject", "=", "Richiesta 5").executeTakeFirst(),
        3000,
      );
      expect(Date.now() - t0).toBeLessThan(3000);
      // Meanwhile the silent server's fetch job and watcher wait for a greeting (10 s at most) and hold nothing back.
      expect(scheduler.watching()).not.toContain(hung);

      // A dropped connection is reopened (after a 1 s backoff, with a fetch for what came meanwhile) and new mail
      // is imported again without waiting for the poll.
      t.dovecot.kick("support@shop.it");
      await waitFor(() => !scheduler.watching().includes(id), 5000);
      await t.imap.logout().catch(() => undefined);
      t.imap = await t.connect("support@shop.it");
      await append(6);
      await waitFor(
        () =>
          t.env.rt.ctx.db.selectFrom("tickets").select("id").where("subject", "=", "Richiesta 6").executeTakeFirst(),
        8000,
      );
      expect(scheduler.watching()).toContain(id);
    } finally {
      await scheduler.stop();
      await t.env.app.inject({
        method: "DELETE",
        url: `/api/v1/mailboxes/${hung}`,
        headers: t.env.auth(t.env.adminToken),
      });
      silent.close();
      for (const c of connections) c.destroy();
    }
    expect(scheduler.watching()).toEqual([]);
  });

  it("reads a mailbox as soon as it is added, then watches it with IDLE, with the poll an hour away", async () => {
    const scheduler = startImapScheduler(t.env.rt.ctx, 3_600_000);
    const bulk = await t.connect("bulk@shop.it");
    try {
      // The scheduler's first poll is over before the mailbox exists: only the addition can start its fetch.
      await drainJobs(t.env.rt.ctx, { names: ["imap.fetch"], timeoutMs: 10_000 });
      await bulk.append("INBOX", message(900, "bulk@shop.it"));
      const t0 = Date.now();
      const id = await t.addMailbox("bulk@shop.it");
      await waitFor(
        () =>
          t.env.rt.ctx.db.selectFrom("tickets").select("id").where("subject", "=", "Richiesta 900").executeTakeFirst(),
        10_000,
      );
      expect(Date.now() - t0).toBeLessThan(10_000);
      // And IDLE watches it from now on: the next message comes without a poll too.
      await waitFor(() => scheduler.watching().includes(id), 10_000);
      await bulk.append("INBOX", message(901, "bulk@shop.it"));
      await waitFor(
        () =>
          t.env.rt.ctx.db.selectFrom("tickets").select("id").where("subject", "=", "Richiesta 901").executeTakeFirst(),
        10_000,
      );
    } finally {
      await bulk.logout().catch(() => undefined);
      await scheduler.stop();
    }
  });

  it("watches a mailbox added after the scheduler started and lets go of a removed one", async () => {
    const scheduler = startImapScheduler(t.env.rt.ctx, 300);
    try {
      const id = await t.addMailbox("late@shop.it");
      await waitFor(() => scheduler.watching().includes(id), 10_000);
      const res = await t.env.app.inject({
        method: "DELETE",
        url: `/api/v1/mailboxes/${id}`,
        headers: t.env.auth(t.env.adminToken),
      });
      expect(res.statusCode).toBe(200);
      await waitFor(() => !scheduler.watching().includes(id), 10_000);
    } finally {
      await scheduler.stop();
    }
  });
});

describe("IMAP progress", () => {
  it("is the highest UID below which every message is done, whatever order they finish in", () => {
    const p = new DoneBelow([3, 4, 7, 8, 9]);
    expect(p.add([4])).toBe(null);
    expect(p.add([8, 9])).toBe(null);
    expect(p.add([3])).toBe(4);
    expect(p.add([7])).toBe(9);
  });
  it("writes UID sets compactly", () => {
    expect(uidSet([9, 3, 4, 5, 7, 12, 13])).toBe("3:5,7,9,12:13");
    expect(uidSet([1])).toBe("1");
  });
});
