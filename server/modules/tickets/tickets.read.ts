import type { Attachment, EmailInfo, Message, Ticket } from "../../../shared/api/tickets";
import type { TimelineEvent } from "../../../shared/api/events";
import type { TicketListQuery } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { Runner } from "../../db/index";
import type { TicketRow } from "../../db/schema";
import type { AgentActor } from "../../http/actor";
import { notFound } from "../../http/errors";
import { iso, json } from "../../lib/cursor";
import { loadPeople, presentDelivery, presentEmail, presentMessage, presentTicket } from "./tickets.presenter";
import {
  agentNames,
  customersByIds,
  attachmentsOfMessages,
  cursorOf,
  emailsOfMessages,
  repliesMailOf,
  eventsOf,
  findTicketByNumber,
  listTickets,
  messagesOf,
  teamIdsOf,
  type TicketFilter,
  viewCounts,
} from "./tickets.queries";

/** The ticket of this number, or 404. */
export async function ticketOf(ctx: Ctx, workspaceId: number, number: number): Promise<TicketRow> {
  const t = await findTicketByNumber(ctx, workspaceId, number);
  if (!t) throw notFound("ticket");
  return t;
}

/** The inbox views' counts, read from the maintained counters. */
export async function ticketCounts(ctx: Ctx, actor: AgentActor) {
  return viewCounts(ctx, actor.workspaceId, actor.agentId, await teamIdsOf(ctx, actor.agentId));
}

export async function presentMany(db: Runner, rows: TicketRow[]): Promise<Ticket[]> {
  const people = await loadPeople(db, rows);
  return rows.map((t) => presentTicket(t, people));
}

export async function presentOne(ctx: Ctx, t: TicketRow): Promise<Ticket> {
  return (await presentMany(ctx, [t]))[0];
}

/** Turns a named view and explicit filters into one filter; explicit filters narrow the view. */
export async function filterFor(ctx: Ctx, actor: AgentActor, q: TicketListQuery): Promise<TicketFilter> {
  const f: TicketFilter = { workspaceId: actor.workspaceId };
  switch (q.view) {
    case "mine":
      Object.assign(f, { assigneeId: actor.agentId, isOpen: true });
      break;
    case "unassigned":
      Object.assign(f, { assigneeId: null, isOpen: true });
      break;
    case "my_teams":
      Object.assign(f, { teamIds: await teamIdsOf(ctx, actor.agentId), isOpen: true });
      break;
    case "all_open":
      f.isOpen = true;
      break;
    case "pending":
      f.status = "pending";
      break;
    case "solved":
      f.status = "solved";
      break;
    default:
      break;
  }
  if (q.status) f.status = q.status;
  if (q.assignee_id) f.assigneeId = q.assignee_id;
  if (q.team_id) f.teamIds = [q.team_id];
  if (q.requester_id) f.requesterId = q.requester_id;
  if (q.tag) f.tag = q.tag;
  return f;
}

export async function listForAgent(ctx: Ctx, actor: AgentActor, q: TicketListQuery, after: number[] | null) {
  const f = await filterFor(ctx, actor, q);
  const rows = await listTickets(ctx, f, q.sort, q.limit + 1, after);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { rows: await presentMany(ctx, page), next: rows.length > q.limit && last ? cursorOf(last, q.sort) : null };
}

export async function getThread(
  ctx: Ctx,
  workspaceId: number,
  number: number,
  opts: { includeInternal: boolean; messageId?: number },
): Promise<Message[]> {
  const ticket = await ticketOf(ctx, workspaceId, number);
  const messages = await messagesOf(ctx, ticket.id, opts);
  const ids = messages.map((m) => m.id);
  const [files, emails, replies] = ids.length
    ? await Promise.all([
        attachmentsOfMessages(ctx, ids),
        emailsOfMessages(ctx, workspaceId, ids),
        repliesMailOf(ctx, workspaceId, ids),
      ])
    : [[], [], []];
  const mailOf = new Map(replies.map((r) => [r.message_id, r]));
  const byMessage = new Map<number, Attachment[]>();
  for (const a of files) {
    const list = byMessage.get(a.message_id!) ?? [];
    list.push({
      id: a.id,
      filename: a.filename,
      content_type: a.content_type,
      size: a.size,
      url: `/api/v1/attachments/${a.id}`,
    });
    byMessage.set(a.message_id!, list);
  }
  // A message has one email row; should a retry ever record a second, the received one wins (it has the original).
  const emailOf = new Map<number, EmailInfo>();
  for (const e of emails)
    if (e.message_id && (!emailOf.has(e.message_id) || e.direction === "in"))
      emailOf.set(e.message_id, presentEmail(e));
  const people = await loadPeople(ctx, [ticket], messages);
  return messages.map((m) =>
    presentMessage(
      m,
      number,
      people,
      byMessage.get(m.id),
      emailOf.get(m.id) ?? null,
      presentDelivery(mailOf.get(m.id)),
    ),
  );
}

export async function getTimeline(ctx: Ctx, workspaceId: number, number: number): Promise<TimelineEvent[]> {
  const ticket = await ticketOf(ctx, workspaceId, number);
  const rows = await eventsOf(ctx, ticket.id);
  const idsOf = (type: "agent" | "customer") => [
    ...new Set(rows.filter((r) => r.actor_type === type && r.actor_id).map((r) => r.actor_id!)),
  ];
  const [agentIds, customerIds] = [idsOf("agent"), idsOf("customer")];
  const [agents, customers] = await Promise.all([
    agentIds.length ? agentNames(ctx, agentIds) : [],
    customerIds.length ? customersByIds(ctx, customerIds) : [],
  ]);
  const names = {
    agent: new Map(agents.map((a) => [a.id, a.name])),
    // Customers by name, or by address when they gave none.
    customer: new Map(customers.map((c) => [c.id, c.name ?? c.email])),
  };
  return rows.map(
    (r) =>
      ({
        id: r.id,
        type: r.type,
        actor: {
          type: r.actor_type,
          id: r.actor_id,
          name: r.actor_type !== "system" && r.actor_id ? (names[r.actor_type].get(r.actor_id) ?? null) : null,
        },
        data: json<Record<string, unknown>>(r.data, {}),
        created_at: iso(r.created_at),
      }) as TimelineEvent,
  );
}
