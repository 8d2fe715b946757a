import type { CreateSavedView, SavedView, Ticket, UpdateSavedView } from "../../../shared/api";
import type { Ctx } from "../../context";
import type { SavedViewTable } from "../../db/schema";
import type { AgentActor } from "../../http/actor";
import { forbidden, notFound } from "../../http/errors";
import { iso } from "../../lib/cursor";
import { can } from "../../policy";
import type { Selectable } from "kysely";
import {
  deleteView,
  insertView,
  lastPublicMessages,
  markRead,
  readsOf,
  savedView,
  updateView,
  viewsFor,
} from "./inbox.queries";
import { ticketOf } from "./tickets.read";
import { agentNames } from "./tickets.queries";

// The triage inbox: each row's marks for the agent reading the list (unread, customer replied, the last public
// message), reads recorded on opening, and saved views (personal, or shared with the workspace by a supervisor).

/** Adds `triage` to a page of tickets: two queries for the page, whatever its size (50 rows by default). */
export async function withTriage(ctx: Ctx, actor: AgentActor, tickets: Ticket[]): Promise<Ticket[]> {
  if (!tickets.length) return tickets;
  const ids = tickets.map((t) => t.id);
  const [reads, last] = await Promise.all([readsOf(ctx, actor.agentId, ids), lastPublicMessages(ctx, ids)]);
  const readAt = new Map(reads.map((r) => [Number(r.ticket_id), Number(r.last_read_at)]));
  const lastOf = new Map(last.map((m) => [Number(m.ticket_id), m]));
  return tickets.map((t) => {
    const m = lastOf.get(t.id);
    const fromCustomer = m?.author_type === "customer";
    const read = readAt.get(t.id);
    return {
      ...t,
      triage: {
        unread: fromCustomer && (read === undefined || read < Number(m.created_at)),
        customer_replied:
          fromCustomer && t.first_response_at !== null && t.status !== "solved" && t.status !== "closed",
        last_message: m
          ? { author: m.author_type, preview: m.preview.replace(/\s+/g, " ").trim(), at: iso(Number(m.created_at))! }
          : null,
      },
    };
  });
}

/** The agent opened the ticket: it is read for them until the customer writes again. */
export async function readTicket(ctx: Ctx, actor: AgentActor, number: number) {
  const t = await ticketOf(ctx, actor.workspaceId, number);
  await markRead(ctx, { agent_id: actor.agentId, ticket_id: t.id, workspace_id: actor.workspaceId, at: Date.now() });
  return { ok: true as const };
}

type ViewRow = Selectable<SavedViewTable>;
const mayEdit = (actor: AgentActor, v: ViewRow) =>
  Number(v.agent_id) === actor.agentId || (v.shared === 1 && can(actor, "report.read"));

async function present(ctx: Ctx, actor: AgentActor, rows: ViewRow[]): Promise<SavedView[]> {
  const owners = new Map(
    (rows.length ? await agentNames(ctx, [...new Set(rows.map((r) => Number(r.agent_id)))]) : []).map((a) => [
      Number(a.id),
      a.name,
    ]),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    view: r.view as SavedView["view"],
    query: r.query,
    shared: r.shared === 1,
    owner: { id: Number(r.agent_id), name: owners.get(Number(r.agent_id)) ?? "" },
    editable: mayEdit(actor, r),
    created_at: iso(Number(r.created_at))!,
    updated_at: iso(Number(r.updated_at))!,
  }));
}

/** Sharing with the workspace is for supervisors and admins (the same people who read the reports). */
function checkShare(actor: AgentActor, shared: boolean | undefined) {
  if (shared && !can(actor, "report.read")) throw forbidden("only supervisors and admins share views");
}

/** Only the query's own parameters are kept: a view never carries a cursor or a page size. */
const cleanQuery = (q: string) => {
  const p = new URLSearchParams(q.replace(/^\?/, ""));
  for (const k of [...p.keys()])
    if (!["status", "assignee_id", "team_id", "tag", "requester", "sort"].includes(k)) p.delete(k);
  return p.toString();
};

export async function listViews(ctx: Ctx, actor: AgentActor) {
  return { data: await present(ctx, actor, await viewsFor(ctx, actor.workspaceId, actor.agentId)) };
}

export async function createView(ctx: Ctx, actor: AgentActor, input: CreateSavedView) {
  checkShare(actor, input.shared);
  const { id } = await insertView(ctx, {
    workspace_id: actor.workspaceId,
    agent_id: actor.agentId,
    name: input.name,
    view: input.view,
    query: cleanQuery(input.query ?? ""),
    shared: input.shared ? 1 : 0,
    at: Date.now(),
  });
  return (await present(ctx, actor, [(await savedView(ctx, actor.workspaceId, Number(id)))!]))[0];
}

async function editable(ctx: Ctx, actor: AgentActor, id: number) {
  const v = await savedView(ctx, actor.workspaceId, id);
  // Another agent's personal view does not exist for this one.
  if (!v || (Number(v.agent_id) !== actor.agentId && v.shared !== 1)) throw notFound("view");
  if (!mayEdit(actor, v)) throw forbidden("only its owner or a supervisor changes a shared view");
  return v;
}

export async function changeView(ctx: Ctx, actor: AgentActor, id: number, input: UpdateSavedView) {
  await editable(ctx, actor, id);
  checkShare(actor, input.shared);
  await updateView(ctx, id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.view !== undefined ? { view: input.view } : {}),
    ...(input.query !== undefined ? { query: cleanQuery(input.query) } : {}),
    ...(input.shared !== undefined ? { shared: input.shared ? 1 : 0 } : {}),
    updated_at: Date.now(),
  });
  return (await present(ctx, actor, [(await savedView(ctx, actor.workspaceId, id))!]))[0];
}

export async function removeView(ctx: Ctx, actor: AgentActor, id: number) {
  await editable(ctx, actor, id);
  await deleteView(ctx, id);
  return { ok: true as const };
}
