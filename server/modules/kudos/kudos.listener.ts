import type { Ctx } from "../../context";
import type { OutboxEvent } from "../../events/events";
import { createKudosFromRating } from "./kudos.service";

/**
 * Outbox listener: a good satisfaction rating with a comment becomes kudos for the ticket's agents (one per ticket,
 * updated when the customer changes their answer). NPS answers are about the company, not a ticket's agents.
 */
export async function kudosFromSurvey(ctx: Ctx, event: OutboxEvent): Promise<void> {
  if (event.event !== "survey.answered") return;
  const answer = (event as OutboxEvent<"survey.answered">).payload;
  if (answer.kind !== "csat" || answer.ticket_id === null) return;
  await createKudosFromRating(ctx, {
    workspaceId: event.workspace_id,
    ticketId: answer.ticket_id,
    rating: answer.score,
    good: answer.rating === "good",
    comment: answer.comment,
    // Dated when the customer said it, not when the listener ran (after a backlog, a restart, minutes later).
    givenAt: event.created_at,
  });
}
