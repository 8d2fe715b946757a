import { type Insertable, sql, type Updateable } from "kysely";
import { dbOf, type DbOrTrx, type Runner } from "../../db/index";
import type { KbArticleTable, KbCategoryTable, KbVersionTable } from "../../db/schema";
import { pageById } from "../../lib/paging";

// The help centre's SQL, no rules (kb.service.ts decides). Search's SQL is in kb.search.queries.ts.

export const insertCategory = (on: Runner, row: Insertable<KbCategoryTable>) =>
  dbOf(on).insertInto("kb_categories").values(row).returningAll().executeTakeFirstOrThrow();

export const listCategories = (on: Runner, workspaceId: number) =>
  dbOf(on)
    .selectFrom("kb_categories")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("position")
    .orderBy("name")
    .execute();

export const categoryById = (on: Runner, workspaceId: number, id: number) =>
  dbOf(on)
    .selectFrom("kb_categories")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();

export const categoryBySlug = (on: Runner, workspaceId: number, slug: string) =>
  dbOf(on)
    .selectFrom("kb_categories")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("slug", "=", slug)
    .executeTakeFirst();

export const insertArticle = (on: DbOrTrx, row: Insertable<KbArticleTable>) =>
  on.insertInto("kb_articles").values(row).returningAll().executeTakeFirstOrThrow();

export const updateArticle = (on: DbOrTrx, id: number, set: Updateable<KbArticleTable>) =>
  on.updateTable("kb_articles").set(set).where("id", "=", id).returningAll().executeTakeFirstOrThrow();

export const deleteArticleRows = async (on: DbOrTrx, id: number) => {
  // A translation outlives its original: it stops pointing at it.
  await on.updateTable("kb_articles").set({ translation_of: null }).where("translation_of", "=", id).execute();
  await on.deleteFrom("kb_deflections").where("article_id", "=", id).execute();
  await on.deleteFrom("kb_feedback").where("article_id", "=", id).execute();
  await on.deleteFrom("kb_terms").where("article_id", "=", id).execute();
  await on.deleteFrom("kb_versions").where("article_id", "=", id).execute();
  await on.deleteFrom("kb_articles").where("id", "=", id).execute();
};

export const articleById = (on: Runner, workspaceId: number, id: number) =>
  dbOf(on)
    .selectFrom("kb_articles")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();

export const articleBySlug = (on: Runner, workspaceId: number, language: string, slug: string) =>
  dbOf(on)
    .selectFrom("kb_articles")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("language", "=", language as "it")
    .where("slug", "=", slug)
    .executeTakeFirst();

export const slugTaken = async (on: Runner, workspaceId: number, language: string, slug: string, except: number) =>
  !!(await dbOf(on)
    .selectFrom("kb_articles")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("language", "=", language as "it")
    .where("slug", "=", slug)
    .where("id", "!=", except)
    .executeTakeFirst());

export interface ArticleFilter {
  language?: "it" | "en";
  status?: "draft" | "published" | "archived";
  category_id?: number;
  ids?: number[];
}

export const listArticles = (
  on: Runner,
  workspaceId: number,
  filter: ArticleFilter,
  limit: number,
  cursor: string | undefined,
) => {
  let q = dbOf(on)
    .selectFrom("kb_articles")
    .select([
      "id",
      "title",
      "language",
      "translation_of",
      "category_id",
      "status",
      "internal",
      "owner_id",
      "slug",
      "version",
      "helpful_yes",
      "helpful_no",
      "created_at",
      "updated_at",
    ])
    .where("workspace_id", "=", workspaceId);
  if (filter.language) q = q.where("language", "=", filter.language);
  if (filter.status) q = q.where("status", "=", filter.status);
  if (filter.category_id) q = q.where("category_id", "=", filter.category_id);
  if (filter.ids) q = q.where("id", "in", filter.ids.length ? filter.ids : [0]);
  return pageById(q, "id", limit, cursor);
};

/** The articles linked to `id` as translations: its original, and the ones translating it or its original. */
export const translationsOf = (on: Runner, workspaceId: number, id: number, original: number | null) =>
  dbOf(on)
    .selectFrom("kb_articles")
    .select(["id", "language", "title", "slug", "status", "internal"])
    .where("workspace_id", "=", workspaceId)
    .where("id", "!=", id)
    .where((eb) =>
      eb.or([
        eb("translation_of", "=", original ?? id),
        eb("id", "=", original ?? 0),
        ...(original ? [] : [eb("translation_of", "=", id)]),
      ]),
    )
    .execute();

export const insertVersion = (on: DbOrTrx, row: Insertable<KbVersionTable>) =>
  on.insertInto("kb_versions").values(row).execute();

export const versionsOf = (on: Runner, articleId: number) =>
  dbOf(on)
    .selectFrom("kb_versions as v")
    .innerJoin("agents as g", "g.id", "v.agent_id")
    .select([
      "v.number",
      "v.title",
      "v.body_markdown",
      "v.status",
      "v.slug",
      "v.category_id",
      "v.internal",
      "v.restored_from",
      "v.created_at",
      "g.id as agent_id",
      "g.name as agent_name",
    ])
    .where("v.article_id", "=", articleId)
    .orderBy("v.number", "desc")
    .execute();

export const versionByNumber = (on: Runner, articleId: number, number: number) =>
  dbOf(on)
    .selectFrom("kb_versions")
    .selectAll()
    .where("article_id", "=", articleId)
    .where("number", "=", number)
    .executeTakeFirst();

