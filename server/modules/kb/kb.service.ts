import type * as Diff from "diff";
import { lazyPackage } from "../../lib/lazy";
import type { Selectable } from "kysely";
import type { z } from "zod";
import type { KbDiff } from "../../../shared/api/kb";
import type {
  ZKbArticleInput,
  ZKbArticleQuery,
  ZKbArticleUpdate,
  ZKbCategoryInput,
  ZKbCategoryUpdate,
} from "../../../shared/kb";
import { type Ctx, tx } from "../../context";
import type { KbArticleTable } from "../../db/schema";
import type { DbOrTrx } from "../../db/index";
import type { AgentActor } from "../../http/actor";
import { badRequest, conflict, notFound } from "../../http/errors";
import { fold } from "../search/text";
import { articleTerms, deletionKeys } from "./kb.index";
import {
  agentInWorkspace,
  articleById,
  categoryById,
  categoryBySlug,
  categoryUse,
  deleteArticleRows,
  deleteCategoryRow,
  listCategories,
  insertArticle,
  insertCategory,
  insertVersion,
  listArticles,
  slugTaken,
  translationsOf,
  updateArticle,
  updateCategory,
  versionByNumber,
  versionsOf,
} from "./kb.queries";
import { replaceTerms } from "./kb.search.queries";
import { forgetArticlesLike, searchArticles } from "./kb.search";

// Loaded with the first use (the server idles without it).
const diffLib = lazyPackage<typeof Diff>("diff");

// Use cases of the help centre for agents: articles (every save a version), translations, categories.

type ArticleRow = Selectable<KbArticleTable>;

/** A slug from a title: folded words joined by hyphens ("Com'è la spedizione?" -> "com-e-la-spedizione"). */
export function slugify(text: string): string {
  const s = fold(text)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100)
    .replace(/-+$/, "");
  return s || "articolo";
}

async function freeSlug(on: DbOrTrx, workspaceId: number, language: string, base: string, except: number) {
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await slugTaken(on, workspaceId, language, slug, except))) return slug;
  }
}

export async function indexArticle(
  on: DbOrTrx,
  a: Pick<ArticleRow, "id" | "workspace_id" | "title" | "body_markdown" | "language" | "status" | "internal">,
) {
  const terms = articleTerms(a.title, a.body_markdown);
  const keys = [...terms.keys()].flatMap((term) => deletionKeys(term).map((key) => ({ key, term })));
  const listed = a.status === "published" && !a.internal;
  await replaceTerms(on, { workspace_id: a.workspace_id, id: a.id, language: a.language, listed }, terms, keys);
  forgetArticlesLike();
}

const keepVersion = (on: DbOrTrx, a: ArticleRow, agentId: number, restoredFrom: number | null = null) =>
  insertVersion(on, {
    article_id: a.id,
    number: a.version,
    title: a.title,
    body_markdown: a.body_markdown,
    status: a.status,
    category_id: a.category_id,
    internal: a.internal,
    slug: a.slug,
    agent_id: agentId,
    restored_from: restoredFrom,
    created_at: a.updated_at,
  });

/** The original a translation points at: an article of another language, itself no translation. */
async function checkTranslation(on: DbOrTrx, ws: number, language: string, target: number, self: number) {
  const original = await articleById(on, ws, target);
  if (!original || original.id === self)
    throw badRequest("translation_invalid", "translation_of names no other article of this workspace");
  const root = original.translation_of ? await articleById(on, ws, original.translation_of) : original;
  if (!root || root.language === language)
    throw badRequest("translation_invalid", "a translation is of an article in the other language");
  const siblings = await translationsOf(on, ws, root.id, null);
  if (siblings.some((s) => s.language === language && s.id !== self))
    throw conflict("translation_exists", `this article already has a version in ${language}`);
  return root.id;
}

async function checkRefs(on: DbOrTrx, ws: number, input: { category_id?: number | null; owner_id?: number }) {
  if (input.category_id && !(await categoryById(on, ws, input.category_id)))
    throw badRequest("unknown_category", "category_id names no category of this workspace");
  if (input.owner_id && !(await agentInWorkspace(on, ws, input.owner_id)))
    throw badRequest("unknown_owner", "owner_id names no agent of this workspace");
}

