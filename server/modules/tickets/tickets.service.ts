import type { TicketStatus } from "../../../shared/enums";
import type { CreateMessage, CreateTicket, UpdateTicket } from "../../../shared/schemas";
import { tx, type Ctx } from "../../context";
import { writeTogether } from "../../db/together";
import type { MessageRow, TicketRow, TicketUpdate } from "../../db/schema";
import type { UnitOfWork } from "../../events/outbox";
import type { Actor } from "../../http/actor";
import { ApiError, badRequest, conflict, notFound } from "../../http/errors";
import { json } from "../../lib/cursor";
import { findOrCreateCustomer, setLanguageIfUnknown } from "../customers/customers.queries";
import { languageOf } from "../search/language";
import { indexLast, reindexSubject } from "../search/search.queries";
import { onMessage, planTicketClocks } from "../sla/clocks";
import { assignmentOutsideRules } from "../sla/eligibility";
import {
  countChange,
  insertTags,
  insertTicket,
  moveMessageTo,
  replaceTags,
  takeTicketNumber,
  tierOfTeam,
} from "./tickets.queries";
import { deleteDraft } from "./drafts.queries";
import {
  applyPatch,
  assertAgentInWorkspace,
  assertTeamInWorkspace,
  indexedText,
  insertMessage,
  type MessageExtras,
  loadTicketForUpdate,
  recordEvent,
  recordEventQuery,
  statusPatch,
  type TicketEvent,
} from "./tickets.write";

export function createTicket(
  ctx: Ctx,
  actor: Actor,
  input: CreateTicket,
  requestId: string | null = null,
): Promise<TicketRow> {
  return tx(ctx, requestId, (uow) => createTicketIn(ctx, uow, actor, input));
}

/** `terms`: the search terms of the subject and of the message (SQLite), when the caller computed them already. */
type CreateOptions = {
  replyText?: string;
  parts?: MessageExtras["parts"];
  attachmentIds?: number[];
  htmlSanitized?: boolean;
  requesterId?: number;
  /** The requester's language, when the caller read it: one known already is not looked for again. */
  requesterLanguage?: string | null;
  terms?: { subject: string; message: string };
  /** Split: this message of another ticket becomes the new ticket's first, instead of a new one (split.service.ts). */
  moveMessage?: MessageRow;
};

/** createTicket inside a unit of work the caller owns (email ingestion commits the raw message with it). */
export async function createTicketIn(
  ctx: Ctx,
  uow: UnitOfWork,
  actor: Actor,
  input: CreateTicket,
  opts: CreateOptions = {},
): Promise<TicketRow> {
  return (await createTicketWithMessage(ctx, uow, actor, input, opts)).ticket;
}

