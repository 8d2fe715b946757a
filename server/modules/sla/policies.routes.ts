import { type SlaPolicy, ZSlaPolicy, ZSlaPolicyList } from "../../../shared/api/index";
import { ZIdParam, ZSlaPolicyInput, ZSlaPolicyUpdate } from "../../../shared/schemas";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { changePolicy, createPolicy, policiesFor } from "./policies.service";
import type { Policy } from "./sla.queries";

const present = (p: Policy): SlaPolicy => ({
  id: p.id,
  name: p.name,
  plan_name: p.plan_name,
  priority: p.priority as SlaPolicy["priority"],
  channel: p.channel as SlaPolicy["channel"],
  calendar_id: p.calendar_id,
  first_response_minutes: p.first_response_minutes,
  next_response_minutes: p.next_response_minutes,
  resolution_minutes: p.resolution_minutes,
  pause_on_hold: p.pause_on_hold === 1,
  warn_percent: p.warn_percent,
  position: p.position,
  created_at: iso(p.created_at),
});

// Policies apply to tickets created after the change (another node may use the previous version for a few seconds).
export const policyRoutes = [
  route({
    method: "GET",
    url: "/api/v1/sla/policies",
    access: "agent",
    policy: "calendar.read",
    tag: "service levels",
    summary:
      "SLA policies in the order they are tried (position): the first whose plan, priority and channel match applies",
    response: ZSlaPolicyList,
    handler: async ({ ctx, actor }) => ({ data: (await policiesFor(ctx, actor.workspaceId)).map(present) }),
  }),
  route({
    method: "POST",
    url: "/api/v1/sla/policies",
    access: "agent",
    policy: "calendar.manage",
    tag: "service levels",
    status: 201,
    summary: "Create a policy: targets in business minutes for a support plan, priority and/or channel",
    body: ZSlaPolicyInput,
    response: ZSlaPolicy,
    handler: async ({ ctx, actor, body }) => present(await createPolicy(ctx, actor.workspaceId, body)),
  }),
  route({
    method: "PATCH",
    url: "/api/v1/sla/policies/:id",
    access: "agent",
    policy: "calendar.manage",
    tag: "service levels",
    summary: "Change a policy",
    params: ZIdParam,
    body: ZSlaPolicyUpdate,
    response: ZSlaPolicy,
    handler: async ({ ctx, actor, params, body }) =>
      present(await changePolicy(ctx, actor.workspaceId, params.id, body)),
  }),
];