export async function createArticle(
  ctx: Ctx,
  actor: AgentActor,
  input: z.output<typeof ZKbArticleInput>,
  requestId: string,
) {
  const ws = actor.workspaceId;
  return tx(ctx, requestId, async ({ trx }) => {
    await checkRefs(trx, ws, input);
    const translationOf = input.translation_of
      ? await checkTranslation(trx, ws, input.language, input.translation_of, 0)
      : null;
    const slug = await chooseSlug(trx, ws, input.language, input.slug, input.title, 0);
    const now = Date.now();
    const a = await insertArticle(trx, {
      workspace_id: ws,
      title: input.title,
      body_markdown: input.body_markdown,
      language: input.language,
      translation_of: translationOf,
      category_id: input.category_id,
      status: input.status,
      internal: input.internal ? 1 : 0,
      owner_id: input.owner_id ?? actor.agentId,
      slug,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    await keepVersion(trx, a, actor.agentId);
    await indexArticle(trx, a);
    return a;
  });
}

async function chooseSlug(
  on: DbOrTrx,
  ws: number,
  language: string,
  asked: string | undefined,
  title: string,
  self: number,
) {
  if (!asked) return freeSlug(on, ws, language, slugify(title), self);
  if (await slugTaken(on, ws, language, asked, self))
    throw conflict("slug_taken", `another ${language} article has the slug ${asked}`);
  return asked;
}

/** A change to an article, kept as its next version. */
export async function changeArticle(
  ctx: Ctx,
  actor: AgentActor,
  id: number,
  input: z.output<typeof ZKbArticleUpdate>,
  requestId: string,
  restoredFrom: number | null = null,
) {
  const ws = actor.workspaceId;
  return tx(ctx, requestId, async ({ trx }) => {
    const before = await articleById(trx, ws, id);
    if (!before) throw notFound("article");
    await checkRefs(trx, ws, input);
    const language = input.language ?? before.language;
    let translationOf = before.translation_of;
    if (input.translation_of !== undefined)
      translationOf = input.translation_of ? await checkTranslation(trx, ws, language, input.translation_of, id) : null;
    else if (input.language && input.language !== before.language && translationOf)
      await checkTranslation(trx, ws, language, translationOf, id);
    const slug =
      input.slug !== undefined || language !== before.language
        ? await chooseSlug(trx, ws, language, input.slug ?? before.slug, input.title ?? before.title, id)
        : before.slug;
    const a = await updateArticle(trx, id, {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.body_markdown !== undefined ? { body_markdown: input.body_markdown } : {}),
      ...(input.category_id !== undefined ? { category_id: input.category_id } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.internal !== undefined ? { internal: input.internal ? 1 : 0 } : {}),
      ...(input.owner_id !== undefined ? { owner_id: input.owner_id } : {}),
      language,
      translation_of: translationOf,
      slug,
      version: before.version + 1,
      updated_at: Math.max(Date.now(), before.updated_at + 1),
    });
    await keepVersion(trx, a, actor.agentId, restoredFrom);
    // The terms carry the language and whether the public may read the article, so a change to either re-indexes.
    if (
      a.title !== before.title ||
      a.body_markdown !== before.body_markdown ||
      a.language !== before.language ||
      a.status !== before.status ||
      a.internal !== before.internal
    )
      await indexArticle(trx, a);
    return a;
  });
}

export async function removeArticle(ctx: Ctx, actor: AgentActor, id: number, requestId: string) {
  await tx(ctx, requestId, async ({ trx }) => {
    if (!(await articleById(trx, actor.workspaceId, id))) throw notFound("article");
    await deleteArticleRows(trx, id);
  });
}

export async function showArticle(ctx: Ctx, actor: AgentActor, id: number) {
  const a = await articleById(ctx, actor.workspaceId, id);
  if (!a) throw notFound("article");
  return { article: a, translations: await translationsOf(ctx, actor.workspaceId, a.id, a.translation_of) };
}

export async function findArticles(ctx: Ctx, actor: AgentActor, query: z.output<typeof ZKbArticleQuery>) {
  const filter = { language: query.language, status: query.status, category_id: query.category_id };
  if (!query.q) return listArticles(ctx, actor.workspaceId, filter, query.limit, query.cursor);
  // With words: the best matches first, one page (search ranks; a cursor would page an order it does not keep).
  const hits = await searchArticles(
    ctx,
    actor.workspaceId,
    query.q,
    { language: query.language, publicOnly: false },
    50,
  );
  const page = await listArticles(ctx, actor.workspaceId, { ...filter, ids: hits.map((h) => h.id) }, 200, undefined);
  const rank = new Map(hits.map((h, i) => [h.id, i]));
  return { rows: page.rows.sort((x, y) => rank.get(x.id)! - rank.get(y.id)!).slice(0, query.limit), next_cursor: null };
}

export async function articleVersions(ctx: Ctx, actor: AgentActor, id: number) {
  if (!(await articleById(ctx, actor.workspaceId, id))) throw notFound("article");
  return versionsOf(ctx, id);
}

export async function diffVersions(ctx: Ctx, actor: AgentActor, id: number, from: number, to: number): Promise<KbDiff> {
  if (!(await articleById(ctx, actor.workspaceId, id))) throw notFound("article");
  const [a, b] = await Promise.all([versionByNumber(ctx, id, from), versionByNumber(ctx, id, to)]);
  if (!a || !b) throw notFound("version");
  const text = (v: { title: string; body_markdown: string }) => `# ${v.title}\n\n${v.body_markdown}\n`;
  const { diffLines, createTwoFilesPatch } = diffLib();
  const changes = diffLines(a.body_markdown, b.body_markdown).flatMap((c) =>
    c.value
      .replace(/\n$/, "")
      .split("\n")
      .map((line) => ({
        kind: c.added ? ("added" as const) : c.removed ? ("removed" as const) : ("same" as const),
        text: line,
      })),
  );
  return {
    from,
    to,
    patch: createTwoFilesPatch(`version ${from}`, `version ${to}`, text(a), text(b)),
    changes,
  };
}

/** Restoring a version saves its content as the article's next version. */
export async function restoreVersion(ctx: Ctx, actor: AgentActor, id: number, number: number, requestId: string) {
  if (!(await articleById(ctx, actor.workspaceId, id))) throw notFound("article");
  const v = await versionByNumber(ctx, id, number);
  if (!v) throw notFound("version");
  return changeArticle(
    ctx,
    actor,
    id,
    {
      title: v.title,
      body_markdown: v.body_markdown,
      status: v.status,
      internal: v.internal === 1,
      category_id: v.category_id && (await categoryById(ctx, actor.workspaceId, v.category_id)) ? v.category_id : null,
    },
    requestId,
    number,
  );
}

export async function createCategory(ctx: Ctx, actor: AgentActor, input: z.output<typeof ZKbCategoryInput>) {
  const ws = actor.workspaceId;
  if (input.parent_id && !(await categoryById(ctx, ws, input.parent_id)))
    throw badRequest("unknown_category", "parent_id names no category of this workspace");
  const slug = input.slug ?? slugify(input.name);
  if (await categoryBySlug(ctx, ws, slug)) throw conflict("slug_taken", `another category has the slug ${slug}`);
  return insertCategory(ctx, {
    workspace_id: ws,
    name: input.name,
    name_en: input.name_en,
    slug,
    parent_id: input.parent_id,
    created_at: Date.now(),
  });
}

/** A change to a category: a parent of this workspace that is neither the category nor one under it. */
export async function changeCategory(
  ctx: Ctx,
  actor: AgentActor,
  id: number,
  input: z.output<typeof ZKbCategoryUpdate>,
) {
  const ws = actor.workspaceId;
  const before = await categoryById(ctx, ws, id);
  if (!before) throw notFound("category");
  if (input.parent_id) {
    const all = await listCategories(ctx, ws);
    const parentOf = new Map(all.map((c) => [c.id, c.parent_id]));
    if (!parentOf.has(input.parent_id))
      throw badRequest("unknown_category", "parent_id names no category of this workspace");
    // Up from the new parent: meeting this category means it would sit under itself.
    for (let at: number | null = input.parent_id, steps = 0; at !== null && steps <= all.length; steps++) {
      if (at === id) throw conflict("category_cycle", "a category cannot be under itself or one of its subcategories");
      at = parentOf.get(at) ?? null;
    }
  }
  if (input.slug && input.slug !== before.slug) {
    const other = await categoryBySlug(ctx, ws, input.slug);
    if (other && other.id !== id) throw conflict("slug_taken", `another category has the slug ${input.slug}`);
  }
  return updateCategory(ctx, id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.name_en !== undefined ? { name_en: input.name_en } : {}),
    ...(input.slug !== undefined ? { slug: input.slug } : {}),
    ...(input.parent_id !== undefined ? { parent_id: input.parent_id } : {}),
  });
}

/** Deletes a category nothing uses: its articles and subcategories move elsewhere first. */
export async function removeCategory(ctx: Ctx, actor: AgentActor, id: number) {
  if (!(await categoryById(ctx, actor.workspaceId, id))) throw notFound("category");
  const use = await categoryUse(ctx, actor.workspaceId, id);
  if (use.articles || use.subcategories)
    throw conflict(
      "category_in_use",
      `${use.articles} articles and ${use.subcategories} subcategories are in this category: move them first`,
      use,
    );
  await deleteCategoryRow(ctx, id);
}
