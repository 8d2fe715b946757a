import { storedParts } from "./reply";
import type { Ctx } from "../../context";
import type { Db, Trx } from "../../db/index";
import type { UnitOfWork } from "../../events/outbox";
import { keepFiles, readStoredFile } from "../attachments/attachments.store";
import { findOrCreateCustomer } from "../customers/customers.queries";
import { addMessageIn, createTicketWithMessage } from "../tickets/tickets.service";
import {
  type EmailRow,
  findTicketNumber,
  firstMailboxOf,
  insertAttachments,
  insertHeldEmail,
  insertTicketEvent,
  latestOpenTicketOf,
  mailboxOfId,
  markOutboxDead,
  messageHtml,
  outboxByMessageId,
  recordEmail,
  SEEN,
  SENT_LATELY,
  setMessageHtml,
  settleHeldEmail,
  ticketNumberOf,
} from "./inbound.queries";
import { type Prepared, prepare } from "./prepare";
import { claimWaitingFor, holdForParents, lockThreadIds, threadOf } from "./threading";

// Where an incoming message belongs, decided inside the transaction that stores it: a duplicate, a receipt or a
// bounce on what it reports on, a reply on its thread, a new ticket, or held until the messages it answers arrive.

/** "held": a reply that arrived before the message it answers, stored and waiting for it (see placeWaiting). */
export type IngestResult = {
  status: "created" | "appended" | "duplicate" | "held";
  ticketNumber: number | null;
  flags: string[];
};

/** More than this many messages from one sender within the window looks like a loop. */
export const LOOP_LIMIT = 20;
const LOOP_WINDOW_MS = 10 * 60_000;

