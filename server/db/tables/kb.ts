import type { Generated } from "kysely";

// The help centre (migration 027, modules/kb).

export interface KbCategoryTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  /** The English name; the Italian `name` is shown when there is none. */
  name_en: string | null;
  slug: string;
  parent_id: number | null;
  position: Generated<number>;
  created_at: number;
}

export interface KbArticleTable {
  id: Generated<number>;
  workspace_id: number;
  title: string;
  body_markdown: string;
  language: "it" | "en";
  translation_of: number | null;
  category_id: number | null;
  status: "draft" | "published" | "archived";
  internal: number;
  owner_id: number;
  slug: string;
  /** The number of its latest version. */
  version: number;
  helpful_yes: Generated<number>;
  helpful_no: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface KbVersionTable {
  id: Generated<number>;
  article_id: number;
  number: number;
  title: string;
  body_markdown: string;
  status: "draft" | "published" | "archived";
  category_id: number | null;
  internal: number;
  slug: string;
  agent_id: number;
  restored_from: number | null;
  created_at: number;
}

export interface KbTermTable {
  workspace_id: number;
  term: string;
  /** The article's language, and 1 when the public may read it (published, not internal). */
  language: "it" | "en";
  listed: number;
  weight: number;
  article_id: number;
}

export interface KbTermKeyTable {
  workspace_id: number;
  key: string;
  term: string;
}

export interface KbFeedbackTable {
  id: Generated<number>;
  workspace_id: number;
  article_id: number;
  helpful: number;
  comment: string | null;
  created_at: number;
}

export interface KbDeflectionTable {
  id: Generated<number>;
  workspace_id: number;
  article_id: number;
  kind: "shown" | "opened" | "deflected" | "submitted";
  /** A random id the page makes per visit of the form. */
  visit: string;
  created_at: number;
}

/** An image uploaded into articles (migration 035): served publicly at /help/images/{key}. */
export interface KbImageTable {
  id: Generated<number>;
  workspace_id: number;
  key: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  agent_id: number;
  created_at: number;
}
