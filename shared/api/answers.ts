import { z } from "zod";
import { ZMacroActions } from "../answers";
import { LANGUAGES, TICKET_STATUSES } from "../enums";
import { ZDateTime, ZId, ZList, ZTicketNumber } from "./common";

// Answers at hand: canned replies (macros), playbooks with their checklist on a ticket, unanswered questions.

/** What a macro sets on the ticket it is applied to (a named shape: two answers hold it). */
export { ZMacroActions };

export const ZMacro = z.strictObject({
  id: ZId,
  name: z.string(),
  shortcut: z.string(),
  body_text: z.string(),
  language: z.enum(LANGUAGES),
  translation_of: ZId.nullable(),
  shared: z.boolean(),
  owner_id: ZId.nullable(),
  actions: ZMacroActions,
  /** Uses by everyone, and by the agent asking. */
  usage: z.strictObject({ total: z.number().int(), mine: z.number().int() }),
  updated_at: ZDateTime,
});
export type Macro = z.infer<typeof ZMacro>;
export const ZMacroList = ZList(ZMacro);

export const ZRenderedMacro = z.strictObject({
  /** The macro chosen for the customer's language (the asked one or its translation). */
  macro_id: ZId,
  language: z.enum(LANGUAGES),
  body_text: z.string(),
  actions: ZMacroActions,
});
export type RenderedMacro = z.infer<typeof ZRenderedMacro>;

export const ZPlaybook = z.strictObject({
  id: ZId,
  title: z.string(),
  language: z.enum(LANGUAGES),
  translation_of: ZId.nullable(),
  match: z.strictObject({ tags: z.array(z.string()), keywords: z.array(z.string()) }),
  steps: z.array(z.string()),
  mistakes: z.array(z.string()),
  macro_ids: z.array(ZId),
  updated_at: ZDateTime,
});
export type Playbook = z.infer<typeof ZPlaybook>;
export const ZPlaybookList = ZList(ZPlaybook);

/** A playbook matched to a ticket: why, its checklist's state, and its suggested macros. */
export const ZTicketPlaybook = z.strictObject({
  playbook: ZPlaybook,
  matched: z.strictObject({ tags: z.array(z.string()), keywords: z.array(z.string()) }),
  checked: z.array(z.boolean()),
  macros: z.array(z.strictObject({ id: ZId, name: z.string(), shortcut: z.string() })),
});
export type TicketPlaybook = z.infer<typeof ZTicketPlaybook>;
export const ZTicketPlaybookList = ZList(ZTicketPlaybook);

/** A playbook's checklist on a ticket after a tick. */
export const ZPlaybookChecklist = z.strictObject({ playbook_id: ZId, checked: z.array(z.boolean()) });
export type PlaybookChecklist = z.infer<typeof ZPlaybookChecklist>;

export const ZAnswered = z.strictObject({
  ticket_number: ZTicketNumber,
  article_id: ZId.nullable(),
  answered_at: ZDateTime,
});

const UnansweredGroupItem = z.strictObject({
  size: z.number().int().positive(),
  /** The group's typical words (stems), heaviest first. */
  terms: z.array(z.string()),
  /** Newest first, at most 20. */
  ticket_numbers: z.array(ZTicketNumber),
});
export type UnansweredGroup = z.infer<typeof UnansweredGroupItem>;
/**
 * A bare array, as the issue names it: its items stay written out in the OpenAPI document (a named shape inside an
 * unnamed array cannot be referred to).
 */
export const ZUnansweredGroups = z.array(UnansweredGroupItem);

/** An article the knowledge base's search finds for a ticket; `internal` ones are for agents' eyes only. */
export const ZSuggestedArticle = z.strictObject({
  id: ZId,
  title: z.string(),
  language: z.enum(LANGUAGES),
  slug: z.string(),
  /** The public page's path (`/help/{lang}/articles/{slug}`); an internal article has none the public may open. */
  url: z.string(),
  internal: z.boolean(),
  /** Plain text, escaped, with the ticket's words in `<mark>`. */
  snippet: z.string(),
});
export type SuggestedArticle = z.infer<typeof ZSuggestedArticle>;

/** An article linked to a ticket as its answer: when and by whom. */
export const ZLinkedArticle = z.strictObject({
  id: ZId,
  title: z.string(),
  language: z.enum(LANGUAGES),
  slug: z.string(),
  url: z.string(),
  linked_at: ZDateTime,
  linked_by: z.strictObject({ id: ZId, name: z.string() }).nullable(),
});
export type LinkedArticle = z.infer<typeof ZLinkedArticle>;

export const ZTicketArticles = z.strictObject({
  /** At most 5, the customer's language first; the linked ones left out. */
  suggested: z.array(ZSuggestedArticle),
  linked: z.array(ZLinkedArticle),
});
export type TicketArticles = z.infer<typeof ZTicketArticles>;

/** A ticket an article answers. */
export const ZArticleTicket = z.strictObject({
  number: ZTicketNumber,
  subject: z.string(),
  status: z.enum(TICKET_STATUSES),
  linked_at: ZDateTime,
});
export type ArticleTicket = z.infer<typeof ZArticleTicket>;
export const ZArticleTicketList = ZList(ZArticleTicket);
