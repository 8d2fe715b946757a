import i18next, { type TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { errorText } from "../errors";
import "./strings";

/** What react-hook-form says about a field (a FieldError, or the merged one of a list or an object). */
export type FieldProblem = { type?: unknown; message?: unknown } | undefined;

/**
 * A form field's problem in the person's language. The rules are the shared zod schemas' (through
 * react-hook-form's zod resolver); their messages are English for the API's clients, so the kind of problem
 * picks the words here.
 */
export function fieldError(t: TFunction, error: FieldProblem, field: string, min?: number): string | null {
  if (!error) return null;
  // A rule of the form's own (a refine) names its message by its locale key.
  if (error.type === "custom" && typeof error.message === "string" && i18next.exists(error.message))
    return t(error.message);
  if (error.type === "too_small")
    return min ? t("ui.field_too_short", { field, min }) : t("ui.field_required", { field });
  if (error.type === "invalid_type" || error.type === "required") return t("ui.field_required", { field });
  return t("ui.field_invalid", { field });
}

/** A field's message under it, read out when it appears; `id` goes in the field's aria-describedby. */
export function FieldMessage({
  id,
  error,
  field,
  min,
}: {
  id: string;
  error: FieldProblem;
  field: string;
  min?: number;
}) {
  const { t } = useTranslation();
  const text = fieldError(t, error, field, min);
  return text ? (
    <span className="error small" role="alert" id={id}>
      {text}
    </span>
  ) : null;
}

/** What a request that failed says (the server's error code, in the person's language). */
export function FormError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  return (
    <p className="error" role="alert">
      {errorText(t, error)}
    </p>
  );
}
