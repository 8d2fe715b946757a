import { z } from "zod";
import {
  ZKbArticle,
  ZKbArticlePage,
  ZKbCategory,
  ZKbCategoryList,
  ZKbDeflectionReport,
  ZKbDiff,
  ZKbFeedbackList,
  ZKbSearchResults,
  ZKbVersionList,
  ZOk,
} from "../../../shared/api/index";
import {
  ZKbArticleInput,
  ZKbArticleQuery,
  ZKbArticleUpdate,
  ZKbCategoryInput,
  ZKbCategoryUpdate,
  ZKbDeflectionEvent,
  ZKbDeflectionQuery,
  ZKbDiffQuery,
  ZKbPublicSearch,
  ZKbVersionParams,
} from "../../../shared/kb";
import { ZDecimalId, ZIdParam } from "../../../shared/schemas";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { listCategories } from "./kb.queries";
import { presentArticle, presentCategory, presentSummary, presentVersion } from "./kb.presenter";
import { kbImageRoutes } from "./kb.images.routes";
import { deflectionReport, feedbackFor, publicSearch, recordDeflection } from "./kb.public.service";
import {
  articleVersions,
  changeArticle,
  changeCategory,
  createArticle,
  createCategory,
  diffVersions,
  findArticles,
  removeArticle,
  removeCategory,
  restoreVersion,
  showArticle,
} from "./kb.service";

const kb = { tag: "kb" } as const;
const reader = { ...kb, access: "agent", policy: "kb.read" } as const;
const writer = { ...kb, access: "agent", policy: "kb.write" } as const;

