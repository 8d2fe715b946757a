import type { Selectable } from "kysely";
import { tx, type Ctx } from "../../context";
import type { OverrideTable } from "../../db/schema";
import type { AgentActor } from "../../http/actor";
import { badRequest, conflict, notFound } from "../../http/errors";
import { iso } from "../../lib/cursor";
import type { Override } from "../../../shared/api/sla";
import type { OverrideSource } from "../../../shared/enums";
import type { UpdateTicket } from "../../../shared/schemas";
import {
  agentName,
  claimDecision,
  findOverride,
  insertOverride,
  listOverrides,
  overrideById,
  reopenOverride,
  salesOverridesNeedApproval,
  setSalesOverridesNeedApproval,
  ticketNumberOf,
} from "./overrides.queries";
import { findTicketByNumber } from "./tickets.queries";
import { ticketOf } from "./tickets.read";
import { updateTicket, updateTicketIn } from "./tickets.service";
import { overrideTarget } from "../sla/clocks";
import { assignmentOutsideRules } from "../sla/eligibility";

// Every exception to the policy (priority, an SLA target, a place at the top of the queue, an assignment
// outside the rules) carries a reason
// and a source and lands in the timeline as its own event, which the fairness report counts. When the
// workspace asks for it, an agent's sales-sourced override waits for a supervisor.

export type OverrideKind = OverrideTable["kind"];
export type OverrideChange = {
  priority?: "low" | "normal" | "high" | "urgent";
  target?: "first_response" | "next_response" | "resolution";
  business_minutes?: number;
  assignee_id?: number;
};
interface Request {
  kind: OverrideKind;
  change: OverrideChange;
  reason: string;
  source: OverrideSource;
}

export async function needsApproval(ctx: Ctx, actor: AgentActor, source: string | undefined): Promise<boolean> {
  if (source !== "sales_request" || actor.role !== "agent") return false;
  return salesOverridesNeedApproval(ctx, actor.workspaceId);
}

/**
 * The parts of a ticket PATCH that wait for a supervisor (an agent's sales-sourced priority change or assignment
 * outside the rules, when the workspace asks for approval), and the rest, which applies now.
 */
export async function heldByApproval(
  ctx: Ctx,
  actor: AgentActor,
  number: number,
  body: UpdateTicket,
): Promise<{ held: Request[]; rest: UpdateTicket }> {
  const held: Request[] = [];
  let rest = body;
  if (body.priority && (await needsApproval(ctx, actor, body.priority_source))) {
    const { priority, priority_reason, priority_source, ...others } = rest;
    if (!priority_reason)
      throw badRequest("reason_required", "changing the priority needs a priority_reason and a priority_source");
    held.push({ kind: "priority", change: { priority }, reason: priority_reason, source: priority_source! });
    rest = others;
  }
  if (body.assignee_id && body.assignment_reason && (await needsApproval(ctx, actor, body.assignment_source))) {
    const ticket = await ticketOf(ctx, actor.workspaceId, number);
    if (
      await assignmentOutsideRules(
        ctx,
        { team_id: body.team_id !== undefined ? body.team_id : ticket.team_id, tier: ticket.tier },
        body.assignee_id,
      )
    ) {
      const { assignee_id, assignment_reason, assignment_source, ...others } = rest;
      held.push({
        kind: "assignment",
        change: { assignee_id: assignee_id! },
        reason: assignment_reason!,
        source: assignment_source!,
      });
      rest = others;
    }
  }
  return { held, rest };
}

/** Applies an override now, or files it for approval; answers which. */
export async function requestOverride(
  ctx: Ctx,
  actor: AgentActor,
  number: number,
  r: Request,
  requestId: string | null,
) {
  const ticket = await ticketOf(ctx, actor.workspaceId, number);
  if (await needsApproval(ctx, actor, r.source)) {
    const row = await tx(ctx, requestId, async (uow) => {
      const o = await insertOverride(uow.trx, {
        workspace_id: actor.workspaceId,
        ticket_id: ticket.id,
        kind: r.kind,
        change: JSON.stringify(r.change),
        reason: r.reason,
        source: r.source,
        requested_by: actor.agentId,
        status: "pending",
        decided_by: null,
        decided_at: null,
        created_at: Date.now(),
      });
      await updateTicketIn(ctx, uow, actor, number, {
        extraEvents: [
          ["override_requested", { override_id: o.id, kind: r.kind, ...r.change, reason: r.reason, source: r.source }],
        ],
      });
      return o;
    });
    return { status: "pending" as const, override: presentOverride(row) };
  }
  await apply(ctx, actor, number, r, actor.name, requestId);
  return { status: "applied" as const };
}

