import type { EventKind, EventPayload } from "../../../shared/api/events";
import { OPEN_STATUSES, type TicketStatus } from "../../../shared/enums";
import type { CreateMessage } from "../../../shared/schemas";
import type { MessagePart } from "../../../shared/api/tickets";
import type { Ctx } from "../../context";
import type { Trx } from "../../db/index";
import { writeTogether } from "../../db/together";
import type { TicketRow, TicketUpdate } from "../../db/schema";
import type { UnitOfWork } from "../../events/outbox";
import { type Actor, actorRef } from "../../http/actor";
import { badRequest, notFound } from "../../http/errors";
import { sanitizeHtml } from "../../lib/sanitize";
import { indexLast } from "../search/search.queries";
import { onPriorityChange, onStatusChange } from "../sla/clocks";
import {
  activeAgentExists,
  adjustCount,
  claimAttachments,
  eventInsert,
  insertEvent,
  insertMessageRow,
  teamExists,
  ticketByNumber,
  updateTicketRow,
} from "./tickets.queries";
import { partsColumn } from "./message-parts";

// What every change to a ticket goes through, whichever service makes it (creation, replies, updates, merges).

const isOpen = (s: TicketStatus) => (OPEN_STATUSES.includes(s) ? 1 : 0);

type EventTicket = Pick<TicketRow, "id" | "workspace_id">;

/** One timeline event: its kind and the payload `shared/api/events.ts` describes for that kind. */
export type TicketEvent = { [K in EventKind]: [type: K, data: EventPayload<K>] }[EventKind];

const eventRow = (ticket: EventTicket, actor: Actor, [type, data]: TicketEvent) => ({
  workspace_id: ticket.workspace_id,
  ticket_id: ticket.id,
  type,
  ...actorRef(actor),
  data: JSON.stringify(data),
  created_at: Date.now(),
});

/** Writes one event on the ticket's timeline; the payload's type follows the kind. */
export async function recordEvent(trx: Trx, ticket: EventTicket, actor: Actor, ...event: TicketEvent) {
  await insertEvent(trx, eventRow(ticket, actor, event));
}

/** recordEvent's statement, for sending with other writes (writeTogether). */
export const recordEventQuery = (trx: Trx, ticket: EventTicket, actor: Actor, ...event: TicketEvent) =>
  eventInsert(trx, eventRow(ticket, actor, event));

export async function assertAgentInWorkspace(trx: Trx, workspaceId: number, agentId: number | null | undefined) {
  if (agentId == null) return;
  if (!(await activeAgentExists(trx, workspaceId, agentId)))
    throw badRequest("invalid_assignee", `agent ${agentId} does not exist or is inactive`);
}

export async function assertTeamInWorkspace(trx: Trx, workspaceId: number, teamId: number | null | undefined) {
  if (teamId == null) return;
  if (!(await teamExists(trx, workspaceId, teamId))) throw badRequest("invalid_team", `team ${teamId} does not exist`);
}

/** Applies a status change's derived fields and keeps the counters true. */
export function statusPatch(from: TicketRow, to: TicketStatus, now: number): TicketUpdate {
  const patch: TicketUpdate = { status: to, is_open: isOpen(to) };
  if ((to === "solved" || to === "closed") && from.solved_at == null) patch.solved_at = now;
  if (to !== "solved" && to !== "closed") patch.solved_at = null;
  return patch;
}

export async function applyPatch(uow: UnitOfWork, ticket: TicketRow, patch: TicketUpdate): Promise<TicketRow> {
  const updated = await updateTicketRow(uow.trx, ticket.id, patch);
  if (
    updated.status !== ticket.status ||
    updated.assignee_id !== ticket.assignee_id ||
    updated.team_id !== ticket.team_id
  ) {
    await adjustCount(uow.trx, ticket, -1);
    await adjustCount(uow.trx, updated, 1);
  }
  // Every status change passes here, so the SLA clocks pause, resume and stop in the same transaction.
  if (updated.status !== ticket.status) await onStatusChange(uow.trx, updated, ticket.status, updated.status);
  if (updated.priority !== ticket.priority && updated.is_open === 1) await onPriorityChange(uow.trx, updated);
  return updated;
}

