import i18next from "i18next";
import { initReactI18next } from "react-i18next";

export const LANGUAGES = ["it", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const KEY = "sportello.language";

// A browser may deny storage to a third-party frame (the web form embedded on another site): reading or
// writing then throws, and the language simply is not kept.
function stored(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}
function store(lang: Language) {
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    // not kept; the switch still applies to this page
  }
}

/** The language kept from the last switch, else the browser's first supported one, else Italian. */
export function initialLanguage(): Language {
  const url = new URLSearchParams(location.search).get("lang");
  const saved = url ?? stored();
  if (saved === "it" || saved === "en") return saved;
  for (const l of navigator.languages ?? [navigator.language]) {
    const base = l.slice(0, 2).toLowerCase();
    if (base === "it" || base === "en") return base;
  }
  return "it";
}

/**
 * Starts the texts with those a page needs, in both languages: all of them for the agent app (locales/en.ts,
 * it.ts), the common and portal ones for the portal and the web form (locales/portal.ts).
 */
export function startI18n(texts: Record<Language, object>) {
  void i18next.use(initReactI18next).init({
    resources: { it: { translation: texts.it }, en: { translation: texts.en } },
    lng: initialLanguage(),
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
}

export function setLanguage(lang: Language) {
  store(lang);
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}

// The time zone dates and times are shown in: the agent's own (their preferences), else the browser's.
let timeZone: string | undefined;
export function setTimeZone(zone: string | null | undefined) {
  if ((zone ?? undefined) === timeZone) return;
  timeZone = zone ?? undefined;
  formatters.clear();
}
/** The zone chosen, or undefined for the browser's own (what Intl takes as "no zone given"). */
export const currentTimeZone = () => timeZone;
/** The browser's own zone, as the preferences name it. */
export const browserTimeZone = () => new Intl.DateTimeFormat().resolvedOptions().timeZone;

// Intl formatters are costly to build: one per language (and zone), reused for every row of a list.
const formatters = new Map<string, { date: Intl.DateTimeFormat; relative: Intl.RelativeTimeFormat }>();
function fmt() {
  const lang = i18next.language === "en" ? "en" : "it";
  let f = formatters.get(lang);
  if (!f) {
    f = {
      date: new Intl.DateTimeFormat(lang === "it" ? "it-IT" : "en-GB", {
        weekday: "short",
        day: "numeric",
        month: "short",
        hour: "2-digit",
        minute: "2-digit",
        timeZone,
      }),
      relative: new Intl.RelativeTimeFormat(lang, { numeric: "auto" }),
    };
    formatters.set(lang, f);
  }
  return f;
}

/** Dates and times as a person reads them, in the interface's language. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? fmt().date.format(new Date(iso)) : "";
}

export function formatRelative(iso: string | null | undefined): string {
  if (!iso) return "";
  const diff = (Date.parse(iso) - Date.now()) / 60_000;
  const abs = Math.abs(diff);
  const rtf = fmt().relative;
  if (abs < 60) return rtf.format(Math.round(diff), "minute");
  if (abs < 48 * 60) return rtf.format(Math.round(diff / 60), "hour");
  return rtf.format(Math.round(diff / 1440), "day");
}

const units = new Map<string, Record<"minute" | "hour" | "day", Intl.NumberFormat>>();
/**
 * A length of time given in minutes, as a person reads it: "40 min", "5 h 20 min", "3 giorni 4 h". Two units at
 * most; minutes under one keep a decimal (a reply in half a minute is not "0 min").
 */
export function formatMinutes(
  minutes: number | null | undefined,
  lang: Language = i18next.language === "en" ? "en" : "it",
): string {
  if (minutes === null || minutes === undefined) return "—";
  let u = units.get(lang);
  if (!u) {
    const unit = (unit: string) =>
      new Intl.NumberFormat(lang, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 });
    units.set(lang, (u = { minute: unit("minute"), hour: unit("hour"), day: unit("day") }));
  }
  if (minutes < 1) return u.minute.format(minutes);
  const whole = Math.round(minutes);
  if (whole < 60) return u.minute.format(whole);
  const two = (big: string, small: string) => (small ? `${big} ${small}` : big);
  if (whole < 48 * 60) return two(u.hour.format(Math.floor(whole / 60)), whole % 60 ? u.minute.format(whole % 60) : "");
  const hours = Math.round(whole / 60);
  return two(u.day.format(Math.floor(hours / 24)), hours % 24 ? u.hour.format(hours % 24) : "");
}

export default i18next;
