import type { Selectable } from "kysely";
import type { ImapFlow, ImapFlowOptions } from "imapflow";
import type { Ctx } from "../../context";
import type { MailboxTable } from "../../db/schema";
import { ingest } from "./inbound";
import { mailboxById, saveImapProgress, setImapStatus } from "./mailboxes.queries";

export type Mailbox = Selectable<MailboxTable>;
type Counts = { imported: number; duplicates: number };

/**
 * Ingests kept in flight at once, for a group-committing ingest() to batch them: on SQLite 32 imported 1,500
 * messages of bench/imap.bench.ts about 30% faster than 16 and 3.5 times faster than one at a time. Since reading
 * moved to the read thread, 64 (with 100 UIDs per FETCH) beat 32 (with 50) in six alternating runs of the real
 * path out of six: 860–948 → 926–967 msg/s. The bytes in flight are capped too, since a message may carry 25 MB
 * of attachments.
 */
const IN_FLIGHT = 64;
const IN_FLIGHT_BYTES = 64 * 1024 * 1024;
/**
 * UIDs per FETCH. A FETCH streams only as fast as ingests free their slots, and the flags, moves and progress of
 * finished messages queue behind it on the connection: a short FETCH keeps them waiting little.
 */
const FETCH_CHUNK = 100;

// imapflow (about 6 MB of heap) loads when a mailbox is first read, not at every start: many installations
// receive mail over SMTP only.
let imapFlow: Promise<typeof ImapFlow> | undefined;
export const loadImapFlow = () => (imapFlow ??= import("imapflow").then((m) => m.ImapFlow));

export const imapOptions = (ctx: Ctx, m: Mailbox): ImapFlowOptions => ({
  host: m.imap_host!,
  port: m.imap_port ?? (m.imap_secure ? 993 : 143),
  secure: m.imap_secure === 1,
  auth: { user: m.imap_user!, pass: m.imap_password ? ctx.secrets.open(m.imap_password) : "" },
  logger: false,
  connectionTimeout: 15_000,
  greetingTimeout: 10_000,
  tls: { rejectUnauthorized: true },
});

/** "3:7,9,12:13": the UID set of an IMAP command. */
export function uidSet(uids: number[]): string {
  const sorted = [...uids].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] <= sorted[j] + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/**
 * The highest UID below which every message is done, while messages finish out of order: the only UID that is
 * safe to save as progress, since a crash then re-fetches (as duplicates) what was in flight and skips nothing.
 */
export class DoneBelow {
  private next = 0;
  private readonly done = new Set<number>();
  constructor(private readonly uids: readonly number[]) {}
  add(uids: Iterable<number>): number | null {
    for (const u of uids) this.done.add(u);
    while (this.next < this.uids.length && this.done.delete(this.uids[this.next])) this.next++;
    return this.next ? this.uids[this.next - 1] : null;
  }
}

// One fetch per mailbox at a time in this process. A call while one runs starts none and returns at once (it
// imported nothing itself): it only asks the running fetch to search once more before it ends. A job that finds
// its mailbox busy then frees its worker slot at once instead of holding it for the length of an import; across
// processes, the unique Message-ID keeps a message single and progress only moves forward.
type Flight = { again: boolean };
const flights = new WeakMap<Ctx, Map<number, Flight>>();

/**
 * Imports the new messages of one IMAP mailbox: resumes after the last imported UID (from the start again if
 * UIDVALIDITY changed), hands each raw message to the same pipeline as SMTP (which ignores a Message-ID it
 * already has), then flags or moves it as configured. Status and last error are kept on the mailbox.
 */
export async function fetchMailbox(ctx: Ctx, mailboxId: number): Promise<Counts> {
  const mine = flights.get(ctx) ?? new Map<number, Flight>();
  flights.set(ctx, mine);
  const running = mine.get(mailboxId);
  if (running) {
    running.again = true;
    return { imported: 0, duplicates: 0 };
  }
  const flight: Flight = { again: false };
  mine.set(mailboxId, flight);
  // Over once the last search found nothing: a later call must start a fetch of its own.
  const over = () => mine.get(mailboxId) === flight && mine.delete(mailboxId);
  try {
    return await fetchOnce(ctx, mailboxId, flight, over);
  } finally {
    over();
  }
}

