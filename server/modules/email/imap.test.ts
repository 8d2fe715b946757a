import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dovecotAvailable, startDovecot } from "../../test/dovecot";
import { DIALECTS, type TestEnv, testEnv } from "../../test/harness";
import { fetchMailbox } from "./imap";

if (!dovecotAvailable) console.warn("IMAP suite skipped: it needs Debian's dovecot-imapd and root (CI installs it)");

describe.skipIf(!dovecotAvailable).each(DIALECTS)("IMAP fetching from a real Dovecot on %s", (mode) => {
  let env: TestEnv;
  let dovecot: Awaited<ReturnType<typeof startDovecot>>;
  let imap: ImapFlow;
  const append = (i: number, extra = "") =>
    imap.append("INBOX", `From: Cliente ${i} <c${i}@client.it>\r\nTo: support@shop.it\r\nSubject: Richiesta ${i}\r\nMessage-ID: <imap-${i}@client.it>\r\n${extra}\r\nTesto ${i}\r\n`);

  beforeAll(async () => {
    dovecot = await startDovecot({ "support@shop.it": "secret", "other@shop.it": "secret" });
    env = await testEnv(mode, {}, { worker: false });
    imap = new ImapFlow({ host: "127.0.0.1", port: dovecot.port, secure: false, auth: { user: "support@shop.it", pass: "secret" }, logger: false });
    await imap.connect();
  });
  afterAll(async () => {
    await imap?.logout().catch(() => {});
    await env?.close();
    await dovecot?.stop();
  });

  it("imports new messages once, resumes from the last UID and flags what it imported", async () => {
    for (let i = 1; i <= 3; i++) await append(i);
    const created = await env.app.inject({
      method: "POST", url: "/api/v1/mailboxes", headers: env.auth(env.adminToken),
      payload: { address: "support@shop.it", imap: { host: "127.0.0.1", port: dovecot.port, secure: false, user: "support@shop.it", password: "secret" } },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().imap).not.toHaveProperty("password");
    const id = created.json().id;
    expect(await fetchMailbox(env.rt.ctx, id)).toEqual({ imported: 3, duplicates: 0 });
    expect(await fetchMailbox(env.rt.ctx, id)).toEqual({ imported: 0, duplicates: 0 });
    await append(4);
    // The same message delivered again (another copy, another UID) is not imported twice.
    await append(1);
    expect(await fetchMailbox(env.rt.ctx, id)).toEqual({ imported: 1, duplicates: 1 });
    const tickets = (await env.app.inject({ method: "GET", url: "/api/v1/tickets?limit=50", headers: env.auth(env.adminToken) })).json().data;
    expect(tickets.map((t: { subject: string }) => t.subject).sort()).toEqual(["Richiesta 1", "Richiesta 2", "Richiesta 3", "Richiesta 4"]);
    const lock = await imap.getMailboxLock("INBOX");
    const unseen = await imap.search({ seen: false }, { uid: true });
    lock.release();
    expect(unseen).toEqual([]);
    const box = (await env.app.inject({ method: "GET", url: "/api/v1/mailboxes", headers: env.auth(env.adminToken) })).json().data[0];
    expect(box.imap).toMatchObject({ status: "ok", last_error: null, last_uid: 5 });
    const metrics = (await env.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(metrics).toMatch(/sportello_imap_seconds_since_fetch\{mailbox="support@shop.it"\} \d/);
  });

  it("records a broken mailbox's error without touching the others", async () => {
    const bad = await env.app.inject({
      method: "POST", url: "/api/v1/mailboxes", headers: env.auth(env.adminToken),
      payload: { address: "other@shop.it", imap: { host: "127.0.0.1", port: dovecot.port, secure: false, user: "other@shop.it", password: "wrong" } },
    });
    await expect(fetchMailbox(env.rt.ctx, bad.json().id)).rejects.toThrow();
    const boxes = (await env.app.inject({ method: "GET", url: "/api/v1/mailboxes", headers: env.auth(env.adminToken) })).json().data;
    expect(boxes.find((b: { address: string }) => b.address === "other@shop.it").imap).toMatchObject({ status: "error", last_error: expect.stringMatching(/auth|fail/i) });
    expect(boxes.find((b: { address: string }) => b.address === "support@shop.it").imap.status).toBe("ok");
  });
});
