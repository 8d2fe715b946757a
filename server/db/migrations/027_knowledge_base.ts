import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// The help centre (issue 22): categories, articles in Italian and English linked as translations, every save kept
// as a version, the article's search terms (modules/kb/kb.index.ts), "was this helpful?" answers, and the
// deflection events of the portal and web form.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big, id } = columnTypes(dialect);
  // Byte order on PostgreSQL too: terms and keys compare the same on both databases.
  const term = sql.raw(dialect === "postgres" ? `text collate "C"` : "text");
  await sql`CREATE TABLE kb_categories (
    ${id},
    workspace_id ${big} NOT NULL REFERENCES workspaces(id),
    name text NOT NULL,
    name_en text,
    slug text NOT NULL,
    parent_id ${big} REFERENCES kb_categories(id),
    position integer NOT NULL DEFAULT 0,
    created_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX kb_categories_slug ON kb_categories (workspace_id, slug)`.execute(db);

  await sql`CREATE TABLE kb_articles (
    ${id},
    workspace_id ${big} NOT NULL REFERENCES workspaces(id),
    title text NOT NULL,
    body_markdown text NOT NULL,
    language text NOT NULL,
    translation_of ${big} REFERENCES kb_articles(id),
    category_id ${big} REFERENCES kb_categories(id),
    status text NOT NULL,
    internal integer NOT NULL DEFAULT 0,
    owner_id ${big} NOT NULL REFERENCES agents(id),
    slug text NOT NULL,
    version integer NOT NULL,
    helpful_yes integer NOT NULL DEFAULT 0,
    helpful_no integer NOT NULL DEFAULT 0,
    created_at ${big} NOT NULL,
    updated_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX kb_articles_slug ON kb_articles (workspace_id, language, slug)`.execute(db);
  await sql`CREATE INDEX kb_articles_category ON kb_articles (workspace_id, category_id, language, status)`.execute(db);
  await sql`CREATE INDEX kb_articles_translation ON kb_articles (translation_of)`.execute(db);
  await sql`CREATE INDEX kb_articles_updated ON kb_articles (workspace_id, updated_at)`.execute(db);

  await sql`CREATE TABLE kb_versions (
    ${id},
    article_id ${big} NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
    number integer NOT NULL,
    title text NOT NULL,
    body_markdown text NOT NULL,
    status text NOT NULL,
    category_id ${big},
    internal integer NOT NULL,
    slug text NOT NULL,
    agent_id ${big} NOT NULL REFERENCES agents(id),
    restored_from integer,
    created_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX kb_versions_number ON kb_versions (article_id, number)`.execute(db);

  // Search: the stems of an article's words (weight 3 in the title, 1 in the body), and every stem's one-letter
  // deletions, so that a word typed with one mistake finds its stem (kb.index.ts).
  // Keyed so that the public search reads, per term, the articles of one language that the public may see, title
  // matches first, and stops after a page (kb.search.queries.ts): a word in every article costs what a rare one does.
  await sql`CREATE TABLE kb_terms (
    workspace_id ${big} NOT NULL,
    term ${term} NOT NULL,
    language text NOT NULL,
    listed integer NOT NULL,
    weight integer NOT NULL,
    article_id ${big} NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
    PRIMARY KEY (workspace_id, term, language, listed, weight, article_id)
  )`.execute(db);
  await sql`CREATE INDEX kb_terms_article ON kb_terms (article_id)`.execute(db);
  await sql`CREATE TABLE kb_term_keys (
    workspace_id ${big} NOT NULL,
    key ${term} NOT NULL,
    term ${term} NOT NULL,
    PRIMARY KEY (workspace_id, key, term)
  )`.execute(db);

  await sql`CREATE TABLE kb_feedback (
    ${id},
    workspace_id ${big} NOT NULL,
    article_id ${big} NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
    helpful integer NOT NULL,
    comment text,
    created_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX kb_feedback_article ON kb_feedback (article_id, created_at)`.execute(db);

  await sql`CREATE TABLE kb_deflections (
    ${id},
    workspace_id ${big} NOT NULL,
    article_id ${big} NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
    kind text NOT NULL,
    visit text NOT NULL,
    created_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX kb_deflections_period ON kb_deflections (workspace_id, created_at)`.execute(db);
  // One event of each kind per visit and article: a page sending "shown" twice counts once.
  await sql`CREATE UNIQUE INDEX kb_deflections_once ON kb_deflections (visit, article_id, kind)`.execute(db);
}
