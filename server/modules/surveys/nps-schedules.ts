import type { z } from "zod";
import type { NpsSchedule } from "../../../shared/api/surveys";
import type { ZNpsScheduleInput } from "../../../shared/surveys";
import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { ApiError, badRequest, notFound } from "../../http/errors";
import { iso } from "../../lib/cursor";
import { DAY_MS } from "./counts";
import { sendNps } from "./nps";
import {
  deleteSchedule,
  dueSchedules,
  insertSchedule,
  listSchedules,
  markRound,
  organizationOf,
  planInUse,
} from "./nps-schedules.queries";

// NPS on a schedule: each round sends the survey to the schedule's people through sendNps, which skips anyone
// asked within the settings' interval, so an organization on two schedules (its own and its plan's) is still
// asked once. The worker looks for due rounds every ten minutes.

export async function schedules(ctx: Ctx, actor: AgentActor, id?: number): Promise<NpsSchedule[]> {
  return (await listSchedules(ctx, actor.workspaceId, id)).map((r) => ({
    id: Number(r.id),
    organization:
      r.organization_id !== null ? { id: Number(r.organization_id), name: r.organization_name ?? "" } : null,
    plan: r.plan,
    every_days: r.every_days,
    next_run_at: iso(r.next_run_at)!,
    last_run_at: iso(r.last_run_at),
    last_queued: r.last_queued,
  }));
}

export async function createSchedule(
  ctx: Ctx,
  actor: AgentActor,
  input: z.output<typeof ZNpsScheduleInput>,
): Promise<NpsSchedule> {
  if (input.organization_id && !(await organizationOf(ctx, actor.workspaceId, input.organization_id)))
    throw notFound("Organization");
  if (input.plan && !(await planInUse(ctx, actor.workspaceId, input.plan)))
    throw badRequest("unknown_plan", `No organization is on the plan "${input.plan}"`);
  const now = Date.now();
  const id = await insertSchedule(ctx, {
    workspace_id: actor.workspaceId,
    organization_id: input.organization_id ?? null,
    plan: input.plan ?? null,
    every_days: input.every_days,
    next_run_at: input.first_run_at ? Date.parse(input.first_run_at) : now,
    last_run_at: null,
    last_queued: null,
    created_by: actor.agentId,
    created_at: now,
  });
  return (await schedules(ctx, actor, id))[0];
}

export async function removeSchedule(ctx: Ctx, actor: AgentActor, id: number) {
  if (!(await deleteSchedule(ctx, actor.workspaceId, id))) throw notFound("NPS schedule");
}

/** Sends every round that is due; returns how many ran. A workspace with NPS off (or no mailbox) tries a day later. */
export async function runDueSchedules(ctx: Ctx, now = Date.now()): Promise<number> {
  let ran = 0;
  for (const s of await dueSchedules(ctx, now)) {
    try {
      const r = await sendNps(ctx, Number(s.workspace_id), {
        organization_id: s.organization_id !== null ? Number(s.organization_id) : undefined,
        plan: s.plan ?? undefined,
        everyone: s.organization_id === null && s.plan === null,
      });
      await markRound(ctx, Number(s.id), { now, next: now + s.every_days * DAY_MS, queued: r.queued });
      ran++;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      ctx.log.info({ schedule: s.id, code: err.code }, "NPS schedule not sent; trying again in a day");
      await markRound(ctx, Number(s.id), { now, next: now + DAY_MS, queued: null });
    }
  }
  return ran;
}

/** Worker loop: due NPS rounds every ten minutes. */
export function watchNpsSchedules(ctx: Ctx, everyMs = 10 * 60_000): () => void {
  const timer = setInterval(() => {
    runDueSchedules(ctx).catch((err: unknown) => ctx.log.warn({ err }, "NPS schedules failed; will try again"));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
