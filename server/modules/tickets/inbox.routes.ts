import { ZCreateSavedView, ZOk, ZSavedView, ZSavedViewList, ZUpdateSavedView } from "../../../shared/api/index";
import { ZIdParam, ZNumberParam } from "../../../shared/schemas";
import { route } from "../../http/route";
import { changeView, createView, listViews, readTicket, removeView } from "./inbox.service";

export const inboxRoutes = [
  route({
    method: "POST",
    url: "/api/v1/tickets/:number/read",
    access: "agent",
    policy: "ticket.read",
    tag: "tickets",
    summary: "The signed-in agent read the ticket: its row loses the unread mark until the customer writes again",
    params: ZNumberParam,
    response: ZOk,
    handler: async ({ ctx, actor, params }) => readTicket(ctx, actor, params.number),
  }),
  route({
    method: "GET",
    url: "/api/v1/views",
    access: "agent",
    policy: "ticket.read",
    tag: "tickets",
    summary: "Saved inbox views: the agent's own and those shared with the workspace",
    response: ZSavedViewList,
    handler: async ({ ctx, actor }) => listViews(ctx, actor),
  }),
  route({
    method: "POST",
    url: "/api/v1/views",
    access: "agent",
    policy: "ticket.read",
    tag: "tickets",
    summary: "Save the inbox's filters and sort under a name; shared: true (supervisors and admins) for everyone",
    body: ZCreateSavedView,
    status: 201,
    response: ZSavedView,
    handler: async ({ ctx, actor, body }) => createView(ctx, actor, body),
  }),
  route({
    method: "PATCH",
    url: "/api/v1/views/:id",
    access: "agent",
    policy: "ticket.read",
    tag: "tickets",
    summary: "Rename, change or (supervisors) share a saved view: its owner, or a supervisor for a shared one",
    params: ZIdParam,
    body: ZUpdateSavedView,
    response: ZSavedView,
    handler: async ({ ctx, actor, params, body }) => changeView(ctx, actor, params.id, body),
  }),
  route({
    method: "DELETE",
    url: "/api/v1/views/:id",
    access: "agent",
    policy: "ticket.read",
    tag: "tickets",
    summary: "Delete a saved view: its owner, or a supervisor for a shared one",
    params: ZIdParam,
    response: ZOk,
    handler: async ({ ctx, actor, params }) => removeView(ctx, actor, params.id),
  }),
];