export const agentInWorkspace = (on: Runner, workspaceId: number, id: number) =>
  dbOf(on)
    .selectFrom("agents")
    .select(["id", "name", "email"])
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();

// Public reading: published, not internal.

const publicArticles = (on: Runner, workspaceId: number, language: string) =>
  dbOf(on)
    .selectFrom("kb_articles")
    .where("workspace_id", "=", workspaceId)
    .where("language", "=", language as "it")
    .where("status", "=", "published")
    .where("internal", "=", 0);

export const publicArticleList = (on: Runner, workspaceId: number, language: string, categoryId?: number | null) => {
  let q = publicArticles(on, workspaceId, language).select(["id", "title", "slug", "category_id", "updated_at"]);
  if (categoryId !== undefined) q = q.where("category_id", categoryId === null ? "is" : "=", categoryId);
  return q.orderBy("title").limit(500).execute();
};

export const publicSitemap = (on: Runner, workspaceId: number) =>
  dbOf(on)
    .selectFrom("kb_articles")
    .select(["id", "language", "slug", "translation_of", "updated_at"])
    .where("workspace_id", "=", workspaceId)
    .where("status", "=", "published")
    .where("internal", "=", 0)
    .orderBy("id")
    .limit(50_000)
    .execute();

export const publicRelated = (on: Runner, workspaceId: number, language: string, categoryId: number, except: number) =>
  publicArticles(on, workspaceId, language)
    .select(["id", "title", "slug"])
    .where("category_id", "=", categoryId)
    .where("id", "!=", except)
    .orderBy("updated_at", "desc")
    .limit(5)
    .execute();

/** Title and address of those of `ids` the public may read (in no particular order). */
export const publicLinks = (on: Runner, workspaceId: number, language: string, ids: number[]) =>
  ids.length
    ? publicArticles(on, workspaceId, language).select(["id", "title", "slug"]).where("id", "in", ids).execute()
    : Promise.resolve([]);

// Feedback and deflection.

export const insertFeedback = async (
  on: DbOrTrx,
  row: { workspace_id: number; article_id: number; helpful: number; comment: string | null; created_at: number },
) => {
  await on.insertInto("kb_feedback").values(row).execute();
  const column = row.helpful ? "helpful_yes" : "helpful_no";
  await on
    .updateTable("kb_articles")
    .set((eb) => ({ [column]: eb(column, "+", 1) }))
    .where("id", "=", row.article_id)
    .execute();
};

export const feedbackList = (on: Runner, workspaceId: number, filter: { ownerId?: number; articleId?: number }) => {
  let q = dbOf(on)
    .selectFrom("kb_feedback as f")
    .innerJoin("kb_articles as a", "a.id", "f.article_id")
    .select(["f.id", "f.article_id", "a.title as article_title", "f.helpful", "f.comment", "f.created_at"])
    .where("f.workspace_id", "=", workspaceId);
  if (filter.ownerId) q = q.where("a.owner_id", "=", filter.ownerId);
  if (filter.articleId) q = q.where("f.article_id", "=", filter.articleId);
  return q.orderBy("f.id", "desc").limit(200).execute();
};

export const insertDeflections = (
  on: DbOrTrx,
  rows: { workspace_id: number; article_id: number; kind: "shown"; visit: string; created_at: number }[],
) =>
  on
    .insertInto("kb_deflections")
    .values(rows)
    .onConflict((oc) => oc.columns(["visit", "article_id", "kind"]).doNothing())
    .execute();

/** The published, public articles among `ids` (what a page may record events about). */
export const publicIds = async (on: Runner, workspaceId: number, ids: number[]) =>
  (
    await dbOf(on)
      .selectFrom("kb_articles")
      .select("id")
      .where("workspace_id", "=", workspaceId)
      .where("id", "in", ids)
      .where("status", "=", "published")
      .where("internal", "=", 0)
      .execute()
  ).map((r) => r.id);

export const deflectionCounts = (on: Runner, workspaceId: number, from: number, to: number) =>
  dbOf(on)
    .selectFrom("kb_deflections as d")
    .innerJoin("kb_articles as a", "a.id", "d.article_id")
    .select(["d.article_id", "a.title", "a.language", "d.kind", sql<number>`count(*)`.as("n")])
    .where("d.workspace_id", "=", workspaceId)
    .where("d.created_at", ">=", from)
    .where("d.created_at", "<", to)
    .groupBy(["d.article_id", "a.title", "a.language", "d.kind"])
    .execute();

// Categories: changed, removed, and what uses one.

export const updateCategory = (on: Runner, id: number, set: Updateable<KbCategoryTable>) =>
  dbOf(on).updateTable("kb_categories").set(set).where("id", "=", id).returningAll().executeTakeFirstOrThrow();

export const deleteCategoryRow = (on: Runner, id: number) =>
  dbOf(on).deleteFrom("kb_categories").where("id", "=", id).execute();

/** How many articles and subcategories a category has (a category in use is not deleted). */
export const categoryUse = async (on: Runner, workspaceId: number, id: number) => {
  const [articles, children] = await Promise.all([
    dbOf(on)
      .selectFrom("kb_articles")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("workspace_id", "=", workspaceId)
      .where("category_id", "=", id)
      .executeTakeFirstOrThrow(),
    dbOf(on)
      .selectFrom("kb_categories")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("workspace_id", "=", workspaceId)
      .where("parent_id", "=", id)
      .executeTakeFirstOrThrow(),
  ]);
  return { articles: Number(articles.n), subcategories: Number(children.n) };
};
