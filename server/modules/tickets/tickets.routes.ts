import {
  ZMessage,
  ZMessageList,
  ZTicket,
  ZTicketChangeHeld,
  ZTicketCounts,
  ZTicketPage,
  ZTimeline,
} from "../../../shared/api/index";
import { z } from "zod";
import { TICKET_STATUSES } from "../../../shared/enums";
import {
  ZCreateMessage,
  ZCreateTicket,
  ZMergeTickets,
  ZNumberParam,
  ZTicketListQuery,
  ZUpdateTicket,
} from "../../../shared/schemas";
import { updateWithApproval } from "./overrides";
import { route } from "../../http/route";
import { decodeCursor, encodeCursor } from "../../lib/cursor";
import { getThread, getTimeline, listForAgent, presentOne, ticketCounts, ticketOf } from "./tickets.read";
import { addMessage, createTicket } from "./tickets.service";
import { mergeTicket } from "./merge.service";
import { withTriage } from "./inbox.service";

const ZMessageWithStatus = ZCreateMessage.extend({ status: z.enum(TICKET_STATUSES).optional() });

export const ticketRoutes = [
  route({
    method: "GET",
    url: "/api/v1/tickets",
    access: "agent",
    policy: "ticket.read",
    tag: "tickets",
    summary: "List tickets (a view or filters), newest activity first, with a cursor for the next page",
    query: ZTicketListQuery,
    response: ZTicketPage,
    handler: async ({ ctx, actor, query }) => {
      const { rows, next } = await listForAgent(ctx, actor, query, decodeCursor(query.cursor, 2));
      const data = query.include === "triage" ? await withTriage(ctx, actor, rows) : rows;
      return { data, next_cursor: next ? encodeCursor(next) : null };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/tickets/counts",
    access: "agent",
    policy: "ticket.read",
    tag: "tickets",
    summary: "Ticket counts for the inbox views, read from maintained counters",
    response: ZTicketCounts,
    handler: ({ ctx, actor }) => ticketCounts(ctx, actor),
  }),
  route({
    method: "POST",
    url: "/api/v1/tickets",
    access: "agent",
    policy: "ticket.create",
    tag: "tickets",
    status: 201,
    summary: "Create a ticket; the requester is found or created by email",
    body: ZCreateTicket,
    response: ZTicket,
    handler: async ({ ctx, actor, body, req }) => presentOne(ctx, await createTicket(ctx, actor, body, req.id)),
  }),
  route({
    method: "GET",
    url: "/api/v1/tickets/:number",
    access: "agent",
    policy: "ticket.read",
    tag: "tickets",
    summary: "One ticket",
    params: ZNumberParam,
    response: ZTicket,
    handler: async ({ ctx, actor, params }) => presentOne(ctx, await ticketOf(ctx, actor.workspaceId, params.number)),
  }),
  route({
    method: "PATCH",
    url: "/api/v1/tickets/:number",
    access: "agent",
    policy: "ticket.update",
    tag: "tickets",
    summary:
      "Change status, priority (with priority_reason and priority_source), assignee (with assignment_reason and assignment_source when outside the ticket's team or tier), team, tags or subject",
    params: ZNumberParam,
    body: ZUpdateTicket,
    response: ZTicket,
    responses: { 202: ZTicketChangeHeld },
    handler: async ({ ctx, actor, params, body, req, reply }) => {
      // A sales-sourced priority change or assignment outside the rules by an agent may have to wait for a
      // supervisor: the rest applies now.
      const { ticket, pending } = await updateWithApproval(ctx, actor, params.number, body, req.id);
      if (!pending.length) return presentOne(ctx, ticket);
      return reply.status(202).send({
        ...pending[0],
        ...(pending.length > 1 ? { overrides: pending.map((p) => p.override) } : {}),
        ticket: await presentOne(ctx, ticket),
      });
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/tickets/:number/messages",
    access: "agent",
    policy: "ticket.read",
    tag: "tickets",
    summary: "The thread: public replies and internal notes, oldest first",
    params: ZNumberParam,
    response: ZMessageList,
    handler: async ({ ctx, actor, params }) => ({
      data: await getThread(ctx, actor.workspaceId, params.number, { includeInternal: true }),
    }),
  }),
  route({
    method: "POST",
    url: "/api/v1/tickets/:number/messages",
    access: "agent",
    policy: "ticket.reply",
    tag: "tickets",
    status: 201,
    summary: "Reply to the customer, or add an internal note with internal: true",
    params: ZNumberParam,
    body: ZMessageWithStatus,
    response: ZMessage,
    handler: async ({ ctx, actor, params, body, req }) => {
      const { message } = await addMessage(ctx, actor, params.number, body, req.id);
      const thread = await getThread(ctx, actor.workspaceId, params.number, {
        includeInternal: true,
        messageId: message.id,
      });
      return thread[0];
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/tickets/:number/events",
    access: "agent",
    policy: "ticket.read",
    tag: "tickets",
    summary: "The ticket's timeline (also its audit log)",
    params: ZNumberParam,
    response: ZTimeline,
    handler: async ({ ctx, actor, params }) => ({ data: await getTimeline(ctx, actor.workspaceId, params.number) }),
  }),
  route({
    method: "POST",
    url: "/api/v1/tickets/:number/merge",
    access: "agent",
    policy: "ticket.merge",
    tag: "tickets",
    summary: "Merge this ticket into another of the same customer",
    params: ZNumberParam,
    body: ZMergeTickets,
    response: ZTicket,
    handler: async ({ ctx, actor, params, body, req }) =>
      presentOne(ctx, await mergeTicket(ctx, actor, params.number, body.into, req.id)),
  }),
];