export const kbRoutes = [
  route({
    ...reader,
    method: "GET",
    url: "/api/v1/kb/articles",
    summary: "Articles of the help centre, internal ones included (with q: the best matches first, one page)",
    query: ZKbArticleQuery,
    response: ZKbArticlePage,
    handler: async ({ ctx, actor, query }) => {
      const page = await findArticles(ctx, actor, query);
      return { data: page.rows.map(presentSummary), next_cursor: page.next_cursor };
    },
  }),
  route({
    ...writer,
    method: "POST",
    url: "/api/v1/kb/articles",
    status: 201,
    summary: "Write an article (its first version); translation_of links it to the other language's article",
    body: ZKbArticleInput,
    response: ZKbArticle,
    handler: async ({ ctx, actor, body, req }) => {
      const a = await createArticle(ctx, actor, body, req.id);
      return presentArticle(a, (await showArticle(ctx, actor, a.id)).translations);
    },
  }),
  route({
    ...reader,
    method: "GET",
    url: "/api/v1/kb/articles/:id",
    summary: "An article with its translations",
    params: ZIdParam,
    response: ZKbArticle,
    handler: async ({ ctx, actor, params }) => {
      const { article, translations } = await showArticle(ctx, actor, params.id);
      return presentArticle(article, translations);
    },
  }),
  route({
    ...writer,
    method: "PATCH",
    url: "/api/v1/kb/articles/:id",
    summary: "Change an article: the change is kept as its next version",
    params: ZIdParam,
    body: ZKbArticleUpdate,
    response: ZKbArticle,
    handler: async ({ ctx, actor, params, body, req }) => {
      await changeArticle(ctx, actor, params.id, body, req.id);
      const { article, translations } = await showArticle(ctx, actor, params.id);
      return presentArticle(article, translations);
    },
  }),
  route({
    ...kb,
    access: "agent",
    policy: "kb.manage",
    method: "DELETE",
    url: "/api/v1/kb/articles/:id",
    summary: "Delete an article with its versions (admins and supervisors; archiving keeps it)",
    params: ZIdParam,
    response: ZOk,
    handler: async ({ ctx, actor, params, req }) => {
      await removeArticle(ctx, actor, params.id, req.id);
      return { ok: true as const };
    },
  }),
  route({
    ...reader,
    method: "GET",
    url: "/api/v1/kb/articles/:id/versions",
    summary: "Every saved version of an article, newest first, with who saved it and when",
    params: ZIdParam,
    response: ZKbVersionList,
    handler: async ({ ctx, actor, params }) => ({
      data: (await articleVersions(ctx, actor, params.id)).map(presentVersion),
    }),
  }),
  route({
    ...reader,
    method: "GET",
    url: "/api/v1/kb/articles/:id/diff",
    summary: "The difference between two versions of an article (?from=&to= version numbers)",
    params: ZIdParam,
    query: ZKbDiffQuery,
    response: ZKbDiff,
    handler: async ({ ctx, actor, params, query }) => diffVersions(ctx, actor, params.id, query.from, query.to),
  }),
  route({
    ...writer,
    method: "POST",
    url: "/api/v1/kb/articles/:id/versions/:number/restore",
    summary: "Restore a version: its content becomes the article's next version",
    params: ZKbVersionParams,
    response: ZKbArticle,
    handler: async ({ ctx, actor, params, req }) => {
      await restoreVersion(ctx, actor, params.id, params.number, req.id);
      const { article, translations } = await showArticle(ctx, actor, params.id);
      return presentArticle(article, translations);
    },
  }),
  route({
    ...reader,
    method: "GET",
    url: "/api/v1/kb/feedback",
    summary: '"Was this helpful?" answers: on your own articles, or on one (?article_id=)',
    query: z.object({ article_id: ZDecimalId.optional() }),
    response: ZKbFeedbackList,
    handler: async ({ ctx, actor, query }) => ({
      data: (await feedbackFor(ctx, actor, query.article_id)).map((f) => ({
        ...f,
        helpful: f.helpful === 1,
        created_at: iso(f.created_at),
      })),
    }),
  }),
  route({
    ...reader,
    method: "GET",
    url: "/api/v1/kb/categories",
    summary: "The help centre's categories",
    response: ZKbCategoryList,
    handler: async ({ ctx, actor }) => ({
      data: (await listCategories(ctx, actor.workspaceId)).map(presentCategory),
    }),
  }),
  route({
    ...kb,
    access: "agent",
    policy: "kb.manage",
    method: "POST",
    url: "/api/v1/kb/categories",
    status: 201,
    summary: "Add a category (admins and supervisors)",
    body: ZKbCategoryInput,
    response: ZKbCategory,
    handler: async ({ ctx, actor, body }) => presentCategory(await createCategory(ctx, actor, body)),
  }),
  route({
    ...kb,
    access: "agent",
    policy: "kb.manage",
    method: "PATCH",
    url: "/api/v1/kb/categories/:id",
    summary: "Rename a category or move it under another (never under itself or one of its own)",
    params: ZIdParam,
    body: ZKbCategoryUpdate,
    response: ZKbCategory,
    handler: async ({ ctx, actor, params, body }) => presentCategory(await changeCategory(ctx, actor, params.id, body)),
  }),
  route({
    ...kb,
    access: "agent",
    policy: "kb.manage",
    method: "DELETE",
    url: "/api/v1/kb/categories/:id",
    summary: "Delete a category that has no articles and no subcategories (else 409 category_in_use)",
    params: ZIdParam,
    response: ZOk,
    handler: async ({ ctx, actor, params }) => {
      await removeCategory(ctx, actor, params.id);
      return { ok: true as const };
    },
  }),
  ...kbImageRoutes,
  route({
    ...kb,
    access: "agent",
    policy: "report.read",
    method: "GET",
    url: "/api/v1/kb/reports/deflection",
    summary: "Per article, in the period: suggestions shown, opened, deflected, and requests submitted anyway",
    query: ZKbDeflectionQuery,
    response: ZKbDeflectionReport,
    handler: async ({ ctx, actor, query }) => ({ data: await deflectionReport(ctx, actor, query.from, query.to) }),
  }),
  route({
    ...kb,
    access: "public",
    policy: null,
    rateLimit: "public",
    method: "GET",
    url: "/api/v1/public/kb/search",
    summary: "Search the published help centre (the portal's suggestions, the chat widget)",
    query: ZKbPublicSearch,
    response: ZKbSearchResults,
    handler: async ({ ctx, query }) => ({ data: await publicSearch(ctx, query.q, query.lang, query.limit) }),
  }),
  route({
    ...kb,
    access: "public",
    policy: null,
    rateLimit: "public",
    method: "POST",
    url: "/api/v1/public/kb/deflections",
    summary: "Record suggested articles shown, opened, left without a request (deflected), or submitted anyway",
    body: ZKbDeflectionEvent,
    response: ZOk,
    handler: async ({ ctx, body, req }) => {
      await recordDeflection(ctx, body, req.id);
      return { ok: true as const };
    },
  }),
];
