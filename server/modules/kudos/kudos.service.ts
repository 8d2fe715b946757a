import type { Kudos, KudosList } from "../../../shared/api/listening";
import { rooms } from "../../../shared/realtime";
import { tx, type Ctx } from "../../context";
import type { Runner } from "../../db/index";
import type { AgentActor } from "../../http/actor";
import { badRequest, conflict, notFound } from "../../http/errors";
import { iso } from "../../lib/cursor";
import {
  answeringAgents,
  insertKudos,
  insertRecipients,
  kudosById,
  kudosOfMessage,
  type KudosRow,
  lastCustomerMessage,
  leadsOf,
  listKudosRows,
  markAllRead,
  messageOfTicket,
  ratingKudosOfTicket,
  recipientsOf,
  supervisorsOf,
  ticketById,
  ticketForKudos,
  unreadCount,
  updateKudos,
} from "./kudos.queries";

// Praise: a customer message a supervisor marks, or a good survey rating with a comment, becomes kudos for the
// agents of that ticket (its assignee and whoever answered the customer). It reaches them and their leads (the
// supervisors of their teams, else every supervisor) as unread kudos, counted in the agent app's sidebar, and
// appears on the praise wall the whole company can open.

type Recipients = { agents: number[]; leads: number[] };

async function recipientsFor(on: Runner, workspaceId: number, ticket: { id: number; assignee_id: number | null }) {
  const agents = [
    ...new Set([...(ticket.assignee_id ? [ticket.assignee_id] : []), ...(await answeringAgents(on, ticket.id))]),
  ];
  let leads = await leadsOf(on, workspaceId, agents);
  if (!leads.length) leads = await supervisorsOf(on, workspaceId);
  return { agents, leads: leads.filter((l) => !agents.includes(l)) } satisfies Recipients;
}

async function deliver(on: Runner, workspaceId: number, kudosId: number, r: Recipients) {
  await insertRecipients(on, [
    ...r.agents.map((agent_id) => ({ kudos_id: kudosId, agent_id, workspace_id: workspaceId, role: "agent" as const })),
    ...r.leads.map((agent_id) => ({ kudos_id: kudosId, agent_id, workspace_id: workspaceId, role: "lead" as const })),
  ]);
}

/** A supervisor marks a customer message (by default the ticket's latest) as praise. */
export async function createKudos(
  ctx: Ctx,
  actor: AgentActor,
  input: { ticket_number: number; message_id?: number },
): Promise<Kudos> {
  const ticket = await ticketForKudos(ctx, actor.workspaceId, input.ticket_number);
  if (!ticket) throw notFound("ticket");
  const message = input.message_id
    ? await messageOfTicket(ctx, ticket.id, input.message_id)
    : await lastCustomerMessage(ctx, ticket.id);
  if (!message) throw notFound("message");
  if (message.author_type !== "customer" || message.internal)
    throw badRequest("not_customer_message", "only a customer's message can be marked as praise");
  if (await kudosOfMessage(ctx, message.id)) throw conflict("already_praised", "this message is already praise");
  const id = await tx(ctx, null, async ({ trx }) => {
    const id = await insertKudos(trx, {
      workspace_id: actor.workspaceId,
      ticket_id: ticket.id,
      message_id: message.id,
      customer_id: message.author_customer_id ?? ticket.requester_id,
      source: "message",
      body: (message.reply_text || message.body_text).trim().slice(0, 5000),
      rating: null,
      created_by: actor.agentId,
      created_at: Date.now(),
      consent_token_hash: null,
      consent_language: null,
      consent_requested_at: null,
      consent_answered_at: null,
      consent_text: null,
    });
    await deliver(trx, actor.workspaceId, id, await recipientsFor(trx, actor.workspaceId, ticket));
    return id;
  });
  await pushKudos(ctx, actor.workspaceId, id);
  return (await presentMany(ctx, [(await kudosById(ctx, actor.workspaceId, id))!], actor.agentId))[0];
}