async function fetchOnce(ctx: Ctx, mailboxId: number, flight: Flight, over: () => void): Promise<Counts> {
  const m = await mailboxById(ctx, mailboxId);
  if (!m?.imap_host || !m.imap_user) return { imported: 0, duplicates: 0 };
  const client = new (await loadImapFlow())(imapOptions(ctx, m));
  // A socket failure after connect() is emitted here (and rejects the command in progress); unheard, it would end the process.
  client.on("error", (err) => ctx.log.debug({ err, mailbox: m.id }, "imap connection error"));
  const counts = { imported: 0, duplicates: 0 };
  try {
    await client.connect();
    const lock = await client.getMailboxLock(m.imap_folder ?? "INBOX");
    try {
      const validity = String(client.mailbox ? client.mailbox.uidValidity : "");
      let lastUid = m.imap_uid_validity === validity ? Number(m.imap_last_uid ?? 0) : 0;
      for (;;) {
        // Messages that arrive during the import are found by the next search; a call that came during this
        // search (flight.again) may know of one that it did not see yet.
        flight.again = false;
        const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
        if (!found) throw new Error("the server refused UID SEARCH");
        // "n:*" always matches the last message, even when it is older than n.
        const uids = found.filter((u) => u > lastUid).sort((a, b) => a - b);
        if (uids.length) {
          await importUids(ctx, client, m, validity, uids, counts);
          lastUid = uids[uids.length - 1];
        } else if (!flight.again) break;
      }
      over();
    } finally {
      lock.release();
    }
    await client.logout();
    await setImapStatus(ctx, m.id, "ok", null);
    return counts;
  } catch (err) {
    client.close();
    const message = String((err as Error & { responseText?: string }).responseText ?? (err as Error).message ?? err);
    await setImapStatus(ctx, m.id, "error", message.slice(0, 1000));
    throw err;
  }
}

/**
 * Imports the given UIDs (ascending) with up to IN_FLIGHT ingests (and IN_FLIGHT_BYTES) at once. The messages done meanwhile are flagged
 * or moved with one command, then progress is saved as the highest UID below which everything is done. The first
 * failure stops new ingests and is thrown once those in flight are over; what was not flagged by then is fetched
 * again next time, as the duplicate it is.
 */
async function importUids(ctx: Ctx, client: ImapFlow, m: Mailbox, validity: string, uids: number[], counts: Counts) {
  const progress = new DoneBelow(uids);
  const ingested: number[] = [];
  const running = new Set<Promise<void>>();
  let bytes = 0;
  // Typed by assertion: set from callbacks, which TypeScript's narrowing of a `= null` would not see.
  let failure = null as { err: unknown } | null;
  const fail = (err: unknown) => void (failure ??= { err });
  let slotFreed: (() => void) | null = null;

  // Flags, moves and the progress update run one batch at a time, beside the fetching and the ingests.
  let finishing: Promise<void> | null = null;
  const finish = () => {
    finishing ??= (async () => {
      while (ingested.length && !failure) {
        const batch = ingested.splice(0);
        await afterImport(client, m, batch);
        const below = progress.add(batch);
        if (below !== null) await saveImapProgress(ctx, m.id, validity, below);
      }
    })()
      .catch(fail)
      .finally(() => {
        finishing = null;
        if (ingested.length && !failure) void finish();
      });
    return finishing;
  };

  const start = (uid: number, raw: Buffer) => {
    bytes += raw.length;
    const p: Promise<void> = ingest(ctx, { raw, recipients: [m.address] })
      .then((r) => {
        if (r.status === "duplicate") counts.duplicates++;
        else counts.imported++;
        ingested.push(uid);
        void finish();
      })
      .catch(fail)
      .finally(() => {
        running.delete(p);
        bytes -= raw.length;
        slotFreed?.();
      });
    running.add(p);
  };

  try {
    for (let i = 0; i < uids.length && !failure; i += FETCH_CHUNK) {
      const chunk = uids.slice(i, i + FETCH_CHUNK);
      const wanted = new Set(chunk);
      for await (const msg of client.fetch(
        `${chunk[0]}:${chunk[chunk.length - 1]}`,
        { uid: true, source: true },
        { uid: true },
      )) {
        const raw = msg.source;
        if (!raw || !wanted.delete(msg.uid)) continue;
        const full = () => running.size >= IN_FLIGHT || (running.size > 0 && bytes + raw.length > IN_FLIGHT_BYTES);
        while (full() && !failure) await new Promise<void>((r) => (slotFreed = r));
        if (failure) break;
        start(msg.uid, raw);
      }
      // A UID gone between SEARCH and FETCH (expunged by another client) has nothing left to import.
      if (!failure && wanted.size) progress.add(wanted);
    }
  } catch (err) {
    // A lost connection: the ingests in flight still end before this fetch does.
    fail(err);
  }
  await Promise.all(running);
  while (finishing || (ingested.length && !failure)) await (finishing ?? finish());
  if (failure) throw failure.err;
}

/** Flags or moves imported messages. A refusal is an error of the mailbox: progress would otherwise pass messages left behind. */
async function afterImport(client: ImapFlow, m: Mailbox, uids: number[]) {
  if (m.imap_after === "move" && m.imap_move_to) {
    if ((await client.messageMove(uidSet(uids), m.imap_move_to, { uid: true })) === false)
      throw new Error(`could not move messages to ${m.imap_move_to}`);
  } else if (m.imap_after !== "none") {
    if (!(await client.messageFlagsAdd(uidSet(uids), ["\\Seen"], { uid: true })))
      throw new Error("could not flag messages as seen");
  }
}