/** Attachment rows for the message's files; inline images (cid:) in its HTML then point to them. */
async function attachFiles(trx: Trx, workspaceId: number, messageId: number, files: Prepared["files"]) {
  if (!files.length) return;
  const ids = await insertAttachments(
    trx,
    files.map((f) => ({
      workspace_id: workspaceId,
      message_id: messageId,
      filename: f.filename,
      content_type: f.contentType,
      size: f.content.length,
      sha256: f.staged.sha256,
      created_at: Date.now(),
    })),
  );
  const byCid = new Map(files.flatMap((f, i) => (f.contentId ? [[f.contentId, ids[i]] as const] : [])));
  if (!byCid.size) return;
  const body = await messageHtml(trx, messageId);
  if (!body) return;
  const html = body.replace(/(["'])cid:([^"']+)\1/g, (whole, q: string, cid: string) =>
    byCid.has(cid) ? `${q}/api/v1/attachments/${byCid.get(cid)}${q}` : whole,
  );
  if (html !== body) await setMessageHtml(trx, messageId, html);
}

/** The outgoing email a bounce reports on, found by the Message-ID the report quotes. */
async function bounceTarget(trx: Trx, workspaceId: number, messageId: string | null) {
  if (!messageId) return undefined;
  // Sign-in link emails belong to no ticket: a bounce of one is an ordinary unmatched bounce.
  const row = await outboxByMessageId(trx, workspaceId, messageId);
  return row?.ticket_id ? { ...row, ticket_id: row.ticket_id } : undefined;
}

/** A held message again, from its stored raw file, for placing it now. */
export async function prepareHeld(
  ctx: Ctx,
  db: Db | Trx,
  held: { mailbox_id: number | null; raw_sha256: string; workspace_id: number },
) {
  const mailbox = (await mailboxOfId(db, held.mailbox_id ?? -1)) ?? (await firstMailboxOf(db, held.workspace_id));
  const raw = await readStoredFile(ctx, held.raw_sha256, db);
  if (!raw) throw new Error(`the original of held message ${held.raw_sha256} is missing`);
  return prepare(ctx, mailbox, raw, [mailbox.address]);
}

/**
 * Puts one prepared message where it belongs, inside the caller's transaction: a duplicate, a receipt or a
 * bounce on the message it reports on, a reply on its thread, a new ticket, or (a reply to messages we have
 * not seen yet) held until they arrive. `heldId` places a message that was held, whose row exists already.
 */
export async function place(ctx: Ctx, uow: UnitOfWork, p: Prepared, heldId: number | null): Promise<IngestResult> {
  const { mailbox, raw, rawSize, mail, pec, files, flags, tokens, subject, body, replyText, terms } = p;
  const parts = p.parts && { parts: storedParts(p.parts), forwarded: p.parts.forwarded };
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
    return heldId === null ? recordEmail(trx, full) : settleHeldEmail(trx, heldId, full);
  };
  if (ctx.dialect === "postgres") await lockThreadIds(trx, workspaceId, mail.messageId, mail.inReplyTo);
  if (heldId === null) {
    const seen = await SEEN.first(trx, [workspaceId, mail.messageId]);
    if (seen) {
      const number = seen.ticket_id ? await findTicketNumber(trx, seen.ticket_id) : undefined;
      return { status: "duplicate" as const, ticketNumber: number ?? null, flags };
    }
  }
  // The original and its attachments commit with the rows that reference them (a duplicate keeps none).
  // Built by push, not by spreading: the spread of an empty and of a full array deoptimised place(), and each
  // recompilation costs a fresh node about 60-100 ms of TurboFan (README, email intake, 5 December late evening).
  const kept = [raw];
  for (const f of files) kept.push(f.staged);
  await keepFiles(trx, kept);
  if (pec?.receiptOf) {
    // Acceptance and delivery receipts of our own PEC messages belong to the message they certify.
    const sent = await bounceTarget(trx, workspaceId, pec.receiptOf);
    if (sent)
      await insertTicketEvent(trx, {
        workspace_id: workspaceId,
        ticket_id: sent.ticket_id,
        type: "pec_receipt",
        actor_type: "system",
        actor_id: null,
        data: JSON.stringify({ message_id: sent.message_id, type: pec.type, date: pec.date, id: pec.id }),
        created_at: Date.now(),
      });
    await emailRow({
      ticket_id: sent?.ticket_id ?? null,
      message_id: null,
      in_reply_to: pec.receiptOf,
      flags: JSON.stringify(sent ? flags : [...flags, "unmatched"]),
    });
    const number = sent ? await ticketNumberOf(trx, sent.ticket_id) : null;
    return { status: "appended" as const, ticketNumber: number, flags };
  }
  if (mail.kind === "bounce") {
    const failed = await bounceTarget(trx, workspaceId, mail.bounceOf);
    if (failed) {
      // A delivery failure belongs on the ticket whose email bounced, never in a new ticket.
      await insertTicketEvent(trx, {
        workspace_id: workspaceId,
        ticket_id: failed.ticket_id,
        type: "delivery_failed",
        actor_type: "system",
        actor_id: null,
        data: JSON.stringify({ message_id: failed.message_id, recipient: mail.bounceRecipient, subject: mail.subject }),
        created_at: Date.now(),
      });
      await markOutboxDead(trx, failed.id, `bounced: ${mail.subject}`.slice(0, 500));
      await emailRow({
        ticket_id: failed.ticket_id,
        message_id: null,
        in_reply_to: mail.bounceOf,
        flags: JSON.stringify(flags),
      });
      return { status: "appended" as const, ticketNumber: await ticketNumberOf(trx, failed.ticket_id), flags };
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
    const heldRowId = await insertHeldEmail(trx, {
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
    });
    await holdForParents(trx, workspaceId, heldRowId, mail.inReplyTo);
    return { status: "held", ticketNumber: null, flags };
  }
  if (!thread && looping) {
    thread = await latestOpenTicketOf(trx, sender.id);
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
        parts,
        reply_terms: terms?.message,
        html_sanitized: true,
      },
    );
    [ticketId, ticketNumber, messageId, status] = [thread.id, thread.number, message.id, "appended"];
  } else {
    const { ticket, message } = await createTicketWithMessage(
      ctx,
      uow,
      // The sender opens it: the timeline says "Luca Romano opened the ticket (Email)", as for the web form.
      { kind: "customer", workspaceId, customerId: sender.id },
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
      { replyText, parts, htmlSanitized: true, requesterId: sender.id, requesterLanguage: sender.language, terms },
    );
    [ticketId, ticketNumber, messageId, status] = [ticket.id, ticket.number, message.id, "created"];
    if (thread) {
      // A reply to a closed ticket opens a follow-up that points back to it.
      await insertTicketEvent(trx, {
        workspace_id: workspaceId,
        ticket_id: ticket.id,
        type: "follow_up_of",
        actor_type: "system",
        actor_id: null,
        data: JSON.stringify({ number: thread.number }),
        created_at: Date.now(),
      });
    }
  }
  await attachFiles(trx, workspaceId, messageId, files);
  if (pec) {
    await insertTicketEvent(trx, {
      workspace_id: workspaceId,
      ticket_id: ticketId,
      type: "pec_certified",
      actor_type: "system",
      actor_id: null,
      data: JSON.stringify({ message_id: messageId, sender: pec.sender, date: pec.date, id: pec.id }),
      created_at: Date.now(),
    });
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
