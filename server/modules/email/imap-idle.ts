import type { ImapFlow } from "imapflow";
import type { Ctx } from "../../context";
import { imapOptions, loadImapFlow, type Mailbox } from "./imap";
import { onForgetMailboxes } from "./inbound";
import { imapMailboxes } from "./mailboxes.queries";

// The imap role: a poll of every IMAP mailbox now and then, and an IDLE connection per mailbox between polls
// so that new mail is fetched at once. The fetching itself is imap.ts's.

/** IDLE sessions are renewed this often (RFC 2177: servers may drop one after 30 minutes). */
const IDLE_RENEW_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * One long-lived connection to one mailbox, in IDLE: each new message the server announces calls `onMail`.
 * Reconnects with backoff when the connection drops, and asks for a fetch after each reconnection, for what
 * arrived meanwhile. A server without IDLE is left to polling.
 */
class IdleWatcher {
  idling = false;
  private client: ImapFlow | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private readonly done: Promise<void>;

  constructor(
    private readonly ctx: Ctx,
    readonly m: Mailbox,
    private readonly onMail: () => void,
  ) {
    this.done = this.run();
  }

  private async run() {
    for (let failures = 0, connected = false; !this.stopped;) {
      const client = (this.client = new (await loadImapFlow())({
        ...imapOptions(this.ctx, this.m),
        disableAutoIdle: true,
        maxIdleTime: IDLE_RENEW_MS,
      }));
      client.on("error", (err) => this.ctx.log.debug({ err, mailbox: this.m.id }, "imap idle connection error"));
      let since = 0;
      let refused = false;
      try {
        await client.connect();
        if (!client.capabilities.has("IDLE")) {
          this.ctx.log.info({ mailbox: this.m.id }, "imap server without IDLE: the mailbox is polled");
          await client.logout();
          return;
        }
        await client.mailboxOpen(this.m.imap_folder ?? "INBOX", { readOnly: true });
        client.on("exists", (e) => e.count > e.prevCount && !this.stopped && this.onMail());
        if (connected) this.onMail();
        connected = true;
        since = Date.now();
        this.idling = true;
        // Resolves only once the connection is gone (imapflow renews the IDLE itself every IDLE_RENEW_MS).
        await client.idle();
      } catch (err) {
        refused = !!(err as { authenticationFailed?: boolean }).authenticationFailed;
        if (!this.stopped) this.ctx.log.debug({ err, mailbox: this.m.id }, "imap idle failed");
      } finally {
        this.idling = false;
        client.close();
      }
      // A session that lasted a while was a working one: the next failure starts the backoff again.
      if (since && Date.now() - since > 60_000) failures = 0;
      // A refused login is not retried soon: servers count failed logins per address (Dovecot then slows down
      // every login from it, fail2ban blocks it), and the poll reports the error on the mailbox meanwhile.
      const delay = refused ? MAX_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures++);
      if (!this.stopped) await new Promise<void>((r) => ((this.wake = r), setTimeout(r, delay).unref()));
    }
  }

  async stop() {
    this.stopped = true;
    this.wake?.();
    const c = this.client;
    if (c?.usable)
      await Promise.race([c.logout().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
    c?.close();
    await this.done;
  }
}

export interface ImapScheduler {
  /** Ids of the mailboxes with an IDLE session up. */
  watching(): number[];
  stop(): Promise<void>;
}

/** IDLE notices of one mailbox become at most one fetch job per this many ms (a burst of new mail, one job). */
const NOTICE_GAP_MS = 1000;

/**
 * The imap role. Every poll interval: one fetch job per IMAP mailbox (the job id makes a poll enqueue once), and
 * the list of mailboxes re-read, so that added, changed and removed ones get, renew or lose their IDLE watcher.
 * Between polls, new mail announced through IDLE enqueues the mailbox's fetch at once.
 */
export function startImapScheduler(ctx: Ctx, everyMs = 30_000): ImapScheduler {
  const watchers = new Map<number, IdleWatcher>();
  const notices = new Map<number, { last: number; timer: NodeJS.Timeout | null }>();
  const stopping = new Set<Promise<void>>();
  let stopped = false;
  let ticking = false;
  const enqueue = (id: number, jobId: string) =>
    ctx.jobs
      .enqueue("imap.fetch", { mailbox_id: id }, { jobId, attempts: 1 })
      .catch((err) => ctx.log.warn({ err, mailbox: id }, "imap scheduling failed"));

  // The first notice enqueues at once, later ones within the gap become one trailing job. The job id is per gap,
  // so several imap nodes watching one mailbox enqueue a notice once (BullMQ; the embedded queue has one node).
  const newMail = (id: number) => {
    const n = notices.get(id) ?? { last: 0, timer: null };
    notices.set(id, n);
    if (n.timer || stopped) return;
    const fire = () => {
      n.timer = null;
      n.last = Date.now();
      void enqueue(id, `imap-${id}-idle-${Math.floor(n.last / NOTICE_GAP_MS)}`);
    };
    const wait = n.last + NOTICE_GAP_MS - Date.now();
    if (wait <= 0) fire();
    else n.timer = setTimeout(fire, wait);
  };

  // poll: enqueue a fetch of every mailbox (the timer); otherwise only the watchers follow the list (a mailbox
  // added or removed on this node, whose fetch the API enqueued already).
  let again = false;
  const tick = async (poll = true): Promise<void> => {
    if (ticking) {
      again ||= !poll;
      return;
    }
    ticking = true;
    try {
      const boxes = await imapMailboxes(ctx);
      if (stopped) return;
      const bucket = Math.floor(Date.now() / everyMs);
      if (poll) for (const b of boxes) await enqueue(b.id, `imap-${b.id}-${bucket}`);
      const current = new Map(boxes.map((b) => [b.id, b]));
      for (const [id, w] of watchers) {
        if (sameConnection(w.m, current.get(id))) continue;
        watchers.delete(id);
        const s = w.stop().finally(() => stopping.delete(s));
        stopping.add(s);
        if (!current.has(id)) {
          clearTimeout(notices.get(id)?.timer ?? undefined);
          notices.delete(id);
        }
      }
      for (const b of boxes)
        if (!watchers.has(b.id) && !stopped) watchers.set(b.id, new IdleWatcher(ctx, b, () => newMail(b.id)));
    } finally {
      ticking = false;
    }
    if (again && !stopped) {
      again = false;
      await tick(false);
    }
  };
  const failed = (err: unknown) => ctx.log.warn({ err }, "imap scheduling failed");
  const timer = setInterval(() => void tick().catch(failed), everyMs);
  void tick().catch(failed);
  const unsubscribe = onForgetMailboxes(ctx, () => void tick(false).catch(failed));
  return {
    watching: () => [...watchers].filter(([, w]) => w.idling).map(([id]) => id),
    async stop() {
      stopped = true;
      unsubscribe();
      clearInterval(timer);
      for (const n of notices.values()) if (n.timer) clearTimeout(n.timer);
      await Promise.all([...watchers.values()].map((w) => w.stop()).concat([...stopping]));
      watchers.clear();
    },
  };
}

const CONNECTION = ["imap_host", "imap_port", "imap_secure", "imap_user", "imap_password", "imap_folder"] as const;
const sameConnection = (a: Mailbox, b: Mailbox | undefined) => !!b && CONNECTION.every((k) => a[k] === b[k]);
