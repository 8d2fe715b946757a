import { z } from "zod";
import { LANGUAGES } from "../enums";
import { ZDateTime, ZId, ZList, ZNamed, ZPage } from "./common";

// The help centre's answers (modules/kb/kb.presenter.ts).

const ZKbStatus = z.enum(["draft", "published", "archived"]);

export const ZKbCategory = z.strictObject({
  id: ZId,
  name: z.string(),
  name_en: z.string().nullable(),
  slug: z.string(),
  parent_id: ZId.nullable(),
});
export type KbCategory = z.infer<typeof ZKbCategory>;

/** An image uploaded into articles: `url` is public (/help/images/{key}), for Markdown's ![name](url). */
export const ZKbImage = z.strictObject({
  id: ZId,
  filename: z.string(),
  content_type: z.string(),
  size: z.number().int(),
  url: z.string(),
});
export type KbImage = z.infer<typeof ZKbImage>;

/** "Was this helpful?": the answers counted. */
export const ZKbHelpful = z.strictObject({ yes: z.number().int(), no: z.number().int() });
export const ZKbTranslation = z.strictObject({ id: ZId, language: z.enum(LANGUAGES), title: z.string() });

export const ZKbArticle = z.strictObject({
  id: ZId,
  title: z.string(),
  body_markdown: z.string(),
  language: z.enum(LANGUAGES),
  translation_of: ZId.nullable(),
  category_id: ZId.nullable(),
  status: ZKbStatus,
  internal: z.boolean(),
  owner_id: ZId,
  slug: z.string(),
  version: z.number().int(),
  /** The other language's version: the original, or the translation of this one. */
  translations: z.array(ZKbTranslation),
  helpful: ZKbHelpful,
  created_at: ZDateTime,
  updated_at: ZDateTime,
});
export type KbArticle = z.infer<typeof ZKbArticle>;

/** A list's row: the article without its body. */
export const ZKbArticleSummary = ZKbArticle.omit({ body_markdown: true, translations: true });
export type KbArticleSummary = z.infer<typeof ZKbArticleSummary>;

export const ZKbVersion = z.strictObject({
  number: z.number().int(),
  title: z.string(),
  body_markdown: z.string(),
  status: ZKbStatus,
  slug: z.string(),
  agent: ZNamed,
  restored_from: z.number().int().nullable(),
  created_at: ZDateTime,
});
export type KbVersion = z.infer<typeof ZKbVersion>;

export const ZKbDiff = z.strictObject({
  from: z.number().int(),
  to: z.number().int(),
  /** A unified diff of title and body, as `diff` writes it. */
  patch: z.string(),
  /** The body's lines, each kept, added or removed. */
  changes: z.array(z.strictObject({ kind: z.enum(["same", "added", "removed"]), text: z.string() })),
});
export type KbDiff = z.infer<typeof ZKbDiff>;

export const ZKbFeedback = z.strictObject({
  id: ZId,
  article_id: ZId,
  article_title: z.string(),
  helpful: z.boolean(),
  comment: z.string().nullable(),
  created_at: ZDateTime,
});
export type KbFeedback = z.infer<typeof ZKbFeedback>;

export const ZKbSearchHit = z.strictObject({
  id: ZId,
  title: z.string(),
  language: z.enum(LANGUAGES),
  slug: z.string(),
  url: z.string(),
  /** A plain-text excerpt with the matched words between <mark> tags (HTML-escaped). */
  snippet: z.string(),
});
export type KbSearchHit = z.infer<typeof ZKbSearchHit>;

export const ZKbDeflectionRow = z.strictObject({
  article_id: ZId,
  title: z.string(),
  language: z.enum(LANGUAGES),
  shown: z.number().int(),
  opened: z.number().int(),
  deflected: z.number().int(),
  submitted: z.number().int(),
});
export type KbDeflectionRow = z.infer<typeof ZKbDeflectionRow>;

export const ZKbArticlePage = ZPage(ZKbArticleSummary);
export const ZKbVersionList = ZList(ZKbVersion);
export const ZKbFeedbackList = ZList(ZKbFeedback);
export const ZKbCategoryList = ZList(ZKbCategory);
export const ZKbDeflectionReport = ZList(ZKbDeflectionRow);
export const ZKbSearchResults = ZList(ZKbSearchHit);
