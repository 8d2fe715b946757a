import { badRequest } from "../http/errors";

// Opaque keyset cursors: the client hands back what it was given; we never count rows to skip.
export function encodeCursor(values: (number | string)[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

export function decodeCursor(cursor: string | undefined, arity: number): number[] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === arity && v.every((x) => typeof x === "number" && Number.isFinite(x))) return v;
  } catch {
    // fall through
  }
  throw badRequest("invalid_cursor", "cursor is not one this API returned");
}

/** Epoch milliseconds as the API writes times (ISO 8601, UTC); null stays null. */
export function iso(ms: number): string;
export function iso(ms: number | null | undefined): string | null;
export function iso(ms: number | null | undefined): string | null {
  return ms == null ? null : new Date(ms).toISOString();
}
export const json = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};
