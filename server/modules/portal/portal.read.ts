import type { PortalRequest, PortalTimelineItem } from "../../../shared/api/portal";
import type { PortalState } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { TicketRow } from "../../db/schema";
import type { CustomerActor } from "../../http/actor";
import { notFound } from "../../http/errors";
import { iso } from "../../lib/cursor";
import {
  agentNames,
  attachmentsOfMessages,
  customerNames,
  customerWithOrganization,
  organizationMemberIds,
  publicMessages,
  reopenDays,
  statusChanges,
  ticketClocks,
  ticketOfRequesters,
} from "./portal.queries";
import { partsOfRow } from "../tickets/message-parts";

// What a customer may see of a request, and nothing more: no internal notes, tags, priority, SLA internals,
// agents' emails or other customers' data. Every portal response is built here.

export function portalState(status: TicketRow["status"]): PortalState {
  if (status === "new") return "received";
  if (status === "pending") return "waiting_for_you";
  if (status === "solved" || status === "closed") return "solved";
  return "in_progress";
}

const firstName = (name: string | null | undefined) => (name ? name.trim().split(/\s+/)[0] : null);

/** The customers whose requests this customer sees: themself, and their colleagues when the organization shares. */
export async function visibleRequesterIds(ctx: Ctx, actor: CustomerActor): Promise<number[]> {
  const me = await customerWithOrganization(ctx, actor.workspaceId, actor.customerId);
  if (!me) return [];
  if (!me.organization_id || me.portal_shared !== 1) return [me.id];
  return organizationMemberIds(ctx, actor.workspaceId, me.organization_id);
}

/** The request if this customer may see it; 404 otherwise, the same answer as for a request that does not exist. */
export async function visibleTicket(ctx: Ctx, actor: CustomerActor, number: number): Promise<TicketRow> {
  const ids = await visibleRequesterIds(ctx, actor);
  const t = ids.length ? await ticketOfRequesters(ctx, actor.workspaceId, number, ids) : undefined;
  if (!t || t.merged_into_id) throw notFound("request");
  return t;
}

async function names(ctx: Ctx, tickets: TicketRow[]) {
  const agentIds = [...new Set(tickets.map((t) => t.assignee_id).filter((x): x is number => x != null))];
  const customerIds = [...new Set(tickets.map((t) => t.requester_id))];
  const [agents, customers] = await Promise.all([
    agentIds.length ? agentNames(ctx, agentIds) : [],
    customerIds.length ? customerNames(ctx, customerIds) : [],
  ]);
  return {
    agents: new Map(agents.map((a) => [a.id, a.name])),
    customers: new Map(customers.map((c) => [c.id, c.name ?? c.email])),
  };
}

export async function presentRequests(ctx: Ctx, actor: CustomerActor, tickets: TicketRow[]): Promise<PortalRequest[]> {
  const [n, clocks, reopenWindowDays] = await Promise.all([
    names(ctx, tickets),
    ticketClocks(
      ctx,
      tickets.map((t) => t.id),
    ),
    reopenDays(ctx, actor.workspaceId),
  ]);
  const now = Date.now();
  return tickets.map((t) => {
    // The promise a customer reads: the next answer's due time while we owe one and the clock runs.
    const owed = (clocks.get(t.id) ?? []).filter(
      (c) =>
        (c.target === "first_response" || c.target === "next_response") &&
        c.met_at === null &&
        c.running_since !== null &&
        c.due_at !== null,
    );
    const reopenUntil = t.solved_at && t.status === "solved" ? t.solved_at + reopenWindowDays * 86_400_000 : null;
    return {
      number: t.number,
      subject: t.subject,
      state: portalState(t.status),
      handled_by: t.assignee_id ? firstName(n.agents.get(t.assignee_id)) : null,
      requester_name: n.customers.get(t.requester_id) ?? null,
      mine: t.requester_id === actor.customerId,
      next_answer_due: owed.length ? iso(Math.min(...owed.map((c) => c.due_at!))) : null,
      reopen_until: reopenUntil && reopenUntil > now ? iso(reopenUntil) : null,
      created_at: iso(t.created_at),
      updated_at: iso(t.updated_at),
    };
  });
}

/** The public timeline: public messages and state changes, oldest first. */
export async function publicTimeline(ctx: Ctx, t: TicketRow): Promise<PortalTimelineItem[]> {
  const messages = await publicMessages(ctx, t.id);
  const ids = messages.map((m) => m.id);
  const [files, agents, customers, events] = await Promise.all([
    ids.length ? attachmentsOfMessages(ctx, ids) : [],
    agentNames(ctx, [-1, ...messages.map((m) => m.author_agent_id ?? -1)]),
    customerNames(ctx, [-1, ...messages.map((m) => m.author_customer_id ?? -1)]),
    statusChanges(ctx, t.id),
  ]);
  const agentName = new Map(agents.map((a) => [a.id, firstName(a.name)]));
  const customerName = new Map(customers.map((c) => [c.id, c.name ?? c.email]));
  const items = [
    ...messages.map((m) => ({
      kind: "message" as const,
      id: m.id,
      author:
        m.author_type === "agent"
          ? { type: "agent" as const, name: agentName.get(m.author_agent_id ?? -1) ?? null }
          : m.author_type === "customer"
            ? { type: "customer" as const, name: customerName.get(m.author_customer_id ?? -1) ?? null }
            : { type: "system" as const, name: null },
      // The new part of an emailed reply; the quoted history the customer already has.
      body_text: m.author_type === "customer" ? (m.reply_text ?? m.body_text) : m.body_text,
      parts: m.author_type === "customer" ? partsOfRow(m.parts, m.reply_text) : null,
      attachments: files
        .filter((f) => f.message_id === m.id)
        .map((f) => ({
          id: f.id,
          filename: f.filename,
          content_type: f.content_type,
          size: f.size,
          url: `/api/v1/portal/attachments/${f.id}`,
        })),
      created_at: iso(m.created_at),
    })),
    ...events.map((e) => {
      const to = (JSON.parse(e.data) as { to?: TicketRow["status"] }).to ?? "open";
      return { kind: "state" as const, id: e.id, state: portalState(to), created_at: iso(e.created_at) };
    }),
  ];
  // Several status changes that read the same to a customer ("open" -> "on_hold") are one line, or none.
  const out: typeof items = [];
  let last: PortalState = "received";
  for (const item of items.sort(
    (a, b) => a.created_at.localeCompare(b.created_at) || (a.kind === b.kind ? 0 : a.kind === "message" ? -1 : 1),
  )) {
    if (item.kind === "state") {
      if (item.state === last) continue;
      last = item.state;
    }
    out.push(item);
  }
  return out;
}
