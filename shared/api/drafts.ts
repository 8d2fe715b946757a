import { z } from "zod";
import { ZDateTime, ZNamed } from "./common";

// What agents are writing on a ticket: the signed-in agent's own draft, and which colleagues have one.

export const ZSavedDraft = z.strictObject({ body_text: z.string(), internal: z.boolean(), updated_at: ZDateTime });
export type SavedDraft = z.infer<typeof ZSavedDraft>;

export const ZTicketDrafts = z.strictObject({
  /** The signed-in agent's draft on this ticket, or null. */
  draft: ZSavedDraft.nullable(),
  /** Colleagues with a draft on this ticket (their text stays theirs), latest first. */
  colleagues: z.array(z.strictObject({ agent: ZNamed, internal: z.boolean(), updated_at: ZDateTime })),
});
export type TicketDrafts = z.infer<typeof ZTicketDrafts>;

/** What PUT answers: the draft as kept, or null when the text was empty and the draft deleted. */
export const ZDraftSaved = z.strictObject({ draft: ZSavedDraft.nullable() });
export type DraftSaved = z.infer<typeof ZDraftSaved>;
