import { ZHeldReply, ZTicket, ZTicketCc, ZTicketFollowers, ZUndoneReply } from "../../../shared/api/index";
import { ZCcInput, ZFollowersInput, ZHoldReply, ZIdParam, ZNumberParam, ZSplitTicket } from "../../../shared/schemas";
import { route } from "../../http/route";
import { listCc, listFollowers, setCc, setFollowers } from "./followers.service";
import { holdReply, undoReply } from "./held-replies.service";
import { splitTicket } from "./split.service";
import { presentOne } from "./tickets.read";

// Ticket actions beyond PATCH: split a message into a new ticket, followers, CC.
export const ticketActionRoutes = [
  route({
    method: "POST",
    url: "/api/v1/tickets/:number/split",
    access: "agent",
    policy: "ticket.update",
    tag: "tickets",
    status: 201,
    summary: "Move one message into a new ticket of the same customer (answers the new ticket)",
    params: ZNumberParam,
    body: ZSplitTicket,
    response: ZTicket,
    handler: async ({ ctx, actor, params, body, req }) =>
      presentOne(ctx, await splitTicket(ctx, actor, params.number, body, req.id)),
  }),
  route({
    method: "GET",
    url: "/api/v1/tickets/:number/followers",
    access: "agent",
    policy: "ticket.read",
    tag: "tickets",
    summary: "The agents following the ticket (notified when the customer replies)",
    params: ZNumberParam,
    response: ZTicketFollowers,
    handler: ({ ctx, actor, params }) => listFollowers(ctx, actor, params.number),
  }),
  route({
    method: "PUT",
    url: "/api/v1/tickets/:number/followers",
    access: "agent",
    policy: "ticket.update",
    tag: "tickets",
    summary: "Set the ticket's followers",
    params: ZNumberParam,
    body: ZFollowersInput,
    response: ZTicketFollowers,
    handler: ({ ctx, actor, params, body }) => setFollowers(ctx, actor, params.number, body.agent_ids),
  }),
  route({
    method: "GET",
    url: "/api/v1/tickets/:number/cc",
    access: "agent",
    policy: "ticket.read",
    tag: "tickets",
    summary: "The addresses copied on the ticket's public replies",
    params: ZNumberParam,
    response: ZTicketCc,
    handler: ({ ctx, actor, params }) => listCc(ctx, actor, params.number),
  }),
  route({
    method: "PUT",
    url: "/api/v1/tickets/:number/cc",
    access: "agent",
    policy: "ticket.update",
    tag: "tickets",
    summary: "Set the addresses copied on the ticket's public replies",
    params: ZNumberParam,
    body: ZCcInput,
    response: ZTicketCc,
    handler: ({ ctx, actor, params, body }) => setCc(ctx, actor, params.number, body.addresses),
  }),
];

// "Undo send" (held-replies.service.ts).
export const heldReplyRoutes = [
  route({
    method: "POST",
    url: "/api/v1/tickets/:number/held-replies",
    access: "agent",
    policy: "ticket.reply",
    tag: "tickets",
    status: 201,
    summary:
      "Reply to the customer after the workspace's undo window (undo_send_seconds): answers when it will be sent, or the message when the window is 0",
    params: ZNumberParam,
    body: ZHoldReply,
    response: ZHeldReply,
    handler: ({ ctx, actor, params, body, req }) => holdReply(ctx, actor, params.number, body, req.id),
  }),
  route({
    method: "DELETE",
    url: "/api/v1/held-replies/:id",
    access: "agent",
    policy: "ticket.reply",
    tag: "tickets",
    summary: "Undo a held reply of yours before it is sent: answers its text (409 held_reply_gone once sent)",
    params: ZIdParam,
    response: ZUndoneReply,
    handler: ({ ctx, actor, params }) => undoReply(ctx, actor, params.id),
  }),
];
