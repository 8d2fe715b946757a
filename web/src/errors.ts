import i18next, { type TFunction } from "i18next";
import { ApiError } from "./api";

/** A value from an error's details as a person reads it: lists joined, placeholder names in their braces. */
const shown = (v: unknown) => (Array.isArray(v) ? v.map((x) => `{{${x}}}`).join(", ") : String(v));

/**
 * What a person reads when a request fails, in their language. The server's messages are English and meant for
 * developers (the API's clients); the web app shows the error's code in Italian or English instead, with the
 * field a validation error is about and the names a template error lists. Every code the server sends has a
 * text in both languages (checked by web/src/locales/locales.test.ts).
 */
export function errorText(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) return t("common.error");
  if (err.code === "validation_error") {
    const path = Array.isArray(err.details) ? String((err.details[0] as { path?: unknown })?.path ?? "") : "";
    const leaf = path
      .split(".")
      .filter((p) => !/^\d+$/.test(p))
      .pop();
    return leaf
      ? t("errors.validation_field", { field: i18next.exists(`fields.${leaf}`) ? t(`fields.${leaf}`) : leaf })
      : t("errors.validation_error");
  }
  if (err.code === "weak_password") {
    // The server's strength check names what is wrong with zxcvbn's keys: said here in the reader's language.
    const d = (err.details ?? {}) as { warning?: string | null; suggestions?: string[] };
    const keys = [
      d.warning ? `password_feedback.warnings.${d.warning}` : "",
      ...(d.suggestions ?? []).map((s) => `password_feedback.suggestions.${s}`),
    ];
    return [t("errors.weak_password"), ...keys.filter((k) => k && i18next.exists(k)).map((k) => t(k))].join(" ");
  }
  if (!i18next.exists(`errors.${err.code}`)) return t("common.error");
  const details =
    err.details && typeof err.details === "object"
      ? Object.fromEntries(Object.entries(err.details).map(([k, v]) => [k, shown(v)]))
      : {};
  return t(`errors.${err.code}`, { ...details, braces: "{{name}}" });
}