/**
 * The ticket, locked for the rest of the transaction on PostgreSQL (FOR UPDATE), so that two concurrent
 * changes never overwrite each other (two agents taking the same ticket). SQLite transactions already run
 * one at a time.
 */
export async function loadTicketForUpdate(
  trx: Trx,
  workspaceId: number,
  number: number,
  dialect: "sqlite" | "postgres" = "sqlite",
): Promise<TicketRow> {
  const t = await ticketByNumber(trx, workspaceId, number, dialect === "postgres");
  if (!t) throw notFound("ticket");
  return t;
}

/**
 * What an emailed message adds to insertMessage: its new text (`reply_text`) and its parts, the search terms
 * of what is indexed when the caller has them, and whether its HTML was sanitised already.
 */
export type MessageExtras = {
  reply_text?: string;
  reply_terms?: string;
  html_sanitized?: boolean;
  parts?: { parts: MessagePart[]; forwarded: string | null } | null;
};

/** What search indexes of a message: its new text and a forwarded message, never the quoted history. */
export const indexedText = (m: { reply_text: string; forwarded_text: string | null }) =>
  m.forwarded_text ? `${m.reply_text}\n${m.forwarded_text}` : m.reply_text;

/** `html_sanitized`: the HTML was sanitised already (incoming mail is, when it is read), so it is not again. */
export async function insertMessage(
  ctx: Ctx,
  uow: UnitOfWork,
  ticket: TicketRow,
  author: Actor,
  input: CreateMessage & MessageExtras,
  opts = { index: true },
) {
  const trx = uow.trx;
  const body_html = input.body_html ? (input.html_sanitized ? input.body_html : sanitizeHtml(input.body_html)) : null;
  const row = {
    workspace_id: ticket.workspace_id,
    ticket_id: ticket.id,
    internal: input.internal ? 1 : 0,
    author_type: author.kind,
    author_agent_id: author.kind === "agent" ? author.agentId : null,
    author_customer_id: author.kind === "customer" ? author.customerId : null,
    body_text: input.body_text,
    body_html,
    reply_text: input.reply_text ?? input.body_text,
    parts: input.parts ? partsColumn(input.parts.parts, input.reply_text ?? input.body_text) : null,
    forwarded_text: input.parts?.forwarded ?? null,
    created_at: Date.now(),
  };
  // Only the id comes back: the row is what was just written, and reading its texts back (three copies of the
  // message, converted again) took a third of the time to place a 20 MB email.
  const id = await insertMessageRow(trx, row);
  const message = { id, ...row };
  if (input.attachment_ids.length) {
    // Only the author's own uploads, and only while they are kept (UPLOAD_TTL_HOURS): a customer cannot take
    // the screenshot an agent uploaded for a note, nor one another customer uploaded.
    const claimed =
      author.kind === "system"
        ? 0
        : await claimAttachments(
            trx,
            ticket.workspace_id,
            message.id,
            input.attachment_ids,
            author.kind === "agent" ? { agentId: author.agentId } : { customerId: author.customerId },
            Date.now() - ctx.config.uploadTtlMs,
          );
    if (claimed !== input.attachment_ids.length)
      throw badRequest("invalid_attachment", "an attachment id is unknown, already used, expired or not yours");
  }
  // `index: false`: the caller indexes the message with other documents (createTicketWithMessage).
  if (opts.index)
    await writeTogether(
      trx,
      ctx.dialect,
      indexLast(ctx, uow, [
        {
          workspaceId: ticket.workspace_id,
          ticketId: ticket.id,
          messageId: message.id,
          text: indexedText(message),
          terms: input.reply_terms,
        },
      ]),
    );
  return message;
}
