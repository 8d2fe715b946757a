import { MACRO_PLACEHOLDERS, placeholdersIn } from "../../../shared/answers";
import type { LANGUAGES } from "../../../shared/enums";

type Lang = (typeof LANGUAGES)[number];

// A macro's text filled in for one ticket: pure functions, tested through the render route.

export type MacroValues = Record<(typeof MACRO_PLACEHOLDERS)[number], string>;

/** The placeholders of a text that a macro may not use. */
export function unknownPlaceholders(text: string): string[] {
  return placeholdersIn(text).filter((p) => !(MACRO_PLACEHOLDERS as readonly string[]).includes(p));
}

export function renderMacro(text: string, values: MacroValues): string {
  return text.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (whole, name: string) =>
    name in values ? values[name as keyof MacroValues] : whole,
  );
}

export const firstName = (name: string | null | undefined) => (name ?? "").trim().split(/\s+/)[0] ?? "";

const WITHIN: Record<Lang, (amount: string) => string> = {
  it: (a) => `entro ${a}`,
  en: (a) => `within ${a}`,
};
const SOON: Record<Lang, string> = { it: "al più presto", en: "as soon as possible" };

/**
 * When the next answer is due, in words the customer reads: "entro 2 ore", "within 3 days". A due time already
 * passed, or none, is "as soon as possible": a promise we can still keep.
 */
export function dueInWords(dueAt: number | null, now: number, lang: Lang): string {
  if (dueAt === null || dueAt <= now) return SOON[lang];
  const minutes = Math.ceil((dueAt - now) / 60_000);
  const [value, unit] =
    minutes < 90
      ? [minutes, "minute"]
      : minutes < 48 * 60
        ? [Math.round(minutes / 60), "hour"]
        : [Math.round(minutes / 1440), "day"];
  const amount = new Intl.NumberFormat(lang, { style: "unit", unit, unitDisplay: "long" }).format(value);
  return WITHIN[lang](amount);
}
