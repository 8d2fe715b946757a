import { DateTime } from "luxon";
import { z } from "zod";
import { patchOf, ZIdParam } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { Db } from "../../db/index";
import { badRequest, notFound } from "../../http/errors";
import { route } from "../../http/route";
import { addBusinessMinutes, type BusinessCalendar, defaultCalendar } from "./business-time";

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

type Row = {
  id: number;
  name: string;
  timezone: string;
  weekly: string;
  country: string | null;
  closures: string;
  is_default: number;
};
const toCalendar = (r: Row): BusinessCalendar => ({
  timezone: r.timezone,
  weekly: JSON.parse(r.weekly),
  country: r.country as "IT" | null,
  closures: JSON.parse(r.closures),
});
const present = (r: Row) => ({
  id: r.id,
  name: r.name,
  default: r.is_default === 1,
  timezone: r.timezone,
  weekly: JSON.parse(r.weekly),
  country: r.country,
  closures: JSON.parse(r.closures),
});

/** A workspace always has a default calendar: Monday–Friday 9–13 and 14–18, Europe/Rome, Italian holidays. */
export async function ensureDefaultCalendar(db: Db, workspaceId: number): Promise<void> {
  const has = await db
    .selectFrom("calendars")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("is_default", "=", 1)
    .executeTakeFirst();
  if (has) return;
  const c = defaultCalendar();
  await db
    .insertInto("calendars")
    .values({
      workspace_id: workspaceId,
      name: "Orario d'ufficio",
      timezone: c.timezone,
      weekly: JSON.stringify(c.weekly),
      country: c.country,
      closures: "[]",
      is_default: 1,
      created_at: Date.now(),
    })
    .execute();
}

async function load(ctx: Ctx, workspaceId: number, id: number) {
  const r = await ctx.db
    .selectFrom("calendars")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!r) throw notFound("calendar");
  return r;
}

export const calendarRoutes = [
  route({
    method: "GET",
    url: "/api/v1/calendars",
    access: "agent",
    policy: "calendar.read",
    tag: "service levels",
    summary: "Business calendars (id, name, default, hours, closures)",
    handler: async ({ ctx, actor }) => {
      await ensureDefaultCalendar(ctx.db, actor.workspaceId);
      return {
        data: (
          await ctx.db
            .selectFrom("calendars")
            .selectAll()
            .where("workspace_id", "=", actor.workspaceId)
            .orderBy("id")
            .execute()
        ).map(present),
      };
    },
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
    handler: async ({ ctx, actor, body }) => {
      const row = await ctx.db
        .insertInto("calendars")
        .values({
          workspace_id: actor.workspaceId,
          name: body.name,
          timezone: body.timezone,
          weekly: JSON.stringify(body.weekly),
          country: body.country,
          closures: JSON.stringify(body.closures),
          is_default: 0,
          created_at: Date.now(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return present(row);
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/calendars/:id",
    access: "agent",
    policy: "calendar.read",
    tag: "service levels",
    summary: "One calendar",
    params: ZIdParam,
    handler: async ({ ctx, actor, params }) => present(await load(ctx, actor.workspaceId, params.id)),
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
    handler: async ({ ctx, actor, params, body }) => {
      await load(ctx, actor.workspaceId, params.id);
      if (Object.keys(body).length === 0) throw badRequest("nothing_to_change", "send at least one field to change");
      const { weekly, closures, ...rest } = body;
      const row = await ctx.db
        .updateTable("calendars")
        .set({
          ...rest,
          ...(weekly ? { weekly: JSON.stringify(weekly) } : {}),
          ...(closures ? { closures: JSON.stringify(closures) } : {}),
        })
        .where("workspace_id", "=", actor.workspaceId)
        .where("id", "=", params.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return present(row);
    },
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
    handler: async ({ ctx, actor, params, query }) => {
      const cal = toCalendar(await load(ctx, actor.workspaceId, params.id));
      try {
        const due = addBusinessMinutes(cal, new Date(query.from), query.business_minutes);
        return { due_at: DateTime.fromJSDate(due, { zone: cal.timezone }).toISO({ suppressMilliseconds: true }) };
      } catch (err) {
        throw badRequest("no_due_time", (err as Error).message);
      }
    },
  }),
];
