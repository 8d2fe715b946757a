import { z } from "zod";

// Building blocks of the response schemas: what every area's answers share.

/** A time as the API writes it: ISO 8601 in UTC, `2026-01-05T09:00:00.000Z`. */
export const ZDateTime = z.iso.datetime();
export const ZId = z.number().int().positive();
/** A ticket's number, per workspace (`#42`), which is what URLs name; the id is internal. */
export const ZTicketNumber = z.number().int().positive();

/** Every error: a 4xx (or 5xx) status and this body. `details` lists a validation error's issues. */
export const ZErrorBody = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ZErrorBody>;

/**
 * A page of a list read with a keyset cursor: send `next_cursor` back as `?cursor=` for the next page; it is null
 * on the last page.
 */
export const ZPage = <T extends z.ZodType>(item: T) =>
  z.strictObject({ data: z.array(item), next_cursor: z.string().nullable() });
export type Page<T> = { data: T[]; next_cursor: string | null };

/** A whole list at once (short lists, or lists capped by the server). */
export const ZList = <T extends z.ZodType>(item: T) => z.strictObject({ data: z.array(item) });
export type List<T> = { data: T[] };

/** The answer of a deletion or an action that has nothing else to say. */
export const ZOk = z.strictObject({ ok: z.literal(true) });
export type Ok = z.infer<typeof ZOk>;

/** A person or a team by id and name. */
export const ZNamed = z.strictObject({ id: ZId, name: z.string() });
export type Named = z.infer<typeof ZNamed>;
