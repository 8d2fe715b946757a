import type { Ctx } from "../../context";
import type { TicketRow } from "../../db/schema";
import type { AgentActor } from "../../http/actor";
import { ApiError } from "../../http/errors";
import { teamIdsOf } from "../tickets/tickets.queries";
import { updateTicket } from "../tickets/tickets.service";
import { agentLanguages, queueCandidates } from "./queue.queries";

/**
 * Next up: open, unassigned tickets of the agent's teams (or of no team) and tier, whose customer speaks one of
 * the agent's languages (or did not say); tickets placed at the top first, then the earliest SLA deadline, then
 * the oldest.
 */
export async function nextUp(ctx: Ctx, actor: AgentActor, limit: number): Promise<TicketRow[]> {
  const [teamIds, languages] = await Promise.all([teamIdsOf(ctx, actor.agentId), agentLanguages(ctx, actor.agentId)]);
  // First-line agents see first-line tickets; specialists see both. Tickets placed at the top (an override
  // with its reason) come first, in the order they were placed.
  const [pinned, rest] = await queueCandidates(
    ctx,
    { workspaceId: actor.workspaceId, teamIds, languages, firstLineOnly: actor.tier === "first_line" },
    limit,
  );
  return [...pinned, ...rest].slice(0, limit);
}

/** Get next: the top ticket of the agent's Next up, assigned to them; one taken by someone else meanwhile is skipped. */
export async function takeNext(ctx: Ctx, actor: AgentActor, requestId: string | null): Promise<TicketRow> {
  for (const candidate of await nextUp(ctx, actor, 10)) {
    try {
      return await updateTicket(
        ctx,
        actor,
        candidate.number,
        { assignee_id: actor.agentId, expect_unassigned: true },
        requestId,
      );
    } catch (err) {
      if (err instanceof ApiError && err.code === "already_assigned") continue;
      throw err;
    }
  }
  throw new ApiError(404, "queue_empty", "Nothing is waiting in your queue");
}
