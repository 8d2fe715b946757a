import type { TicketDrafts, SavedDraft } from "../../../shared/api/drafts";
import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { notFound } from "../../http/errors";
import { iso } from "../../lib/cursor";
import { deleteDraft, findDrafts, upsertDraft } from "./drafts.queries";
import { findTicketByNumber } from "./tickets.queries";

// Drafts: what an agent is writing on a ticket, saved as they type so that a reload, a view switch or a closed
// tab loses nothing. Each agent sees their own text; colleagues see only that a draft exists and whose it is.

async function ticketOf(ctx: Ctx, actor: AgentActor, number: number) {
  const ticket = await findTicketByNumber(ctx, actor.workspaceId, number);
  if (!ticket) throw notFound("ticket");
  return ticket;
}

export async function draftsOf(ctx: Ctx, actor: AgentActor, number: number): Promise<TicketDrafts> {
  const ticket = await ticketOf(ctx, actor, number);
  const rows = await findDrafts(ctx, ticket.id);
  const mine = rows.find((r) => r.agent_id === actor.agentId);
  return {
    draft: mine ? { body_text: mine.body_text, internal: mine.internal === 1, updated_at: iso(mine.updated_at) } : null,
    colleagues: rows
      .filter((r) => r.agent_id !== actor.agentId)
      .map((r) => ({
        agent: { id: r.agent_id, name: r.name },
        internal: r.internal === 1,
        updated_at: iso(r.updated_at),
      })),
  };
}

/** Keeps the agent's draft; an empty (or blank) text deletes it and answers null. */
export async function saveDraft(
  ctx: Ctx,
  actor: AgentActor,
  number: number,
  input: { body_text: string; internal: boolean },
): Promise<SavedDraft | null> {
  const ticket = await ticketOf(ctx, actor, number);
  if (!input.body_text.trim()) {
    await deleteDraft(ctx, ticket.id, actor.agentId);
    return null;
  }
  const updated = await upsertDraft(ctx, {
    ticket_id: ticket.id,
    agent_id: actor.agentId,
    workspace_id: actor.workspaceId,
    body_text: input.body_text,
    internal: input.internal ? 1 : 0,
  });
  return { body_text: input.body_text, internal: input.internal, updated_at: iso(updated) };
}

export async function discardDraft(ctx: Ctx, actor: AgentActor, number: number): Promise<void> {
  const ticket = await ticketOf(ctx, actor, number);
  await deleteDraft(ctx, ticket.id, actor.agentId);
}
