import { type Calendar, ZCalendar, ZCalendarList, ZDueAt } from "../../../shared/api/index";
import { DateTime } from "luxon";
import { z } from "zod";
import { patchOf, ZIdParam } from "../../../shared/schemas";
import { route } from "../../http/route";
import {
  type CalendarRow,
  calendarsOf,
  changeCalendar,
  createCalendar,
  dueTime,
  getCalendar,
} from "./calendars.service";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "times are HH:MM");
const ZShift = z.object({ start: hhmm, end: hhmm }).refine((s) => s.start < s.end, "a shift ends after it starts");
const ZCalendarInput = z.object({
  name: z.string().trim().min(1).max(100),
  timezone: z
    .string()
    .refine((tz) => DateTime.local().setZone(tz).isValid, "not an IANA time zone")
    .default("Europe/Rome"),
  weekly: z
    .partialRecord(z.enum(["1", "2", "3", "4", "5", "6", "7"]), z.array(ZShift).max(6))
    .refine(
      (w) =>
        Object.values(w).every((shifts) =>
          [...shifts]
            .sort((a, b) => (a.start < b.start ? -1 : 1))
            .every((s, i, all) => i === 0 || all[i - 1].end <= s.start),
        ),
      "shifts of a day overlap",
    ),
  country: z.enum(["IT"]).nullable().default("IT"),
  closures: z
    .array(
      z.object({
        date: z.string().regex(/^(\d{4}-)?\d{2}-\d{2}$/, "MM-DD every year or YYYY-MM-DD once"),
        name: z.string().trim().min(1).max(100),
      }),
    )
    .max(500)
    .default([]),
});

const present = (r: CalendarRow): Calendar => ({
  id: r.id,
  name: r.name,
  default: r.is_default === 1,
  timezone: r.timezone,
  weekly: JSON.parse(r.weekly) as Calendar["weekly"],
  country: r.country as Calendar["country"],
  closures: JSON.parse(r.closures) as Calendar["closures"],
});

export const calendarRoutes = [
  route({
    method: "GET",
    url: "/api/v1/calendars",
    access: "agent",
    policy: "calendar.read",
    tag: "service levels",
    summary: "Business calendars (id, name, default, hours, closures)",
    response: ZCalendarList,
    handler: async ({ ctx, actor }) => ({ data: (await calendarsOf(ctx, actor.workspaceId)).map(present) }),
  }),
  route({
    method: "POST",
    url: "/api/v1/calendars",
    access: "agent",
    policy: "calendar.manage",
    tag: "service levels",
    status: 201,
    summary: "Create a calendar: time zone, weekly shifts (split shifts allowed), national holidays, closures",
    body: ZCalendarInput,
    response: ZCalendar,
    handler: async ({ ctx, actor, body }) => present(await createCalendar(ctx, actor.workspaceId, body)),
  }),
  route({
    method: "GET",
    url: "/api/v1/calendars/:id",
    access: "agent",
    policy: "calendar.read",
    tag: "service levels",
    summary: "One calendar",
    params: ZIdParam,
    response: ZCalendar,
    handler: async ({ ctx, actor, params }) => present(await getCalendar(ctx, actor.workspaceId, params.id)),
  }),
  route({
    method: "PATCH",
    url: "/api/v1/calendars/:id",
    access: "agent",
    policy: "calendar.manage",
    tag: "service levels",
    summary:
      "Change a calendar: name, time zone, weekly shifts, national holidays, closures (regional and patron-saint days, one-off closures). Clocks started later use it; running ones keep their due times",
    params: ZIdParam,
    body: patchOf(ZCalendarInput),
    response: ZCalendar,
    handler: async ({ ctx, actor, params, body }) =>
      present(await changeCalendar(ctx, actor.workspaceId, params.id, body)),
  }),
  route({
    method: "GET",
    url: "/api/v1/calendars/:id/due",
    access: "agent",
    policy: "calendar.read",
    tag: "service levels",
    summary: "When something started at `from` is due after `business_minutes` business minutes: { due_at }",
    params: ZIdParam,
    query: z.object({
      from: z.iso.datetime({ offset: true }),
      business_minutes: z.coerce.number().int().min(0).max(1_000_000),
    }),
    response: ZDueAt,
    handler: async ({ ctx, actor, params, query }) => ({
      due_at: await dueTime(ctx, actor.workspaceId, params.id, query.from, query.business_minutes),
    }),
  }),
];