/** createTicketIn, returning its first message too. `requesterId`: the requester, already found by the caller. */
export async function createTicketWithMessage(
  ctx: Ctx,
  uow: UnitOfWork,
  actor: Actor,
  input: CreateTicket,
  opts: CreateOptions = {},
) {
  const ws = actor.workspaceId;
  const trx = uow.trx;
  await assertAgentInWorkspace(trx, ws, input.assignee_id);
  await assertTeamInWorkspace(trx, ws, input.team_id);
  const requester =
    actor.kind === "customer"
      ? { id: actor.customerId, language: opts.requesterLanguage }
      : opts.requesterId !== undefined
        ? { id: opts.requesterId, language: opts.requesterLanguage }
        : await findOrCreateCustomer(trx, ws, input.requester.email, input.requester.name);
  // A customer nobody asked writes in the language of their first request: it chooses the emails we send them
  // (the acknowledgement comes next) and the agents who can take it.
  const language = requester.language ? null : languageOf(`${input.subject}\n${input.body_text}`);
  if (language) await setLanguageIfUnknown(trx, requester.id, language);
  const number = await takeTicketNumber(trx, ws);
  const now = Date.now();
  const clocks = await planTicketClocks(
    trx,
    { workspace_id: ws, requester_id: requester.id, priority: input.priority, channel: input.channel },
    now,
    ctx,
  );
  const tags = [...new Set(input.tags)];
  const status: TicketStatus = input.assignee_id ? "open" : "new";
  // Tickets start at the first line, unless they are created straight into a specialist team.
  const teamTier = input.team_id ? await tierOfTeam(trx, input.team_id) : undefined;
  const ticket = await insertTicket(trx, {
    workspace_id: ws,
    number,
    subject: input.subject,
    status,
    priority: input.priority,
    channel: input.channel,
    requester_id: requester.id,
    assignee_id: input.assignee_id ?? null,
    team_id: input.team_id ?? null,
    tags: JSON.stringify(tags),
    is_open: 1,
    merged_into_id: null,
    created_at: now,
    updated_at: now,
    first_response_at: null,
    solved_at: null,
    sla_due_at: clocks.dueAt,
    tier: teamTier ?? "first_line",
  });
  if (tags.length) await insertTags(trx, ws, ticket.id, tags);
  // An agent's ticket is the customer's words (a phone call), or with send_to_customer the agent's own reply.
  const author: Actor =
    input.send_to_customer && actor.kind === "agent"
      ? actor
      : { kind: "customer", workspaceId: ws, customerId: requester.id };
  const message = opts.moveMessage
    ? await moveMessageTo(trx, ctx.dialect, opts.moveMessage, ticket.id)
    : await insertMessage(
        ctx,
        uow,
        ticket,
        author,
        {
          body_text: input.body_text,
          body_html: input.body_html,
          internal: false,
          attachment_ids: opts.attachmentIds ?? [],
          reply_text: opts.replyText,
          parts: opts.parts,
          html_sanitized: opts.htmlSanitized,
        },
        { index: false },
      );
  // The counter, the search documents, the clocks, the event and the outbox need nothing from one another:
  // one round trip on PostgreSQL instead of five.
  const events = uow.emitStatement(ws, [
    {
      event: "ticket.created",
      payload: { ticket_id: ticket.id, number, ...(actor.kind === "agent" ? { by_agent: true } : {}) },
    },
    ...(opts.moveMessage
      ? []
      : [
          {
            event: "message.created" as const,
            payload: { ticket_id: ticket.id, number, message_id: message.id, internal: false },
          },
        ]),
  ]);
  const emitted = await writeTogether<{ id: number }>(trx, ctx.dialect, [
    countChange(trx, ticket, 1),
    ...indexLast(ctx, uow, [
      ...(opts.moveMessage
        ? []
        : [
            {
              workspaceId: ws,
              ticketId: ticket.id,
              messageId: message.id,
              text: indexedText(message),
              terms: opts.terms?.message,
            },
          ]),
      { workspaceId: ws, ticketId: ticket.id, messageId: null, text: input.subject, terms: opts.terms?.subject },
    ]),
    ...clocks.inserts(ticket.id),
    recordEventQuery(trx, ticket, actor, "created", { channel: input.channel, priority: input.priority }),
    events.query,
  ]);
  events.emitted(emitted);
  return { ticket, message };
}

export function addMessage(
  ctx: Ctx,
  actor: Actor,
  number: number,
  input: CreateMessage & { status?: TicketStatus },
  requestId: string | null = null,
) {
  return tx(ctx, requestId, (uow) => addMessageIn(ctx, uow, actor, number, input));
}

