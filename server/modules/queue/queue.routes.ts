import { ZQueue, ZTicket } from "../../../shared/api/index";
import { z } from "zod";
import { route } from "../../http/route";
import { presentMany, presentOne } from "../tickets/tickets.read";
import { nextUp, takeNext } from "./queue.service";
import { alertRoutes } from "../sla/alerts";

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
      data: await presentMany(ctx, await nextUp(ctx, actor, query.limit)),
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
    handler: async ({ ctx, actor, req }) => presentOne(ctx, await takeNext(ctx, actor, req.id)),
  }),
  // The alerts that tell an agent what in their queue is about to break: served with the queue.
  ...alertRoutes,
];
