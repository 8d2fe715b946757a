import { type EscalationReason, ZEscalationReason, ZEscalationReasonList, ZTicket } from "../../../shared/api/index";
import {
  patchOf,
  ZDeescalate,
  ZEscalate,
  ZEscalationReasonInput,
  ZIdParam,
  ZNumberParam,
} from "../../../shared/schemas";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { presentOne } from "../tickets/tickets.read";
import { deescalate, escalate } from "./escalation";
import { addReason, changeReason, reasonsOf } from "./tiers.service";

const present = (r: {
  id: number;
  code: string;
  label: string;
  active: number;
  created_at: number;
}): EscalationReason => ({
  id: r.id,
  code: r.code,
  label: r.label,
  active: r.active === 1,
  created_at: iso(r.created_at),
});

export const tierRoutes = [
  route({
    method: "GET",
    url: "/api/v1/escalation-reasons",
    access: "agent",
    policy: "ticket.escalate",
    tag: "service levels",
    summary: "The reason codes an escalation must carry (admin-defined)",
    response: ZEscalationReasonList,
    handler: async ({ ctx, actor }) => ({ data: (await reasonsOf(ctx, actor.workspaceId)).map(present) }),
  }),
  route({
    method: "POST",
    url: "/api/v1/escalation-reasons",
    access: "agent",
    policy: "escalation.manage",
    tag: "service levels",
    status: 201,
    summary: "Add an escalation reason code",
    response: ZEscalationReason,
    body: ZEscalationReasonInput,
    handler: async ({ ctx, actor, body }) => present(await addReason(ctx, actor.workspaceId, body)),
  }),
  route({
    method: "PATCH",
    url: "/api/v1/escalation-reasons/:id",
    access: "agent",
    policy: "escalation.manage",
    tag: "service levels",
    summary: "Rename or retire a reason code (retired codes stay in past escalations and reports)",
    params: ZIdParam,
    response: ZEscalationReason,
    body: patchOf(ZEscalationReasonInput),
    handler: async ({ ctx, actor, params, body }) =>
      present(await changeReason(ctx, actor.workspaceId, params.id, body)),
  }),
  route({
    method: "POST",
    url: "/api/v1/tickets/:number/escalate",
    access: "agent",
    policy: "ticket.escalate",
    tag: "tickets",
    summary: "Escalate to a specialist team: a reason code and a note for the specialist are required",
    params: ZNumberParam,
    body: ZEscalate,
    response: ZTicket,
    handler: async ({ ctx, actor, params, body, req }) =>
      presentOne(ctx, await escalate(ctx, actor, params.number, body, req.id)),
  }),
  route({
    method: "POST",
    url: "/api/v1/tickets/:number/de-escalate",
    access: "agent",
    policy: "ticket.escalate",
    tag: "tickets",
    summary: "Hand a ticket back to the first line, with a note",
    params: ZNumberParam,
    body: ZDeescalate,
    response: ZTicket,
    handler: async ({ ctx, actor, params, body, req }) =>
      presentOne(ctx, await deescalate(ctx, actor, params.number, body, req.id)),
  }),
];
