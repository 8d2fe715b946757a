import { z } from "zod";

// Form inputs give text; the shared schemas want numbers, nulls and lists. These turn the one into the other
// before the shared rule runs, so a form checks exactly what the API will.

const text = (v: unknown) => (typeof v === "string" ? v : "");

/** "" becomes null, anything else is kept, then `rule` decides. */
export const blankToNull = <S extends z.ZodType>(rule: S) =>
  z.preprocess((v) => (text(v).trim() === "" ? null : v), rule);
/** "" becomes undefined (the API's default applies). */
export const blankToUndefined = <S extends z.ZodType>(rule: S) =>
  z.preprocess((v) => (text(v).trim() === "" ? undefined : v), rule);
/** A number field: "" is null, else its number. */
export const numberOrNull = <S extends z.ZodType>(rule: S) =>
  z.preprocess((v) => (text(v).trim() === "" ? null : Number(v)), rule);
/** A number field: "" is undefined (the API's default applies), else its number. */
export const numberOrUndefined = <S extends z.ZodType>(rule: S) =>
  z.preprocess((v) => (text(v).trim() === "" ? undefined : Number(v)), rule);
/** Words separated by commas or spaces, as a list. */
export const wordList = <S extends z.ZodType>(rule: S) =>
  z.preprocess(
    (v) =>
      text(v)
        .split(/[\s,]+/)
        .filter(Boolean),
    rule,
  );
/** A multiple select: nothing chosen gives `none`. */
export const listOr = <S extends z.ZodType>(none: string[], rule: S) =>
  z.preprocess((v) => (Array.isArray(v) && v.length ? v : none), rule);
