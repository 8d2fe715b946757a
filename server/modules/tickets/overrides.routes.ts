import { ZOverride, ZOverrideApplied, ZOverrideList, ZOverridePending } from "../../../shared/api/index";
import { z } from "zod";
import { ZIdParam, ZNumberParam, ZOverrideSettings, ZQueuePlacement, ZSlaOverride } from "../../../shared/schemas";
import { route } from "../../http/route";
import { presentOne } from "./tickets.read";
import { askOverride, decide, overrideSettings, overridesOf, setOverrideSettings } from "./overrides";

export const overrideRoutes = [
  route({
    method: "POST",
    url: "/api/v1/tickets/:number/sla-override",
    access: "agent",
    policy: "ticket.update",
    tag: "service levels",
    summary:
      "Give one SLA target more or fewer business minutes than the policy, with a reason and a source (202 when it waits for a supervisor)",
    params: ZNumberParam,
    body: ZSlaOverride,
    response: ZOverrideApplied,
    responses: { 202: ZOverridePending },
    handler: async ({ ctx, actor, params, body, req, reply }) => {
      const { result: r, ticket } = await askOverride(
        ctx,
        actor,
        params.number,
        {
          kind: "sla",
          change: { target: body.target, business_minutes: body.business_minutes },
          reason: body.reason,
          source: body.source,
        },
        req.id,
      );
      if (r.status === "pending") return reply.status(202).send(r);
      return { status: r.status, ticket: await presentOne(ctx, ticket!) };
    },
  }),
  route({
    method: "POST",
    url: "/api/v1/queue/place",
    access: "agent",
    policy: "ticket.update",
    tag: "service levels",
    summary: "Place a ticket at the top of Next up, with a reason and a source (202 when it waits for a supervisor)",
    body: ZQueuePlacement,
    response: ZOverrideApplied,
    responses: { 202: ZOverridePending },
    handler: async ({ ctx, actor, body, req, reply }) => {
      const { result: r, ticket } = await askOverride(
        ctx,
        actor,
        body.ticket_number,
        { kind: "queue", change: {}, reason: body.reason, source: body.source },
        req.id,
      );
      if (r.status === "pending") return reply.status(202).send(r);
      return { status: r.status, ticket: await presentOne(ctx, ticket!) };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/overrides",
    access: "agent",
    policy: "override.approve",
    tag: "service levels",
    summary: "Overrides asked for (status=pending: waiting for approval)",
    query: z.object({ status: z.enum(["pending", "applied", "rejected"]).optional() }),
    response: ZOverrideList,
    handler: async ({ ctx, actor, query }) => ({ data: await overridesOf(ctx, actor.workspaceId, query.status) }),
  }),
  route({
    method: "POST",
    url: "/api/v1/overrides/:id/approve",
    access: "agent",
    policy: "override.approve",
    tag: "service levels",
    summary: "Approve a pending override: it is applied now, recorded with who asked and who approved",
    params: ZIdParam,
    response: ZOverride,
    handler: async ({ ctx, actor, params, req }) => decide(ctx, actor, params.id, true, req.id),
  }),
  route({
    method: "POST",
    url: "/api/v1/overrides/:id/reject",
    access: "agent",
    policy: "override.approve",
    tag: "service levels",
    summary: "Reject a pending override",
    params: ZIdParam,
    response: ZOverride,
    handler: async ({ ctx, actor, params, req }) => decide(ctx, actor, params.id, false, req.id),
  }),
  route({
    method: "GET",
    url: "/api/v1/overrides/settings",
    access: "agent",
    policy: "ticket.read",
    tag: "service levels",
    summary: "Whether sales-sourced overrides by agents wait for a supervisor",
    response: ZOverrideSettings,
    handler: ({ ctx, actor }) => overrideSettings(ctx, actor.workspaceId),
  }),
  route({
    method: "PUT",
    url: "/api/v1/overrides/settings",
    access: "agent",
    policy: "override.approve",
    tag: "service levels",
    summary: "Supervisors decide whether sales-sourced overrides by agents need their approval",
    body: ZOverrideSettings,
    response: ZOverrideSettings,
    handler: ({ ctx, actor, body }) => setOverrideSettings(ctx, actor.workspaceId, body),
  }),
];
