import { CUSTOMER_EXPORT_FORMAT, type CustomerExport } from "../../../shared/api/privacy";
import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { notFound } from "../../http/errors";
import { iso } from "../../lib/cursor";
import { insertAuditEvent } from "../auth/limits.queries";
import { presentRequests, publicTimeline } from "../portal/portal.read";
import { praiseOf, requestsBy, subjectOf, surveysOf } from "./privacy.queries";

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/**
 * Everything the workspace holds about one customer that is theirs to have (GDPR articles 15 and 20): their
 * details, their requests as the portal shows them to the customer, their survey answers and the praise kept from
 * their words. Internal notes and the agents' notes about the customer stay out, as they do in the portal. Each
 * export is recorded in the audit trail with who made it.
 */
export async function exportCustomer(
  ctx: Ctx,
  actor: AgentActor,
  customerId: number,
  ip: string | null,
): Promise<CustomerExport> {
  const who = await subjectOf(ctx, actor.workspaceId, customerId);
  if (!who) throw notFound("customer");
  // The requests as the customer sees them: the portal's own presenter, for the customer themself.
  const asCustomer = { kind: "customer" as const, workspaceId: actor.workspaceId, customerId };
  const tickets = await requestsBy(ctx, actor.workspaceId, customerId);
  const presented = await presentRequests(ctx, asCustomer, tickets);
  const requests = [];
  for (const [i, t] of tickets.entries())
    requests.push({ request: presented[i], channel: t.channel, timeline: await publicTimeline(ctx, t) });
  const [surveys, praise] = await Promise.all([
    surveysOf(ctx, actor.workspaceId, customerId),
    praiseOf(ctx, actor.workspaceId, customerId),
  ]);
  const now = Date.now();
  await insertAuditEvent(ctx, {
    workspace_id: actor.workspaceId,
    action: "customer.exported",
    agent_id: null,
    actor_agent_id: actor.agentId,
    ip,
    details: JSON.stringify({ customer_id: customerId, requests: requests.length }),
    created_at: now,
  });
  return {
    format: CUSTOMER_EXPORT_FORMAT,
    exported_at: iso(now),
    workspace: who.workspace,
    customer: {
      id: who.id,
      email: who.email,
      name: who.name,
      phone: who.phone,
      language: who.language,
      external_id: who.external_id,
      organization: who.organization,
      created_at: iso(who.created_at),
      updated_at: iso(who.updated_at),
    },
    requests,
    surveys: surveys.map((s) => ({
      kind: s.kind,
      request_number: s.number,
      sent_at: iso(s.sent_at),
      scale: s.scale,
      score: s.score,
      comment: s.comment,
      resolved: s.resolved === null ? null : s.resolved === 1,
      answered_at: isoOrNull(s.answered_at),
    })),
    praise: praise.map((k) => ({
      request_number: k.number,
      body: k.body,
      created_at: iso(k.created_at),
      consent: k.consent_status,
      consent_text: k.consent_text,
      consent_answered_at: isoOrNull(k.consent_answered_at),
    })),
  };
}
