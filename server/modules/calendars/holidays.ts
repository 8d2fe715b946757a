import type Holidays from "date-holidays";
import { lazyPackage } from "../../lib/lazy";

// Italian national holidays as the law stands (Legge 27 maggio 1949 n. 260 and later amendments, including
// Legge 5 marzo 1977 n. 54, DPR 792/1985 and, from 2026, Legge 151/2025 restoring 4 October). date-holidays
// supplies the movable feasts; we keep only the national list and check it against the law.
const FIXED: [string, string][] = [
  ["01-01", "Capodanno"],
  ["01-06", "Epifania"],
  ["04-25", "Festa della Liberazione"],
  ["05-01", "Festa del lavoro"],
  ["06-02", "Festa della Repubblica"],
  ["08-15", "Assunzione"],
  ["11-01", "Ognissanti"],
  ["12-08", "Immacolata Concezione"],
  ["12-25", "Natale"],
  ["12-26", "Santo Stefano"],
];

// Loaded with the first year asked for (30 MB with its astronomy; a year's dates are then kept here).
const holidaysLibrary = lazyPackage<typeof Holidays>("date-holidays");
let library: Holidays | null = null;
const cache = new Map<number, Map<string, string>>();

/** Easter Sunday (Gregorian, anonymous algorithm): the test checks the library's date against it. */
export function easterSunday(year: number): string {
  const a = year % 19,
    b = Math.floor(year / 100),
    c = year % 100,
    d = Math.floor(b / 4),
    e = b % 4;
  const f = Math.floor((b + 8) / 25),
    g = Math.floor((b - f + 1) / 3),
    h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4),
    k = c % 4,
    l = (32 + 2 * e + 2 * i - h - k) % 7,
    m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31),
    day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Date (YYYY-MM-DD) → name of every Italian national holiday of `year`. */
export function italianHolidays(year: number): Map<string, string> {
  const hit = cache.get(year);
  if (hit) return hit;
  const out = new Map<string, string>();
  for (const [md, name] of FIXED) out.set(`${year}-${md}`, name);
  if (year >= 2026) out.set(`${year}-10-04`, "San Francesco d'Assisi");
  // Easter Sunday and Monday from the library, cross-checked in the tests with easterSunday().
  library ??= new (holidaysLibrary())("IT");
  for (const h of library.getHolidays(year)) {
    if (h.type !== "public") continue;
    const date = h.date.slice(0, 10);
    if (/Pasqua|Angelo/i.test(h.name)) out.set(date, h.name);
  }
  cache.set(year, out);
  return out;
}
