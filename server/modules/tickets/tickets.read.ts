import type { Attachment, EmailInfo, Message, Ticket } from "../../../shared/api/tickets";
import type { TimelineEvent } from "../../../shared/api/events";
import type { TicketListQuery } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { DbOrTrx } from "../../db/index";
import type { TicketRow } from "../../db/schema";
import type { AgentActor } from "../../http/actor";
import { notFound } from "../../http/errors";
import { iso, json } from "../../lib/cursor";
import { loadPeople, presentEmail, presentMessage, presentTicket } from "./tickets.presenter";
import { cursorOf, findTicketByNumber, listTickets, teamIdsOf, type TicketFilter } from "./tickets.queries";

export async function presentMany(db: DbOrTrx, rows: TicketRow[]): Promise<Ticket[]> {
  const people = await loadPeople(db, rows);
  return rows.map((t) => presentTicket(t, people));
}

export async function presentOne(ctx: Ctx, t: TicketRow): Promise<Ticket> {
  return (await presentMany(ctx.db, [t]))[0];
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
      Object.assign(f, { teamIds: await teamIdsOf(ctx.db, actor.agentId), isOpen: true });
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
  const rows = await listTickets(ctx.db, f, q.sort, q.limit + 1, after);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { rows: await presentMany(ctx.db, page), next: rows.length > q.limit && last ? cursorOf(last, q.sort) : null };
}

export async function getThread(
  ctx: Ctx,
  workspaceId: number,
  number: number,
  opts: { includeInternal: boolean; messageId?: number },
): Promise<Message[]> {
  const ticket = await findTicketByNumber(ctx.db, workspaceId, number);
  if (!ticket) throw notFound("ticket");
  let q = ctx.db.selectFrom("messages").selectAll().where("ticket_id", "=", ticket.id);
  if (!opts.includeInternal) q = q.where("internal", "=", 0);
  if (opts.messageId) q = q.where("id", "=", opts.messageId);
  const messages = await q.orderBy("id").execute();
  const ids = messages.map((m) => m.id);
  const [files, emails] = ids.length
    ? await Promise.all([
        ctx.db.selectFrom("attachments").selectAll().where("message_id", "in", ids).execute(),
        ctx.db
          .selectFrom("email_messages")
          .select(["message_id", "direction", "flags", "raw_sha256"])
          .where("workspace_id", "=", workspaceId)
          .where("message_id", "in", ids)
          .orderBy("id")
          .execute(),
      ])
    : [[], []];
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
  const people = await loadPeople(ctx.db, [ticket], messages);
  return messages.map((m) => presentMessage(m, number, people, byMessage.get(m.id), emailOf.get(m.id) ?? null));
}

/** The timeline; each event's data is what its kind's payload schema (shared/api/events.ts) describes. */
export async function getTimeline(ctx: Ctx, workspaceId: number, number: number): Promise<TimelineEvent[]> {
  const ticket = await findTicketByNumber(ctx.db, workspaceId, number);
  if (!ticket) throw notFound("ticket");
  const rows = await ctx.db
    .selectFrom("ticket_events")
    .selectAll()
    .where("ticket_id", "=", ticket.id)
    .orderBy("id")
    .execute();
  const agentIds = [...new Set(rows.filter((r) => r.actor_type === "agent" && r.actor_id).map((r) => r.actor_id!))];
  const agents = agentIds.length
    ? await ctx.db.selectFrom("agents").select(["id", "name"]).where("id", "in", agentIds).execute()
    : [];
  const names = new Map(agents.map((a) => [a.id, a.name]));
  return rows.map(
    (r) =>
      ({
        id: r.id,
        type: r.type,
        actor: {
          type: r.actor_type,
          id: r.actor_id,
          name: r.actor_type === "agent" && r.actor_id ? (names.get(r.actor_id) ?? null) : null,
        },
        data: json<Record<string, unknown>>(r.data, {}),
        created_at: iso(r.created_at),
      }) as TimelineEvent,
  );
}
