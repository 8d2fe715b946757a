import { z } from "zod";
import { LANGUAGES, TICKET_PRIORITIES, TICKET_STATUSES } from "./enums";
import { ZDecimalId } from "./schemas";

// Requests about answers at hand: canned replies (macros), playbooks, answered questions and unanswered groups.

/** What a macro may say with {{name}}; anything else is refused when it is saved. */
export const MACRO_PLACEHOLDERS = [
  "customer.first_name",
  "customer.name",
  "ticket.number",
  "ticket.subject",
  "agent.first_name",
  "portal_link",
  "sla.next_due",
] as const;

/** Every {{placeholder}} a text names, in order of first appearance. */
export function placeholdersIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}

const tag = z.string().trim().toLowerCase().min(1).max(60);
const lang = z.enum(LANGUAGES);

export const ZMacroActions = z.strictObject({
  status: z.enum(TICKET_STATUSES).optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  tags: z.array(tag).max(20).optional(),
  team_id: z.number().int().positive().optional(),
});
export type MacroActions = z.infer<typeof ZMacroActions>;

export const ZMacroInput = z.object({
  name: z.string().trim().min(1).max(200),
  /** Typed after a slash in the composer: letters, digits, dashes. */
  shortcut: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[\p{L}\p{N}_-]{1,40}$/u, "letters, digits, - and _ only"),
  body_text: z.string().min(1).max(20_000),
  language: lang,
  translation_of: z.number().int().positive().nullable().default(null),
  shared: z.boolean().default(true),
  actions: ZMacroActions.default({}),
});
export type MacroInput = z.infer<typeof ZMacroInput>;

export const ZMacroListQuery = z.object({ q: z.string().trim().max(100).optional() });

export const ZMacroRender = z.object({
  ticket_number: z.number().int().positive(),
  /** Counts one use of the macro by the agent (the composer sends it when the macro is inserted). */
  use: z.boolean().default(false),
});

export const ZPlaybookInput = z.object({
  title: z.string().trim().min(1).max(200),
  language: lang,
  translation_of: z.number().int().positive().nullable().default(null),
  match: z
    .object({
      tags: z.array(tag).max(30).default([]),
      keywords: z.array(z.string().trim().min(2).max(100)).max(50).default([]),
    })
    .default({ tags: [], keywords: [] }),
  steps: z.array(z.string().trim().min(1).max(500)).min(1).max(30),
  mistakes: z.array(z.string().trim().min(1).max(500)).max(30).default([]),
  macro_ids: z.array(z.number().int().positive()).max(20).default([]),
});
export type PlaybookInput = z.infer<typeof ZPlaybookInput>;

export const ZTicketPlaybooksQuery = z.object({ lang: lang.optional() });
/** Path numbers in canonical decimal digits, as every route reads them (ZDecimalId); a step's index from 0. */
export const ZPlaybookStepParams = z.object({
  number: ZDecimalId,
  id: ZDecimalId,
  index: z
    .string()
    .regex(/^(0|[1-9][0-9]?)$/, "expected a step index")
    .transform(Number),
});
export const ZPlaybookStepInput = z.object({ checked: z.boolean().default(true) });

export const ZAnsweredInput = z.object({ article_id: z.number().int().positive().nullable().default(null) });
export const ZTicketArticleParams = z.object({ number: ZDecimalId, article_id: ZDecimalId });
export const ZUnansweredQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30),
  lang: lang.default("it"),
  min_size: z.coerce.number().int().min(1).max(1000).default(2),
});
