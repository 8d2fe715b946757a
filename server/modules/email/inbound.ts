import type { Insertable } from "kysely";
import type { Ctx } from "../../context";
import type { Db, Trx } from "../../db/index";
import type { EmailMessageTable } from "../../db/schema";
import { insertRows, statement } from "../../db/statements";
import type { UnitOfWork } from "../../events/outbox";
import { GroupCommit } from "../../lib/group-commit";
import { keepFiles, readStoredFile } from "../attachments/attachments.store";
import { findOrCreateCustomer } from "../customers/customers.queries";
import { addMessageIn, createTicketWithMessage } from "../tickets/tickets.service";
import { type Mailbox, type Prepared, prepare, splitPlus } from "./prepare";
import { claimHeld, claimWaitingFor, holdForParents, threadOf } from "./threading";

export interface Delivery {
  raw: Buffer;
  /** Envelope recipients (RCPT TO), lower-cased. */
  recipients: string[];
}

/** "held": a reply that arrived before the message it answers, stored and waiting for it (see placeWaiting). */
export type IngestResult = {
  status: "created" | "appended" | "duplicate" | "held";
  ticketNumber: number | null;
  flags: string[];
};

const MAILBOX_COLUMNS = ["id", "workspace_id", "address", "team_id"] as const;
const selectMailbox = (ctx: Ctx, address: string) =>
  ctx.db.selectFrom("mailboxes").select(MAILBOX_COLUMNS).where("address", "=", address).executeTakeFirst();

/**
 * Mailboxes found in the last few seconds, per database: every message looks its mailbox up twice (RCPT TO,
 * then ingest), and mailboxes change rarely. Only found ones are kept, so a mailbox just added answers at
 * once; one deleted on another node may take mail for MAILBOX_CACHE_MS more (it is then stored as usual).
 */
export const MAILBOX_CACHE_MS = 5000;
const mailboxCache = new WeakMap<Db, Map<string, { mailbox: Mailbox; until: number }>>();
/** Told when this node's mailboxes change (the SMTP thread keeps a copy of the cache). */
const forgetting = new WeakMap<Db, Set<() => void>>();

export function forgetMailboxes(ctx: Ctx) {
  mailboxCache.delete(ctx.db);
  for (const listener of forgetting.get(ctx.db) ?? []) listener();
}