/**
 * For the surveys module: a good rating with a comment becomes kudos for the ticket's agents (once per ticket; a
 * changed rating or comment updates it). Answers the kudos' id, or null when the rating is not good or has no
 * comment. `good`: whether the rating counts as good on its scale (4–5 of 5, or "good" of 2).
 */
export async function createKudosFromRating(
  ctx: Ctx,
  input: {
    workspaceId: number;
    ticketId: number;
    rating: number;
    good: boolean;
    comment: string | null;
    /** When the customer gave the rating (the answer's event), else now. */
    givenAt?: number;
  },
): Promise<number | null> {
  const comment = input.comment?.trim();
  if (!input.good || !comment) return null;
  const ticket = await ticketById(ctx, input.workspaceId, input.ticketId);
  if (!ticket) return null;
  const made = await tx(ctx, null, async ({ trx }) => {
    const existing = await ratingKudosOfTicket(trx, ticket.id);
    if (existing) {
      await updateKudos(trx, existing.id, { body: comment.slice(0, 5000), rating: input.rating });
      return existing.id;
    }
    const id = await insertKudos(trx, {
      workspace_id: input.workspaceId,
      ticket_id: ticket.id,
      message_id: null,
      customer_id: ticket.requester_id,
      source: "rating",
      body: comment.slice(0, 5000),
      rating: input.rating,
      created_by: null,
      created_at: input.givenAt ?? Date.now(),
      consent_token_hash: null,
      consent_language: null,
      consent_requested_at: null,
      consent_answered_at: null,
      consent_text: null,
    });
    await deliver(trx, input.workspaceId, id, await recipientsFor(trx, input.workspaceId, ticket));
    return id;
  });
  await pushKudos(ctx, input.workspaceId, made);
  return made;
}

/** Tells the workspace's open apps (the praise wall on a TV among them) that praise was given or changed. */
const pushKudos = (ctx: Ctx, workspaceId: number, id: number) =>
  ctx.hub.publish(rooms.workspace(workspaceId), { type: "kudos.created", kudos_id: id });

export async function presentMany(on: Runner, rows: KudosRow[], viewerId: number): Promise<Kudos[]> {
  const recipients = await recipientsOf(
    on,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const mine = recipients.filter((x) => x.kudos_id === r.id);
    return {
      id: r.id,
      ticket_number: r.ticket_number,
      ticket_subject: r.ticket_subject,
      message_id: r.message_id,
      source: r.source,
      text: r.body,
      rating: r.rating,
      customer: { id: r.customer_id, name: r.customer_name ?? r.customer_email },
      organization: r.organization_name,
      agents: mine.filter((x) => x.role === "agent").map((x) => ({ id: x.agent_id, name: x.name })),
      created_by: r.created_by ? { id: r.created_by, name: r.creator_name ?? "" } : null,
      created_at: iso(r.created_at),
      consent_status: r.consent_status,
      unread: mine.some((x) => x.agent_id === viewerId && x.read_at === null),
    };
  });
}

/** The praise wall (everyone's, or only what reached the signed-in agent), newest first. */
export async function listKudos(
  ctx: Ctx,
  actor: AgentActor,
  q: { mine?: "true" | "false"; days: number },
): Promise<KudosList> {
  const rows = await listKudosRows(ctx, actor.workspaceId, {
    since: Date.now() - q.days * 86_400_000,
    agentId: q.mine === "true" ? actor.agentId : undefined,
    limit: 200,
  });
  return { data: await presentMany(ctx, rows, actor.agentId), unread: await unreadCount(ctx, actor.agentId) };
}

export const unreadKudos = async (ctx: Ctx, actor: AgentActor) => ({ unread: await unreadCount(ctx, actor.agentId) });

export async function readKudos(ctx: Ctx, actor: AgentActor) {
  await markAllRead(ctx, actor.agentId, Date.now());
  return { unread: 0 };
}
