import i18next from "../i18n";
import type { Request } from "./types";

// The promise a customer reads, in words: "martedì 3 marzo alle 11:00", "Tuesday 3 March at 11:00"; and who handles
// the request.
const formatters = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

export function formatPromise(iso: string): string {
  const lang = i18next.language === "en" ? "en" : "it";
  let f = formatters.get(lang);
  if (!f) {
    const locale = lang === "it" ? "it-IT" : "en-GB";
    f = {
      day: new Intl.DateTimeFormat(locale, { weekday: "long", day: "numeric", month: "long" }),
      time: new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit" }),
    };
    formatters.set(lang, f);
  }
  const d = new Date(iso);
  return i18next.t("portal_promise.day_time", { day: f.day.format(d), time: f.time.format(d) });
}

/** Who handles a request (who solved it, once solved); "will be assigned shortly" only while it is still open. */
export function handler(t: (k: string, o?: Record<string, unknown>) => string, r: Request): string | null {
  if (r.handled_by) return t(r.state === "solved" ? "portal.solved_by" : "portal.handled_by", { name: r.handled_by });
  return r.state === "solved" ? null : t("portal.not_yet_assigned");
}