/** addMessage inside a unit of work the caller owns. `reply_text` is the new part of an email reply, `reply_terms` its search terms when the caller has them. */
export async function addMessageIn(
  ctx: Ctx,
  uow: UnitOfWork,
  actor: Actor,
  number: number,
  input: CreateMessage & { status?: TicketStatus } & MessageExtras,
) {
  const ticket = await loadTicketForUpdate(uow.trx, actor.workspaceId, number, ctx.dialect);
  if (actor.kind === "customer" && ticket.requester_id !== actor.customerId) throw notFound("ticket");
  if (actor.kind === "customer" && input.internal)
    throw new ApiError(403, "forbidden", "customers cannot write internal notes");
  if (ticket.merged_into_id)
    throw conflict("ticket_merged", `ticket #${number} was merged; write to the ticket it was merged into`);
  const message = await insertMessage(ctx, uow, ticket, actor, input);
  // What was sent is no longer a draft: gone in the same transaction, so a reload never offers it again.
  if (actor.kind === "agent") await deleteDraft(uow.trx, ticket.id, actor.agentId);
  const now = Date.now();
  const patch: TicketUpdate = { updated_at: now };
  let next: TicketStatus | undefined = input.status;
  if (!input.internal && actor.kind === "agent") {
    if (ticket.first_response_at == null) patch.first_response_at = now;
    if (!next && ticket.status === "new") next = "open";
  }
  if (actor.kind === "customer" && !next && ticket.status !== "new" && ticket.status !== "open") next = "open";
  if (next && next !== ticket.status) Object.assign(patch, statusPatch(ticket, next, now));
  const updated = await applyPatch(uow, ticket, patch);
  await onMessage(uow.trx, updated, actor.kind, message.internal === 1, now);
  if (updated.status !== ticket.status)
    await recordEvent(uow.trx, ticket, actor, "status_changed", { from: ticket.status, to: updated.status });
  await uow.emit(actor.workspaceId, "message.created", {
    ticket_id: ticket.id,
    number,
    message_id: message.id,
    internal: message.internal === 1,
  });
  if (updated.status !== ticket.status) {
    await uow.emit(actor.workspaceId, "ticket.updated", {
      ticket_id: ticket.id,
      number,
      changes: { status: { from: ticket.status, to: updated.status } },
      ...(message.internal ? {} : { with_reply_id: message.id }),
    });
  }
  return { ticket: updated, message };
}

/** What the services may change beyond the API's UpdateTicket: the tier, and events of their own to record. */
export type TicketChange = UpdateTicket & {
  expect_unassigned?: boolean;
  tier?: "first_line" | "specialist";
  queue_pinned_at?: number | null;
  extraEvents?: TicketEvent[];
  requested_by?: string;
};

export function updateTicket(
  ctx: Ctx,
  actor: Actor,
  number: number,
  input: TicketChange,
  requestId: string | null = null,
): Promise<TicketRow> {
  return tx(ctx, requestId, (uow) => updateTicketIn(ctx, uow, actor, number, input));
}

