import type { Insertable } from "kysely";
import { dbOf, type Runner } from "../../db/index";
import type { NpsScheduleTable } from "../../db/schema";

// NPS schedules: the rows, the due ones, and each round's outcome.

/** A workspace's schedules, soonest first (or the one with `id`). */
export const listSchedules = (on: Runner, workspaceId: number, id?: number) =>
  dbOf(on)
    .selectFrom("nps_schedules")
    .leftJoin("organizations", "organizations.id", "nps_schedules.organization_id")
    .select([
      "nps_schedules.id",
      "nps_schedules.organization_id",
      "organizations.name as organization_name",
      "nps_schedules.plan",
      "nps_schedules.every_days",
      "nps_schedules.next_run_at",
      "nps_schedules.last_run_at",
      "nps_schedules.last_queued",
    ])
    .where("nps_schedules.workspace_id", "=", workspaceId)
    .$if(id !== undefined, (q) => q.where("nps_schedules.id", "=", id!))
    .orderBy("nps_schedules.next_run_at")
    .orderBy("nps_schedules.id")
    .execute();

export const insertSchedule = async (on: Runner, row: Insertable<NpsScheduleTable>) =>
  Number((await dbOf(on).insertInto("nps_schedules").values(row).returning("id").executeTakeFirstOrThrow()).id);

export const deleteSchedule = async (on: Runner, workspaceId: number, id: number) =>
  Number(
    (
      await dbOf(on)
        .deleteFrom("nps_schedules")
        .where("workspace_id", "=", workspaceId)
        .where("id", "=", id)
        .executeTakeFirst()
    ).numDeletedRows,
  );

export const dueSchedules = (on: Runner, now: number, limit = 50) =>
  dbOf(on)
    .selectFrom("nps_schedules")
    .select(["id", "workspace_id", "organization_id", "plan", "every_days"])
    .where("next_run_at", "<=", now)
    .orderBy("next_run_at")
    .limit(limit)
    .execute();

export const markRound = (on: Runner, id: number, v: { now: number; next: number; queued: number | null }) =>
  dbOf(on)
    .updateTable("nps_schedules")
    .set({ last_run_at: v.now, next_run_at: v.next, ...(v.queued !== null && { last_queued: v.queued }) })
    .where("id", "=", id)
    .execute();

export const organizationOf = (on: Runner, workspaceId: number, id: number) =>
  dbOf(on)
    .selectFrom("organizations")
    .select(["id", "name"])
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();

export const planInUse = async (on: Runner, workspaceId: number, plan: string) =>
  !!(await dbOf(on)
    .selectFrom("organizations")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("plan_name", "=", plan)
    .limit(1)
    .executeTakeFirst());
