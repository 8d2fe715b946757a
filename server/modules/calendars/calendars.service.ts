import { DateTime } from "luxon";
import type { Ctx } from "../../context";
import type { Runner } from "../../db/index";
import { badRequest, notFound } from "../../http/errors";
import { addBusinessMinutes, type BusinessCalendar, defaultCalendar } from "./business-time";
import { findCalendar, findDefaultCalendar, insertCalendar, listCalendars, updateCalendar } from "./calendars.queries";

export type CalendarRow = NonNullable<Awaited<ReturnType<typeof findCalendar>>>;
export type CalendarInput = {
  name: string;
  timezone: string;
  weekly: Partial<Record<"1" | "2" | "3" | "4" | "5" | "6" | "7", { start: string; end: string }[]>>;
  country: "IT" | null;
  closures: { date: string; name: string }[];
};

const toCalendar = (r: CalendarRow): BusinessCalendar => ({
  timezone: r.timezone,
  weekly: JSON.parse(r.weekly),
  country: r.country as "IT" | null,
  closures: JSON.parse(r.closures),
});

/** A workspace always has a default calendar: Monday–Friday 9–13 and 14–18, Europe/Rome, Italian holidays. */
export async function ensureDefaultCalendar(db: Runner, workspaceId: number): Promise<void> {
  if (await findDefaultCalendar(db, workspaceId)) return;
  const c = defaultCalendar();
  await insertCalendar(db, {
    workspace_id: workspaceId,
    name: "Orario d'ufficio",
    timezone: c.timezone,
    weekly: JSON.stringify(c.weekly),
    country: c.country,
    closures: "[]",
    is_default: 1,
    created_at: Date.now(),
  });
}

export async function calendarsOf(ctx: Ctx, workspaceId: number): Promise<CalendarRow[]> {
  await ensureDefaultCalendar(ctx, workspaceId);
  return listCalendars(ctx, workspaceId);
}

export async function getCalendar(ctx: Ctx, workspaceId: number, id: number): Promise<CalendarRow> {
  const r = await findCalendar(ctx, workspaceId, id);
  if (!r) throw notFound("calendar");
  return r;
}

export function createCalendar(ctx: Ctx, workspaceId: number, body: CalendarInput): Promise<CalendarRow> {
  return insertCalendar(ctx, {
    workspace_id: workspaceId,
    name: body.name,
    timezone: body.timezone,
    weekly: JSON.stringify(body.weekly),
    country: body.country,
    closures: JSON.stringify(body.closures),
    is_default: 0,
    created_at: Date.now(),
  });
}

export async function changeCalendar(
  ctx: Ctx,
  workspaceId: number,
  id: number,
  body: Partial<CalendarInput>,
): Promise<CalendarRow> {
  await getCalendar(ctx, workspaceId, id);
  if (Object.keys(body).length === 0) throw badRequest("nothing_to_change", "send at least one field to change");
  const { weekly, closures, ...rest } = body;
  return updateCalendar(ctx, workspaceId, id, {
    ...rest,
    ...(weekly ? { weekly: JSON.stringify(weekly) } : {}),
    ...(closures ? { closures: JSON.stringify(closures) } : {}),
  });
}

/** When something started at `from` is due after `minutes` business minutes, in the calendar's time zone. */
export async function dueTime(ctx: Ctx, workspaceId: number, id: number, from: string, minutes: number) {
  const cal = toCalendar(await getCalendar(ctx, workspaceId, id));
  try {
    const due = addBusinessMinutes(cal, new Date(from), minutes);
    return DateTime.fromJSDate(due, { zone: cal.timezone }).toISO({ suppressMilliseconds: true });
  } catch (err) {
    throw badRequest("no_due_time", (err as Error).message);
  }
}