async function apply(
  ctx: Ctx,
  actor: AgentActor,
  number: number,
  r: Request,
  requestedBy: string,
  requestId: string | null,
) {
  const why = { reason: r.reason, source: r.source, requested_by: requestedBy };
  return tx(ctx, requestId, async (uow) => {
    if (r.kind === "priority") {
      return updateTicketIn(ctx, uow, actor, number, {
        priority: r.change.priority,
        priority_reason: r.reason,
        priority_source: r.source,
        requested_by: requestedBy,
      });
    }
    if (r.kind === "sla") {
      const t = await findTicketByNumber(uow.trx, actor.workspaceId, number);
      const target = r.change.target!;
      const changed = await overrideTarget(uow.trx, t!.id, target, r.change.business_minutes!);
      if (!changed) throw conflict("no_running_target", `ticket #${number} has no open ${target} target to change`);
      return updateTicketIn(ctx, uow, actor, number, {
        extraEvents: [["sla_override", { target, from_minutes: changed.from, to_minutes: changed.to, ...why }]],
      });
    }
    if (r.kind === "assignment") {
      return updateTicketIn(ctx, uow, actor, number, {
        assignee_id: r.change.assignee_id,
        assignment_reason: r.reason,
        assignment_source: r.source,
        requested_by: requestedBy,
      });
    }
    return updateTicketIn(ctx, uow, actor, number, {
      queue_pinned_at: Date.now(),
      extraEvents: [["queue_placement", why]],
    });
  });
}

export async function decide(ctx: Ctx, actor: AgentActor, id: number, approve: boolean, requestId: string | null) {
  const o = await findOverride(ctx, actor.workspaceId, id);
  if (!o) throw notFound("override");
  if (o.status !== "pending") throw conflict("already_decided", `this override was ${o.status}`);
  const decided = await claimDecision(ctx, id, approve ? "applied" : "rejected", actor.agentId, Date.now());
  if (!decided) throw conflict("already_decided", "someone decided meanwhile");
  const ticket = { number: await ticketNumberOf(ctx, o.ticket_id) };
  const requester = { name: await agentName(ctx, o.requested_by) };
  if (approve) {
    try {
      await apply(
        ctx,
        actor,
        ticket.number,
        { kind: o.kind, change: JSON.parse(o.change), reason: o.reason, source: o.source },
        requester.name ?? "?",
        requestId,
      );
    } catch (err) {
      await reopenOverride(ctx, id);
      throw err;
    }
  } else {
    await tx(ctx, requestId, (uow) =>
      updateTicketIn(ctx, uow, actor, ticket.number, {
        extraEvents: [["override_rejected", { override_id: o.id, kind: o.kind, requested_by: requester.name ?? null }]],
      }),
    );
  }
  return presentOverride(await overrideById(ctx, id));
}

export function presentOverride(o: Selectable<OverrideTable>): Override {
  return {
    id: o.id,
    ticket_id: o.ticket_id,
    kind: o.kind,
    change: JSON.parse(o.change) as OverrideChange,
    reason: o.reason,
    source: o.source,
    requested_by: o.requested_by,
    status: o.status,
    decided_by: o.decided_by,
    decided_at: iso(o.decided_at),
    created_at: iso(o.created_at),
  };
}

export async function overridesOf(ctx: Ctx, workspaceId: number, status?: OverrideTable["status"]) {
  return (await listOverrides(ctx, workspaceId, status)).map(presentOverride);
}

export const overrideSettings = async (ctx: Ctx, workspaceId: number) => ({
  sales_overrides_need_approval: await salesOverridesNeedApproval(ctx, workspaceId),
});

export async function setOverrideSettings(
  ctx: Ctx,
  workspaceId: number,
  body: { sales_overrides_need_approval: boolean },
) {
  await setSalesOverridesNeedApproval(ctx, workspaceId, body.sales_overrides_need_approval);
  return body;
}

/**
 * A ticket PATCH: the parts that wait for a supervisor are filed (`pending`, one per part) and the rest applies
 * now; with nothing held, all of it applies.
 */
export async function updateWithApproval(
  ctx: Ctx,
  actor: AgentActor,
  number: number,
  body: UpdateTicket,
  requestId: string | null,
) {
  const { held, rest } = await heldByApproval(ctx, actor, number, body);
  if (!held.length) return { ticket: await updateTicket(ctx, actor, number, body, requestId), pending: [] };
  const pending = [];
  for (const r of held) pending.push(await requestOverride(ctx, actor, number, r, requestId));
  const ticket = Object.keys(rest).length
    ? await updateTicket(ctx, actor, number, rest, requestId)
    : await ticketOf(ctx, actor.workspaceId, number);
  return { ticket, pending };
}

/** An override asked for through its own route: filed for approval, or applied and the ticket as it is now. */
export async function askOverride(ctx: Ctx, actor: AgentActor, number: number, r: Request, requestId: string | null) {
  const result = await requestOverride(ctx, actor, number, r, requestId);
  return { result, ticket: result.status === "applied" ? await ticketOf(ctx, actor.workspaceId, number) : null };
}
