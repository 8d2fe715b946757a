import type { Insertable, Updateable } from "kysely";
import { dbOf, type Runner } from "../../db/index";
import type { CalendarTable } from "../../db/schema";

// Business calendars as stored: shifts and closures are JSON text. No rules here.

export function findDefaultCalendar(on: Runner, workspaceId: number) {
  return dbOf(on)
    .selectFrom("calendars")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("is_default", "=", 1)
    .executeTakeFirst();
}

export function listCalendars(on: Runner, workspaceId: number) {
  return dbOf(on).selectFrom("calendars").selectAll().where("workspace_id", "=", workspaceId).orderBy("id").execute();
}

export function findCalendar(on: Runner, workspaceId: number, id: number) {
  return dbOf(on)
    .selectFrom("calendars")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The working hours of a calendar, whichever workspace it belongs to (the SLA clocks read it by id). */
export function calendarHours(on: Runner, id: number) {
  return dbOf(on)
    .selectFrom("calendars")
    .select(["timezone", "weekly", "country", "closures"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

export function calendarExists(on: Runner, workspaceId: number, id: number) {
  return dbOf(on)
    .selectFrom("calendars")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function insertCalendar(on: Runner, row: Insertable<CalendarTable>) {
  return dbOf(on).insertInto("calendars").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateCalendar(on: Runner, workspaceId: number, id: number, patch: Updateable<CalendarTable>) {
  return dbOf(on)
    .updateTable("calendars")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
