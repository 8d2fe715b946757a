import { ZAuditEventList } from "../../../shared/api/index";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { auditTrail } from "./limits";

export const auditRoutes = [
  route({
    method: "GET",
    url: "/api/v1/audit-events",
    access: "agent",
    policy: "audit.read",
    tag: "agents",
    summary:
      "The workspace's security events, newest first: sign-ins locked by wrong passwords, unlocks, and customers' data exports",
    response: ZAuditEventList,
    handler: async ({ ctx, actor }) => ({
      data: (await auditTrail(ctx, actor)).map((e) => ({
        id: e.id,
        action: e.action,
        agent_id: e.agent_id,
        actor_agent_id: e.actor_agent_id,
        ip: e.ip,
        details: JSON.parse(e.details) as Record<string, unknown>,
        created_at: iso(e.created_at),
      })),
    }),
  }),
];
