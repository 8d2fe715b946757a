import { ZQueue, ZTicket } from "../../../shared/api/index";
import { z } from "zod";
import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { ApiError } from "../../http/errors";
import { route } from "../../http/route";
import { presentMany, presentOne } from "../tickets/tickets.read";
import { teamIdsOf } from "../tickets/tickets.queries";
import { updateTicket } from "../tickets/tickets.service";
import { alertRoutes } from "../sla/alerts";

/**
 * Next up: open, unassigned tickets of the agent's teams (or of no team) and tier, whose customer speaks one of
 * the agent's languages (or did not say); tickets placed at the top first, then the earliest SLA deadline, then
 * the oldest. Read through the partial
 * index on (workspace, sla_due_at, created_at).
 */
async function nextUp(ctx: Ctx, actor: AgentActor, limit: number) {
  const [teams, agent] = await Promise.all([
    teamIdsOf(ctx.db, actor.agentId),
    ctx.db.selectFrom("agents").select("languages").where("id", "=", actor.agentId).executeTakeFirstOrThrow(),
  ]);
  const languages = JSON.parse(agent.languages) as string[];
  const base = () =>
    ctx.db
      .selectFrom("tickets")
      .innerJoin("customers", "customers.id", "tickets.requester_id")
      .selectAll("tickets")
      .where("tickets.workspace_id", "=", actor.workspaceId)
      .where("tickets.is_open", "=", 1)
      .where("tickets.assignee_id", "is", null)
      .where((eb) =>
        eb.or([eb("tickets.team_id", "is", null), ...(teams.length ? [eb("tickets.team_id", "in", teams)] : [])]),
      )
      .where((eb) =>
        eb.or([
          eb("customers.language", "is", null),
          ...(languages.length ? [eb("customers.language", "in", languages)] : []),
        ]),
      )
      // First-line agents see first-line tickets; specialists see both.
      .$if(actor.tier === "first_line", (q) => q.where("tickets.tier", "=", "first_line"));
  // Tickets placed at the top (an override with its reason) come first, in the order they were placed.
  // Both reads at once: on PostgreSQL each is a round trip of its own.
  const [pinned, rest] = await Promise.all([
    base().where("tickets.queue_pinned_at", "is not", null).orderBy("tickets.queue_pinned_at").limit(limit).execute(),
    base()
      .where("tickets.queue_pinned_at", "is", null)
      .orderBy("tickets.sla_due_at")
      .orderBy("tickets.created_at")
      .orderBy("tickets.id")
      .limit(limit)
      .execute(),
  ]);
  return [...pinned, ...rest].slice(0, limit);
}

export const queueRoutes = [
  route({
    method: "GET",
    url: "/api/v1/queue",
    access: "agent",
    policy: "ticket.read",
    tag: "service levels",
    summary: "Next up: unassigned open tickets for your teams and languages, earliest SLA deadline first, then oldest",
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
    response: ZQueue,
    handler: async ({ ctx, actor, query }) => ({
      data: await presentMany(ctx.db, await nextUp(ctx, actor, query.limit)),
    }),
  }),
  route({
    method: "POST",
    url: "/api/v1/queue/next",
    access: "agent",
    policy: "ticket.update",
    tag: "service levels",
    summary:
      "Get next: assign the top ticket of your Next up queue to yourself (409-free: a ticket taken by someone else meanwhile is skipped)",
    response: ZTicket,
    handler: async ({ ctx, actor, req }) => {
      for (const candidate of await nextUp(ctx, actor, 10)) {
        try {
          const t = await updateTicket(
            ctx,
            actor,
            candidate.number,
            { assignee_id: actor.agentId, expect_unassigned: true },
            req.id,
          );
          return presentOne(ctx, t);
        } catch (err) {
          if (err instanceof ApiError && err.code === "already_assigned") continue;
          throw err;
        }
      }
      throw new ApiError(404, "queue_empty", "Nothing is waiting in your queue");
    },
  }),
  // The alerts that tell an agent what in their queue is about to break: served with the queue.
  ...alertRoutes,
];
