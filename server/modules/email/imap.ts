import { ImapFlow } from "imapflow";
import type { Ctx } from "../../context";
import { ingest } from "./inbound";

const FETCH_BATCH = 200;

/**
 * Imports the new messages of one IMAP mailbox: resumes after the last imported UID (from the start again if
 * UIDVALIDITY changed), hands each raw message to the same pipeline as SMTP (which ignores a Message-ID it
 * already has), then flags or moves it as configured. Status and last error are kept on the mailbox.
 */
export async function fetchMailbox(ctx: Ctx, mailboxId: number): Promise<{ imported: number; duplicates: number }> {
  const m = await ctx.db.selectFrom("mailboxes").selectAll().where("id", "=", mailboxId).executeTakeFirst();
  if (!m?.imap_host || !m.imap_user) return { imported: 0, duplicates: 0 };
  const client = new ImapFlow({
    host: m.imap_host, port: m.imap_port ?? (m.imap_secure ? 993 : 143), secure: m.imap_secure === 1,
    auth: { user: m.imap_user, pass: m.imap_password ?? "" }, logger: false, connectionTimeout: 15_000, greetingTimeout: 10_000,
    tls: { rejectUnauthorized: true },
  });
  let imported = 0;
  let duplicates = 0;
  try {
    await client.connect();
    const lock = await client.getMailboxLock(m.imap_folder ?? "INBOX");
    try {
      const box = client.mailbox;
      const validity = box ? String(box.uidValidity) : null;
      let lastUid = m.imap_uid_validity === validity ? Number(m.imap_last_uid ?? 0) : 0;
      for (;;) {
        const batch: { uid: number; source: Buffer }[] = [];
        for await (const msg of client.fetch(`${lastUid + 1}:*`, { uid: true, source: true }, { uid: true })) {
          // "n:*" always returns the last message, even when it is older than n.
          if (msg.uid > lastUid && msg.source) batch.push({ uid: msg.uid, source: msg.source });
          if (batch.length >= FETCH_BATCH) break;
        }
        if (!batch.length) break;
        batch.sort((a, b) => a.uid - b.uid);
        for (const msg of batch) {
          const r = await ingest(ctx, { raw: msg.source, recipients: [m.address] });
          if (r.status === "duplicate") duplicates++;
          else imported++;
          if (m.imap_after === "move" && m.imap_move_to) await client.messageMove(String(msg.uid), m.imap_move_to, { uid: true });
          else if (m.imap_after !== "none") await client.messageFlagsAdd(String(msg.uid), ["\\Seen"], { uid: true });
          lastUid = msg.uid;
          // Progress is saved per message: a crash re-fetches at most one message, which is then a duplicate.
          await ctx.db.updateTable("mailboxes").set({ imap_uid_validity: validity, imap_last_uid: lastUid }).where("id", "=", m.id).execute();
        }
      }
    } finally {
      lock.release();
    }
    await client.logout();
    await ctx.db.updateTable("mailboxes").set({ imap_status: "ok", imap_last_error: null, imap_last_fetch_at: Date.now() }).where("id", "=", m.id).execute();
    return { imported, duplicates };
  } catch (err) {
    client.close();
    const message = String((err as Error & { responseText?: string }).responseText ?? (err as Error).message ?? err);
    await ctx.db.updateTable("mailboxes").set({ imap_status: "error", imap_last_error: message.slice(0, 1000), imap_last_fetch_at: Date.now() }).where("id", "=", m.id).execute();
    throw err;
  }
}

/** The imap role: every poll interval, one fetch job per IMAP mailbox (the job id makes a poll enqueue once). */
export function startImapScheduler(ctx: Ctx, everyMs = 30_000): () => void {
  const tick = async () => {
    const boxes = await ctx.db.selectFrom("mailboxes").select("id").where("imap_host", "is not", null).execute();
    const bucket = Math.floor(Date.now() / everyMs);
    for (const b of boxes) await ctx.jobs.enqueue("imap.fetch", { mailbox_id: b.id }, { jobId: `imap-${b.id}-${bucket}`, attempts: 1 });
  };
  const timer = setInterval(() => void tick().catch((err) => ctx.log.warn({ err }, "imap scheduling failed")), everyMs);
  void tick().catch((err) => ctx.log.warn({ err }, "imap scheduling failed"));
  return () => clearInterval(timer);
}