/** updateTicket inside a unit of work the caller owns (escalation adds its note in the same transaction). */
export async function updateTicketIn(
  ctx: Ctx,
  uow: UnitOfWork,
  actor: Actor,
  number: number,
  input: TicketChange,
): Promise<TicketRow> {
  const trx = uow.trx;
  const ticket = await loadTicketForUpdate(trx, actor.workspaceId, number, ctx.dialect);
  // Taking a ticket from a queue: under the row lock, someone else may have been faster.
  if (input.expect_unassigned && ticket.assignee_id !== null)
    throw conflict("already_assigned", `ticket #${number} was taken meanwhile`);
  if (ticket.merged_into_id) throw conflict("ticket_merged", `ticket #${number} was merged and can no longer change`);
  const now = Date.now();
  const patch: TicketUpdate = { updated_at: now };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const events: TicketEvent[] = [];
  if (input.subject !== undefined && input.subject !== ticket.subject) {
    patch.subject = input.subject;
    const change = { from: ticket.subject, to: input.subject };
    changes.subject = change;
    events.push(["subject_changed", change]);
  }
  if (input.status && input.status !== ticket.status) {
    Object.assign(patch, statusPatch(ticket, input.status, now));
    const change = { from: ticket.status, to: input.status };
    changes.status = change;
    events.push(["status_changed", change]);
  }
  if (input.priority && input.priority !== ticket.priority) {
    // A priority change treats one customer differently from the rest: it always carries its reason.
    if (!input.priority_reason || !input.priority_source) {
      throw badRequest(
        "reason_required",
        "changing the priority needs a priority_reason and a priority_source (customer, agent_judgement, sales_request, management_request, incident)",
      );
    }
    patch.priority = input.priority;
    const change = { from: ticket.priority, to: input.priority };
    changes.priority = change;
    events.push([
      "priority_changed",
      {
        ...change,
        reason: input.priority_reason,
        source: input.priority_source,
        ...(input.requested_by ? { requested_by: input.requested_by } : {}),
      },
    ]);
  }
  if (input.assignee_id !== undefined && input.assignee_id !== ticket.assignee_id) {
    await assertAgentInWorkspace(trx, actor.workspaceId, input.assignee_id);
    patch.assignee_id = input.assignee_id;
    if (ticket.status === "new" && input.assignee_id && !input.status)
      Object.assign(patch, statusPatch(ticket, "open", now));
    const change = { from: ticket.assignee_id, to: input.assignee_id };
    changes.assignee_id = change;
    events.push(["assigned", change]);
    // A person giving the ticket to someone the rules would not (another team, another tier) is an exception.
    const outside =
      actor.kind === "agent" && input.assignee_id !== null
        ? await assignmentOutsideRules(
            trx,
            {
              team_id: input.team_id !== undefined ? input.team_id : ticket.team_id,
              tier: input.tier ?? ticket.tier,
            },
            input.assignee_id,
          )
        : null;
    if (outside) {
      if (!input.assignment_reason || !input.assignment_source) {
        const why = outside === "tier" ? "whose tier does not fit the ticket's" : "outside the ticket's team";
        throw badRequest(
          "reason_required",
          `assigning to an agent ${why} needs an assignment_reason and an assignment_source (customer, agent_judgement, sales_request, management_request, incident)`,
        );
      }
      events.push([
        "assignment_override",
        {
          ...change,
          rule: outside,
          reason: input.assignment_reason,
          source: input.assignment_source,
          ...(input.requested_by ? { requested_by: input.requested_by } : {}),
        },
      ]);
    }
  }
  if (input.team_id !== undefined && input.team_id !== ticket.team_id) {
    await assertTeamInWorkspace(trx, actor.workspaceId, input.team_id);
    patch.team_id = input.team_id;
    const change = { from: ticket.team_id, to: input.team_id };
    changes.team_id = change;
    events.push(["team_changed", change]);
  }
  if (input.queue_pinned_at !== undefined) patch.queue_pinned_at = input.queue_pinned_at;
  // Once someone has the ticket, a place at the top of the queue has done its job.
  if (patch.assignee_id) patch.queue_pinned_at = null;
  if (input.tier && input.tier !== ticket.tier) {
    patch.tier = input.tier;
    changes.tier = { from: ticket.tier, to: input.tier };
  }
  events.push(...(input.extraEvents ?? []));
  if (input.tags) {
    const before = json<string[]>(ticket.tags, []);
    const after = [...new Set(input.tags)];
    if (before.join(",") !== after.join(",")) {
      patch.tags = JSON.stringify(after);
      await replaceTags(trx, actor.workspaceId, ticket.id, after);
      const change = { from: before, to: after };
      changes.tags = change;
      events.push(["tags_changed", change]);
    }
  }
  if (events.length === 0) return ticket;
  const updated = await applyPatch(uow, ticket, patch);
  if (changes.subject)
    await reindexSubject(ctx, uow, {
      workspaceId: actor.workspaceId,
      ticketId: ticket.id,
      messageId: null,
      text: updated.subject,
    });
  for (const event of events) await recordEvent(trx, ticket, actor, ...event);
  await uow.emit(actor.workspaceId, "ticket.updated", { ticket_id: ticket.id, number, changes });
  return updated;
}
