import { DateTime } from "luxon";
import { italianHolidays } from "./holidays";

export interface Shift {
  start: string; // "HH:MM"
  end: string; // "HH:MM", "24:00" for midnight
}

export interface BusinessCalendar {
  timezone: string;
  /** ISO weekday (1 = Monday … 7 = Sunday) → opening shifts, split shifts allowed. */
  weekly: Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, Shift[]>>;
  /** "IT": Italian national holidays. */
  country: "IT" | null;
  /** Extra closures: "MM-DD" every year (patron saints, regional days) or "YYYY-MM-DD" once. */
  closures: { date: string; name: string }[];
}

export function defaultCalendar(): BusinessCalendar {
  const day = [
    { start: "09:00", end: "13:00" },
    { start: "14:00", end: "18:00" },
  ];
  return { timezone: "Europe/Rome", weekly: { 1: day, 2: day, 3: day, 4: day, 5: day }, country: "IT", closures: [] };
}

const MAX_DAYS = 5 * 366;

function isClosed(cal: BusinessCalendar, day: DateTime): boolean {
  const ymd = day.toISODate()!;
  if (cal.country === "IT" && italianHolidays(day.year).has(ymd)) return true;
  return cal.closures.some((c) => c.date === ymd || c.date === ymd.slice(5));
}

interface Day {
  open: [number, number][]; // opening intervals as epoch ms
  next: number; // start of the next local day, epoch ms
}

// Luxon does the calendar work (time zones, DST) once per calendar and local day; the walk then adds
// integers. Cached per calendar object, so an edited calendar (a new object) starts afresh.
const days = new WeakMap<BusinessCalendar, Map<number, Day>>();

function dayAt(cal: BusinessCalendar, dayStart: number): Day {
  let cache = days.get(cal);
  if (!cache) days.set(cal, (cache = new Map()));
  const hit = cache.get(dayStart);
  if (hit) return hit;
  const day = DateTime.fromMillis(dayStart, { zone: cal.timezone });
  const next = day.plus({ days: 1 }).startOf("day");
  const at = (hhmm: string) => {
    if (hhmm === "24:00") return next.toMillis();
    const [h, m] = hhmm.split(":").map(Number);
    return day.set({ hour: h, minute: m, second: 0, millisecond: 0 }).toMillis();
  };
  const open: [number, number][] = isClosed(cal, day)
    ? []
    : (cal.weekly[day.weekday as 1] ?? [])
        .map((sh) => [at(sh.start), at(sh.end)] as [number, number])
        .filter(([a, b]) => b > a)
        .sort((x, y) => x[0] - y[0]);
  const info = { open, next: next.toMillis() };
  if (cache.size > 20_000) cache.clear();
  cache.set(dayStart, info);
  return info;
}

function hasOpening(cal: BusinessCalendar) {
  return Object.values(cal.weekly).some((sh) => sh && sh.length > 0);
}

// Every zone's offsets are whole quarter hours, so all instants of one quarter hour share their local day.
const QUARTER = 15 * 60_000;
const dayStarts = new WeakMap<BusinessCalendar, Map<number, number>>();
function localDayStart(cal: BusinessCalendar, t: number): number {
  let cache = dayStarts.get(cal);
  if (!cache) dayStarts.set(cal, (cache = new Map()));
  const key = Math.floor(t / QUARTER);
  let v = cache.get(key);
  if (v === undefined) {
    v = DateTime.fromMillis(t, { zone: cal.timezone }).startOf("day").toMillis();
    if (cache.size > 100_000) cache.clear();
    cache.set(key, v);
  }
  return v;
}

/**
 * When something started at `from` is due after `minutes` business minutes. A span is due at the end of its
 * last business minute: 240 minutes from 09:00 on a working Monday with a 09:00–13:00 shift are due at 13:00,
 * not at the next opening. Counting starts at the next opening when `from` is outside opening hours. Walks
 * shift by shift, never minute by minute.
 */
export function addBusinessMinutes(cal: BusinessCalendar, from: Date, minutes: number): Date {
  if (!hasOpening(cal)) throw new Error("this calendar has no opening hours");
  let remaining = Math.round(minutes * 60_000);
  const start = from.getTime();
  let dayStart = localDayStart(cal, start);
  for (let i = 0; i < MAX_DAYS; i++) {
    const day = dayAt(cal, dayStart);
    for (const [open, close] of day.open) {
      if (close <= start) continue;
      const begin = Math.max(open, start);
      const available = close - begin;
      if (remaining <= available) return new Date(begin + remaining);
      remaining -= available;
    }
    dayStart = day.next;
  }
  throw new Error("no due time within five years: check the calendar's opening hours and closures");
}

/** Business minutes between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  let total = 0;
  let dayStart = localDayStart(cal, start);
  for (let i = 0; i < MAX_DAYS && dayStart < end; i++) {
    const day = dayAt(cal, dayStart);
    for (const [open, close] of day.open) {
      const a = Math.max(open, start);
      const b = Math.min(close, end);
      if (b > a) total += b - a;
    }
    dayStart = day.next;
  }
  return total / 60_000;
}
