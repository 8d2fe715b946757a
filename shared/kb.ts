import { z } from "zod";
import { LANGUAGES } from "./enums";
import { patchOf, ZDecimalId, ZListQuery } from "./schemas";

// Request schemas of the help centre (modules/kb): articles, categories, versions, search, feedback, deflection.

export const KB_STATUSES = ["draft", "published", "archived"] as const;
export type KbStatus = (typeof KB_STATUSES)[number];
export const DEFLECTION_KINDS = ["shown", "opened", "deflected", "submitted"] as const;
export type DeflectionKind = (typeof DEFLECTION_KINDS)[number];

/** Lower-case words joined by hyphens, as they appear in /help/{lang}/articles/{slug}. */
export const ZSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "a slug is lower-case letters and digits joined by hyphens");

const id = z.number().int().positive();

export const ZKbArticleInput = z.object({
  title: z.string().trim().min(1).max(200),
  body_markdown: z.string().max(200_000).default(""),
  language: z.enum(LANGUAGES),
  translation_of: id.nullable().default(null),
  category_id: id.nullable().default(null),
  status: z.enum(KB_STATUSES).default("draft"),
  internal: z.boolean().default(false),
  /** The agent answering for it; the author by default. */
  owner_id: id.optional(),
  /** Made from the title when absent. */
  slug: ZSlug.optional(),
});
export const ZKbArticleUpdate = patchOf(ZKbArticleInput);

export const ZKbArticleQuery = ZListQuery.extend({
  q: z.string().trim().max(200).optional(),
  language: z.enum(LANGUAGES).optional(),
  status: z.enum(KB_STATUSES).optional(),
  category_id: ZDecimalId.optional(),
});

export const ZKbCategoryInput = z.object({
  name: z.string().trim().min(1).max(100),
  name_en: z.string().trim().min(1).max(100).nullable().default(null),
  slug: ZSlug.optional(),
  parent_id: id.nullable().default(null),
});

/** Rename a category, change its slug or move it under another (parent_id null: to the top). */
export const ZKbCategoryUpdate = patchOf(ZKbCategoryInput);

export const ZKbDiffQuery = z.object({ from: ZDecimalId, to: ZDecimalId });
export const ZKbVersionParams = z.object({ id: ZDecimalId, number: ZDecimalId });

export const ZKbPublicSearch = z.object({
  q: z.string().trim().max(200).default(""),
  lang: z.enum(LANGUAGES).optional(),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

/** "Was this helpful?" as the article page's form posts it. */
export const ZKbFeedbackForm = z.object({
  helpful: z.enum(["yes", "no"]),
  comment: z.string().trim().max(2000).optional(),
});

/** What the portal and web form record while a customer types a new request's subject. */
export const ZKbDeflectionEvent = z.object({
  kind: z.enum(DEFLECTION_KINDS),
  visit: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  article_ids: z.array(id).min(1).max(20),
});

export const ZKbDeflectionQuery = z.object({
  from: z.string().datetime({ offset: true }),
  to: z.string().datetime({ offset: true }),
});