/** Calls `listener` whenever forgetMailboxes() is called for this database; returns the unsubscribe. */
export function onForgetMailboxes(ctx: Ctx, listener: () => void): () => void {
  let set = forgetting.get(ctx.db);
  if (!set) forgetting.set(ctx.db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

export async function findMailbox(ctx: Ctx, address: string): Promise<Mailbox | undefined> {
  const [base] = splitPlus(address);
  let cache = mailboxCache.get(ctx.db);
  if (!cache) mailboxCache.set(ctx.db, (cache = new Map()));
  const hit = cache.get(base);
  if (hit && hit.until > Date.now()) return hit.mailbox;
  const mailbox = await selectMailbox(ctx, base);
  if (mailbox) cache.set(base, { mailbox, until: Date.now() + MAILBOX_CACHE_MS });
  else cache.delete(base);
  return mailbox;
}

/** More than this many messages from one sender within the window looks like a loop. */
export const LOOP_LIMIT = 20;
const LOOP_WINDOW_MS = 10 * 60_000;

type EmailRow = Omit<Insertable<EmailMessageTable>, "direction" | "created_at">;
const recordEmail = (trx: Trx, row: EmailRow) =>
  insertRows(trx, "email_messages", [{ ...row, direction: "in", created_at: Date.now() }]);
/** Statements every message runs (db/statements.ts: without Kysely's query building). */
const SEEN = statement<{ ticket_id: number | null }>(
  'select "ticket_id" from "email_messages" where "workspace_id" = ? and "header_message_id" = ?',
);
const SENT_LATELY = statement<{ n: number }>(
  'select count(*) as "n" from "email_messages" where "workspace_id" = ? and "from_address" = ? and "created_at" > ?',
);

/** Attachment rows for the message's files; inline images (cid:) in its HTML then point to them. */
async function attachFiles(trx: Trx, workspaceId: number, messageId: number, files: Prepared["files"]) {
  if (!files.length) return;
  const rows = await trx
    .insertInto("attachments")
    .values(
      files.map((f) => ({
        workspace_id: workspaceId,
        message_id: messageId,
        filename: f.filename,
        content_type: f.contentType,
        size: f.content.length,
        sha256: f.staged.sha256,
        created_at: Date.now(),
      })),
    )
    .returning("id")
    .execute();
  const byCid = new Map(files.flatMap((f, i) => (f.contentId ? [[f.contentId, rows[i].id] as const] : [])));
  if (!byCid.size) return;
  const msg = await trx.selectFrom("messages").select("body_html").where("id", "=", messageId).executeTakeFirst();
  if (!msg?.body_html) return;
  const html = msg.body_html.replace(/(["'])cid:([^"']+)\1/g, (whole, q: string, cid: string) =>
    byCid.has(cid) ? `${q}/api/v1/attachments/${byCid.get(cid)}${q}` : whole,
  );
  if (html !== msg.body_html)
    await trx.updateTable("messages").set({ body_html: html }).where("id", "=", messageId).execute();
}

/** The outgoing email a bounce reports on, found by the Message-ID the report quotes. */
async function bounceTarget(trx: Trx, workspaceId: number, messageId: string | null) {
  if (!messageId) return undefined;
  // Sign-in link emails belong to no ticket: a bounce of one is an ordinary unmatched bounce.
  const row = await trx
    .selectFrom("mail_outbox")
    .select(["id", "ticket_id", "message_id"])
    .where("workspace_id", "=", workspaceId)
    .where("header_message_id", "=", messageId)
    .executeTakeFirst();
  return row?.ticket_id ? { ...row, ticket_id: row.ticket_id } : undefined;
}

/** Incoming mail shares transactions with the other messages arriving at the same moment (one per database). */
const commits = new WeakMap<Db, GroupCommit>();
function groupCommit(ctx: Ctx): GroupCommit {
  let g = commits.get(ctx.db);
  // SQLite has one writer, and most of a small write's cost is its commit (with the search index's flush):
  // the lane waits (2 ms at most) for the messages already being read (ingest() announces each), so that they
  // share it, and commits at once when none is coming. On PostgreSQL a message's cost is its
  // round trips, which a shared transaction would only put in a row: each has its own, up to 8 at once
  // (measured: 47 msg/s alone against 31-40 in batches of 16 on 4 connections, same busy machine).
  if (!g)
    commits.set(
      ctx.db,
      (g = new GroupCommit(
        ctx,
        ctx.dialect === "sqlite" ? { lanes: 1, maxBatch: 64, gatherMs: 2 } : { lanes: 8, maxBatch: 1 },
      )),
    );
  return g;
}

/**
 * Stores the raw message (in the database; on disk, fsynced, when large) and creates or continues its ticket
 * in one transaction. Returns
 * only once both are durable: the SMTP server answers 250 after this resolves, and nothing is lost if the
 * process dies before (the client retries) or after (the Message-ID makes the retry a duplicate).
 */
export async function ingest(ctx: Ctx, d: Delivery): Promise<IngestResult> {
  // While this message is read, a gathering transaction waits for it (see GroupCommit.announce).
  const arrived = announceDelivery(ctx);
  let placed: Promise<IngestResult>;
  try {
    const mailbox = (await Promise.all(d.recipients.map((r) => findMailbox(ctx, r)))).find(Boolean);
    if (!mailbox) throw new Error("no mailbox for these recipients");
    placed = placeDelivery(ctx, await prepare(ctx, mailbox, d.raw, d.recipients));
  } finally {
    arrived();
  }
  return placed;
}

/**
 * Says that a message is being read (here, or in the SMTP thread) and will be placed in a moment: the
 * transaction that is gathering waits for it. Call the returned function once it is handed to placeDelivery,
 * or given up.
 */
export function announceDelivery(ctx: Ctx): () => void {
  return groupCommit(ctx).announce();
}

/** Places a prepared message in the next shared transaction; resolves once it is committed. */
export function placeDelivery(ctx: Ctx, p: Prepared): Promise<IngestResult> {
  return groupCommit(ctx)
    .run((uow) => place(ctx, uow, p, null))
    .catch(async (err) => {
      // Two deliveries of one message at the same moment (an MTA retrying, two IMAP polls): the second loses the
      // race on the unique Message-ID, its transaction rolls back, and it is reported as the duplicate it is.
      if (!isUniqueViolation(err)) throw err;
      const seen = await ctx.db
        .selectFrom("email_messages")
        .select("ticket_id")
        .where("workspace_id", "=", p.mailbox.workspace_id)
        .where("header_message_id", "=", p.mail.messageId)
        .executeTakeFirst();
      if (!seen) throw err;
      const t = seen.ticket_id
        ? await ctx.db.selectFrom("tickets").select("number").where("id", "=", seen.ticket_id).executeTakeFirst()
        : undefined;
      return { status: "duplicate" as const, ticketNumber: t?.number ?? null, flags: p.flags };
    });
}

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; message?: string };
  return (
    e?.code === "23505" || e?.code === "SQLITE_CONSTRAINT_UNIQUE" || /UNIQUE constraint failed/.test(e?.message ?? "")
  );
};

/** A held message again, from its stored raw file, for placing it now. */
async function prepareHeld(
  ctx: Ctx,
  db: Db | Trx,
  held: { mailbox_id: number | null; raw_sha256: string; workspace_id: number },
) {
  const mailbox =
    (await db
      .selectFrom("mailboxes")
      .select(MAILBOX_COLUMNS)
      .where("id", "=", held.mailbox_id ?? -1)
      .executeTakeFirst()) ??
    (await db
      .selectFrom("mailboxes")
      .select(MAILBOX_COLUMNS)
      .where("workspace_id", "=", held.workspace_id)
      .orderBy("id")
      .executeTakeFirstOrThrow());
  const raw = await readStoredFile(ctx, held.raw_sha256, db);
  if (!raw) throw new Error(`the original of held message ${held.raw_sha256} is missing`);
  return prepare(ctx, mailbox, raw, [mailbox.address]);
}

/**
 * Puts one prepared message where it belongs, inside the caller's transaction: a duplicate, a receipt or a
 * bounce on the message it reports on, a reply on its thread, a new ticket, or (a reply to messages we have
 * not seen yet) held until they arrive. `heldId` places a message that was held, whose row exists already.
 */
async function place(ctx: Ctx, uow: UnitOfWork, p: Prepared, heldId: number | null): Promise<IngestResult> {
  const { mailbox, raw, rawSize, mail, pec, files, flags, tokens, subject, body, replyText, terms, actor } = p;
  const sha = raw.sha256;
  const trx = uow.trx;
  const workspaceId = mailbox.workspace_id;
  const emailRow = (
    row: Omit<
      EmailRow,
      "workspace_id" | "mailbox_id" | "header_message_id" | "from_address" | "subject" | "raw_sha256" | "raw_size"
    >,
  ) => {
    const full = {
      ...row,
      workspace_id: workspaceId,
      mailbox_id: mailbox.id,
      header_message_id: mail.messageId,
      from_address: mail.from?.address ?? null,
      subject: mail.subject,
      raw_sha256: sha,
      raw_size: rawSize,
    };
    return heldId === null
      ? recordEmail(trx, full)
      : trx
          .updateTable("email_messages")
          .set({ ticket_id: full.ticket_id, message_id: full.message_id, flags: full.flags, held_until: null })
          .where("id", "=", heldId)
          .execute();
  };
  if (heldId === null) {
    const seen = await SEEN.first(trx, [workspaceId, mail.messageId]);
    if (seen) {
      const t = seen.ticket_id
        ? await trx.selectFrom("tickets").select("number").where("id", "=", seen.ticket_id).executeTakeFirst()
        : undefined;
      return { status: "duplicate" as const, ticketNumber: t?.number ?? null, flags };
    }
  }
  // The original and its attachments commit with the rows that reference them (a duplicate keeps none).
  await keepFiles(trx, [raw, ...files.map((f) => f.staged)]);
  if (pec?.receiptOf) {
    // Acceptance and delivery receipts of our own PEC messages belong to the message they certify.
    const sent = await bounceTarget(trx, workspaceId, pec.receiptOf);
    if (sent)
      await trx
        .insertInto("ticket_events")
        .values({
          workspace_id: workspaceId,
          ticket_id: sent.ticket_id,
          type: "pec_receipt",
          actor_type: "system",
          actor_id: null,
          data: JSON.stringify({ message_id: sent.message_id, type: pec.type, date: pec.date, id: pec.id }),
          created_at: Date.now(),
        })
        .execute();
    await emailRow({
      ticket_id: sent?.ticket_id ?? null,
      message_id: null,
      in_reply_to: pec.receiptOf,
      flags: JSON.stringify(sent ? flags : [...flags, "unmatched"]),
    });
    const t = sent
      ? await trx.selectFrom("tickets").select("number").where("id", "=", sent.ticket_id).executeTakeFirstOrThrow()
      : null;
    return { status: "appended" as const, ticketNumber: t?.number ?? null, flags };
  }
  if (mail.kind === "bounce") {
    const failed = await bounceTarget(trx, workspaceId, mail.bounceOf);
    if (failed) {
      // A delivery failure belongs on the ticket whose email bounced, never in a new ticket.
      await trx
        .insertInto("ticket_events")
        .values({
          workspace_id: workspaceId,
          ticket_id: failed.ticket_id,
          type: "delivery_failed",
          actor_type: "system",
          actor_id: null,
          data: JSON.stringify({
            message_id: failed.message_id,
            recipient: mail.bounceRecipient,
            subject: mail.subject,
          }),
          created_at: Date.now(),
        })
        .execute();
      await trx
        .updateTable("mail_outbox")
        .set({ status: "dead", last_error: `bounced: ${mail.subject}`.slice(0, 500) })
        .where("id", "=", failed.id)
        .execute();
      await emailRow({
        ticket_id: failed.ticket_id,
        message_id: null,
        in_reply_to: mail.bounceOf,
        flags: JSON.stringify(flags),
      });
      const t = await trx
        .selectFrom("tickets")
        .select("number")
        .where("id", "=", failed.ticket_id)
        .executeTakeFirstOrThrow();
      return { status: "appended" as const, ticketNumber: t.number, flags };
    }
  }
  const senderAddress = mail.from?.address ?? `unknown-sender@${mailbox.address.split("@")[1]}`;
  const sender = await findOrCreateCustomer(trx, workspaceId, senderAddress, mail.from?.name);
  // Mail loops (two autoresponders answering each other) show as one sender writing far too often: past the
  // limit, messages are still stored but join the sender's latest ticket instead of opening new ones. A held
  // message was counted when it arrived.
  let looping = false;
  if (heldId === null) {
    const recent = (await SENT_LATELY.first(trx, [workspaceId, senderAddress, Date.now() - LOOP_WINDOW_MS]))!;
    looping = Number(recent.n) >= LOOP_LIMIT;
    if (looping) {
      flags.push("rate_limited");
      ctx.log.warn(
        { sender: senderAddress, messages: Number(recent.n), windowMinutes: LOOP_WINDOW_MS / 60_000 },
        "mail loop suspected: sender over the per-sender limit; messages join their latest ticket",
      );
    }
  }
  const found = await threadOf(trx, workspaceId, sender.id, tokens, mail.inReplyTo, mail.subject);
  let thread = found.ticket;
  // A reply that refers only to messages we have never seen was probably read before them (a backlog fetched
  // out of order, two mailboxes): it waits for them, so that it joins their ticket instead of opening one.
  if (
    !thread &&
    !found.known &&
    !looping &&
    heldId === null &&
    !pec &&
    mail.inReplyTo.length &&
    ctx.config.emailThreadWaitMs > 0
  ) {
    const [row] = await trx
      .insertInto("email_messages")
      .values({
        workspace_id: workspaceId,
        mailbox_id: mailbox.id,
        ticket_id: null,
        message_id: null,
        direction: "in",
        header_message_id: mail.messageId,
        in_reply_to: mail.inReplyTo[0] ?? null,
        from_address: mail.from?.address ?? null,
        subject: mail.subject,
        raw_sha256: sha,
        raw_size: rawSize,
        flags: JSON.stringify(flags),
        created_at: Date.now(),
        held_until: Date.now() + ctx.config.emailThreadWaitMs,
      })
      .returning("id")
      .execute();
    await holdForParents(trx, workspaceId, row.id, mail.inReplyTo);
    return { status: "held", ticketNumber: null, flags };
  }
  if (!thread && looping) {
    thread = await trx
      .selectFrom("tickets")
      .select(["id", "number", "status", "requester_id"])
      .where("requester_id", "=", sender.id)
      .where("status", "<>", "closed")
      .orderBy("id", "desc")
      .executeTakeFirst();
  }
  let ticketId: number;
  let ticketNumber: number;
  let messageId: number;
  let status: IngestResult["status"];
  if (thread && thread.status !== "closed") {
    const { message } = await addMessageIn(
      ctx,
      uow,
      { kind: "customer", workspaceId, customerId: sender.id },
      thread.number,
      {
        body_text: body,
        body_html: mail.html ?? undefined,
        internal: false,
        attachment_ids: [],
        reply_text: replyText,
        reply_terms: terms?.message,
        html_sanitized: true,
      },
    );
    [ticketId, ticketNumber, messageId, status] = [thread.id, thread.number, message.id, "appended"];
  } else {
    const { ticket, message } = await createTicketWithMessage(
      ctx,
      uow,
      actor,
      {
        subject,
        body_text: body,
        body_html: mail.html ?? undefined,
        requester: { email: sender.email, name: sender.name ?? undefined },
        priority: "normal",
        channel: "email",
        tags: flags.includes("unreadable") ? ["unreadable-email"] : [],
        team_id: mailbox.team_id,
      },
      { replyText, htmlSanitized: true, requesterId: sender.id, terms },
    );
    [ticketId, ticketNumber, messageId, status] = [ticket.id, ticket.number, message.id, "created"];
    if (thread) {
      // A reply to a closed ticket opens a follow-up that points back to it.
      await trx
        .insertInto("ticket_events")
        .values({
          workspace_id: workspaceId,
          ticket_id: ticket.id,
          type: "follow_up_of",
          actor_type: "system",
          actor_id: null,
          data: JSON.stringify({ number: thread.number }),
          created_at: Date.now(),
        })
        .execute();
    }
  }
  await attachFiles(trx, workspaceId, messageId, files);
  if (pec) {
    await trx
      .insertInto("ticket_events")
      .values({
        workspace_id: workspaceId,
        ticket_id: ticketId,
        type: "pec_certified",
        actor_type: "system",
        actor_id: null,
        data: JSON.stringify({ message_id: messageId, sender: pec.sender, date: pec.date, id: pec.id }),
        created_at: Date.now(),
      })
      .execute();
  }
  await emailRow({
    ticket_id: ticketId,
    message_id: messageId,
    in_reply_to: mail.inReplyTo[0] ?? null,
    flags: JSON.stringify(flags),
  });
  await placeWaiting(ctx, uow, workspaceId, mail.messageId);
  return { status, ticketNumber, flags };
}

/** The replies that were held for this message, placed now that it is here (and theirs after them, in turn). */
async function placeWaiting(ctx: Ctx, uow: UnitOfWork, workspaceId: number, messageId: string) {
  for (const held of await claimWaitingFor(uow.trx, workspaceId, messageId)) {
    await place(ctx, uow, await prepareHeld(ctx, uow.trx, { ...held, workspace_id: workspaceId }), held.id);
  }
}

/** Held replies whose wait is over become tickets of their own (or join a thread that appeared meanwhile). */
export async function releaseHeldMail(ctx: Ctx, now = Date.now()): Promise<number> {
  const due = await ctx.db
    .selectFrom("email_messages")
    .select(["id", "mailbox_id", "raw_sha256", "workspace_id"])
    .where("held_until", "<=", now)
    .orderBy("held_until")
    .limit(200)
    .execute();
  let released = 0;
  for (const held of due) {
    const p = await prepareHeld(ctx, ctx.db, held);
    const placed = await groupCommit(ctx).run(async (uow) =>
      (await claimHeld(uow.trx, held.id)) ? place(ctx, uow, p, held.id) : null,
    );
    if (placed) released++;
  }
  return released;
}

/** Worker role: looks for held replies whose wait is over every few seconds. */
export function watchHeldMail(ctx: Ctx, everyMs = 5000): () => void {
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const n = await releaseHeldMail(ctx);
      if (n)
        ctx.log.info({ released: n }, "held replies placed on their own after waiting for the messages they answer");
    } catch (err) {
      ctx.log.warn({ err }, "releasing held replies failed; will try again");
    } finally {
      busy = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
