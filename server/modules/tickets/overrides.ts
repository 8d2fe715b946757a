import type { Selectable } from "kysely";
import { tx, type Ctx } from "../../context";
import type { OverrideTable } from "../../db/schema";
import type { AgentActor } from "../../http/actor";
import { badRequest, conflict, notFound } from "../../http/errors";
import { iso } from "../../lib/cursor";
import type { Override } from "../../../shared/api/sla";
import type { OverrideSource } from "../../../shared/enums";
import type { UpdateTicket } from "../../../shared/schemas";
import { findTicketByNumber } from "./tickets.queries";
import { updateTicketIn } from "./tickets.service";
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
  source: string;
}

export async function needsApproval(ctx: Ctx, actor: AgentActor, source: string | undefined): Promise<boolean> {
  if (source !== "sales_request" || actor.role !== "agent") return false;
  const w = await ctx.db
    .selectFrom("workspaces")
    .select("sales_overrides_need_approval")
    .where("id", "=", actor.workspaceId)
    .executeTakeFirstOrThrow();
  return w.sales_overrides_need_approval === 1;
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
    const ticket = await findTicketByNumber(ctx.db, actor.workspaceId, number);
    if (!ticket) throw notFound("ticket");
    if (
      await assignmentOutsideRules(
        ctx.db,
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
  const ticket = await findTicketByNumber(ctx.db, actor.workspaceId, number);
  if (!ticket) throw notFound("ticket");
  if (await needsApproval(ctx, actor, r.source)) {
    const row = await tx(ctx, requestId, async (uow) => {
      const o = await uow.trx
        .insertInto("overrides")
        .values({
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
        })
        .returningAll()
        .executeTakeFirstOrThrow();
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
        priority_source: r.source as never,
        requested_by: requestedBy,
      });
    }
    if (r.kind === "sla") {
      const t = await findTicketByNumber(uow.trx, actor.workspaceId, number);
      const changed = await overrideTarget(uow.trx, t!.id, r.change.target!, r.change.business_minutes!);
      if (!changed)
        throw conflict("no_running_target", `ticket #${number} has no open ${r.change.target} target to change`);
      return updateTicketIn(ctx, uow, actor, number, {
        extraEvents: [
          ["sla_override", { target: r.change.target, from_minutes: changed.from, to_minutes: changed.to, ...why }],
        ],
      });
    }
    if (r.kind === "assignment") {
      return updateTicketIn(ctx, uow, actor, number, {
        assignee_id: r.change.assignee_id,
        assignment_reason: r.reason,
        assignment_source: r.source as never,
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
  const o = await ctx.db
    .selectFrom("overrides")
    .selectAll()
    .where("workspace_id", "=", actor.workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!o) throw notFound("override");
  if (o.status !== "pending") throw conflict("already_decided", `this override was ${o.status}`);
  const claimed = await ctx.db
    .updateTable("overrides")
    .set({ status: approve ? "applied" : "rejected", decided_by: actor.agentId, decided_at: Date.now() })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw conflict("already_decided", "someone decided meanwhile");
  const ticket = await ctx.db
    .selectFrom("tickets")
    .select("number")
    .where("id", "=", o.ticket_id)
    .executeTakeFirstOrThrow();
  const requester = await ctx.db
    .selectFrom("agents")
    .select("name")
    .where("id", "=", o.requested_by)
    .executeTakeFirst();
  if (approve) {
    try {
      await apply(
        ctx,
        actor,
        ticket.number,
        { kind: o.kind, change: JSON.parse(o.change), reason: o.reason, source: o.source },
        requester?.name ?? "?",
        requestId,
      );
    } catch (err) {
      await ctx.db
        .updateTable("overrides")
        .set({ status: "pending", decided_by: null, decided_at: null })
        .where("id", "=", id)
        .execute();
      throw err;
    }
  } else {
    await tx(ctx, requestId, (uow) =>
      updateTicketIn(ctx, uow, actor, ticket.number, {
        extraEvents: [
          ["override_rejected", { override_id: o.id, kind: o.kind, requested_by: requester?.name ?? null }],
        ],
      }),
    );
  }
  return presentOverride(
    await ctx.db.selectFrom("overrides").selectAll().where("id", "=", id).executeTakeFirstOrThrow(),
  );
}

export function presentOverride(o: Selectable<OverrideTable>): Override {
  return {
    id: o.id,
    ticket_id: o.ticket_id,
    kind: o.kind,
    change: JSON.parse(o.change) as OverrideChange,
    reason: o.reason,
    source: o.source as OverrideSource,
    requested_by: o.requested_by,
    status: o.status,
    decided_by: o.decided_by,
    decided_at: iso(o.decided_at),
    created_at: iso(o.created_at),
  };
}
