import type { Selectable } from "kysely";
import type { KbArticle, KbArticleSummary, KbCategory, KbVersion } from "../../../shared/api/kb";
import type { KbArticleTable, KbCategoryTable } from "../../db/schema";
import { iso } from "../../lib/cursor";

// One function per shape of shared/api/kb.ts.

type ArticleRow = Omit<Selectable<KbArticleTable>, "body_markdown" | "workspace_id">;

export const presentCategory = (c: Selectable<KbCategoryTable>): KbCategory => ({
  id: c.id,
  name: c.name,
  name_en: c.name_en,
  slug: c.slug,
  parent_id: c.parent_id,
});

export const presentSummary = (a: ArticleRow): KbArticleSummary => ({
  id: a.id,
  title: a.title,
  language: a.language,
  translation_of: a.translation_of,
  category_id: a.category_id,
  status: a.status,
  internal: a.internal === 1,
  owner_id: a.owner_id,
  slug: a.slug,
  version: a.version,
  helpful: { yes: a.helpful_yes, no: a.helpful_no },
  created_at: iso(a.created_at),
  updated_at: iso(a.updated_at),
});

export const presentArticle = (
  a: Selectable<KbArticleTable>,
  translations: { id: number; language: "it" | "en"; title: string }[],
): KbArticle => ({
  ...presentSummary(a),
  body_markdown: a.body_markdown,
  translations: translations.map((t) => ({ id: t.id, language: t.language, title: t.title })),
});

export const presentVersion = (v: {
  number: number;
  title: string;
  body_markdown: string;
  status: "draft" | "published" | "archived";
  slug: string;
  agent_id: number;
  agent_name: string;
  restored_from: number | null;
  created_at: number;
}): KbVersion => ({
  number: v.number,
  title: v.title,
  body_markdown: v.body_markdown,
  status: v.status,
  slug: v.slug,
  agent: { id: v.agent_id, name: v.agent_name },
  restored_from: v.restored_from,
  created_at: iso(v.created_at),
});
