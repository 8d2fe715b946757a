import { ZDraftSaved, ZOk, ZTicketDrafts } from "../../../shared/api/index";
import { ZDraftInput, ZNumberParam } from "../../../shared/schemas";
import { route } from "../../http/route";
import { discardDraft, draftsOf, saveDraft } from "./drafts.service";

// The composer's drafts, per agent and ticket (drafts.service.ts).
export const draftRoutes = [
  route({
    method: "GET",
    url: "/api/v1/tickets/:number/draft",
    access: "agent",
    policy: "ticket.read",
    tag: "tickets",
    summary: "Your draft on the ticket, and which colleagues have one",
    params: ZNumberParam,
    response: ZTicketDrafts,
    handler: async ({ ctx, actor, params }) => draftsOf(ctx, actor, params.number),
  }),
  route({
    method: "PUT",
    url: "/api/v1/tickets/:number/draft",
    access: "agent",
    policy: "ticket.reply",
    tag: "tickets",
    summary: "Keep your draft as you type (an empty text deletes it)",
    params: ZNumberParam,
    body: ZDraftInput,
    response: ZDraftSaved,
    handler: async ({ ctx, actor, params, body }) => ({ draft: await saveDraft(ctx, actor, params.number, body) }),
  }),
  route({
    method: "DELETE",
    url: "/api/v1/tickets/:number/draft",
    access: "agent",
    policy: "ticket.reply",
    tag: "tickets",
    summary: "Discard your draft",
    params: ZNumberParam,
    response: ZOk,
    handler: async ({ ctx, actor, params }) => {
      await discardDraft(ctx, actor, params.number);
      return { ok: true as const };
    },
  }),
];
