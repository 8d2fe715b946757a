import { type EscalationReason, ZEscalationReason, ZEscalationReasonList, ZTicket } from "../../../shared/api/index";
import {
  patchOf,
  ZDeescalate,
  ZEscalate,
  ZEscalationReasonInput,
  ZIdParam,
  ZNumberParam,
} from "../../../shared/schemas";
import { badRequest, conflict, notFound } from "../../http/errors";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { presentOne } from "../tickets/tickets.read";
import { deescalate, escalate } from "./escalation";

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
    handler: async ({ ctx, actor }) => ({
      data: (
        await ctx.db
          .selectFrom("escalation_reasons")
          .selectAll()
          .where("workspace_id", "=", actor.workspaceId)
          .orderBy("id")
          .execute()
      ).map(present),
    }),
  }),
  route({
    method: "POST",
    url: "/api/v1/escalation-reasons",
    access: "agent",
    policy: "escalation.manage",
    tag: "service levels",
    status: 201,
    summary: "Add an escalation reason code",
    body: ZEscalationReasonInput,
    response: ZEscalationReason,
    handler: async ({ ctx, actor, body }) => {
      const row = await ctx.db
        .insertInto("escalation_reasons")
        .values({
          workspace_id: actor.workspaceId,
          code: body.code,
          label: body.label,
          active: body.active ? 1 : 0,
          created_at: Date.now(),
        })
        .onConflict((oc) => oc.columns(["workspace_id", "code"]).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw conflict("code_taken", `the reason code ${body.code} exists`);
      return present(row);
    },
  }),
  route({
    method: "PATCH",
    url: "/api/v1/escalation-reasons/:id",
    access: "agent",
    policy: "escalation.manage",
    tag: "service levels",
    summary: "Rename or retire a reason code (retired codes stay in past escalations and reports)",
    params: ZIdParam,
    body: patchOf(ZEscalationReasonInput),
    response: ZEscalationReason,
    handler: async ({ ctx, actor, params, body }) => {
      if (body.label === undefined && body.active === undefined)
        throw badRequest("nothing_to_change", "send a label or active");
      const row = await ctx.db
        .updateTable("escalation_reasons")
        .set({
          ...(body.label ? { label: body.label } : {}),
          ...(body.active === undefined ? {} : { active: body.active ? 1 : 0 }),
        })
        .where("workspace_id", "=", actor.workspaceId)
        .where("id", "=", params.id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound("escalation reason");
      return present(row);
    },
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
