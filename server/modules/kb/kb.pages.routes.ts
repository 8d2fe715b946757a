import zlib from "node:zlib";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { ZKbFeedbackForm, ZSlug } from "../../../shared/kb";
import { notFound } from "../../http/errors";
import { route } from "../../http/route";
import { formLanguage } from "../../web";
import { publicLogo } from "../workspace/workspace.service";
import { giveFeedback } from "./kb.public.service";
import { articlePage, categoryPage, homePage, notFoundPage, searchPage, sitemap } from "./kb.pages.service";

// The public help centre: pages rendered on the server, readable without JavaScript, compressed here (brotli or
// gzip, as the browser accepts) since they are made per request.

const ZLang = z.enum(["it", "en"]);
const page = { access: "public", policy: null, tag: "help" } as const;

function send(req: FastifyRequest, reply: FastifyReply, body: string, type: string, status = 200) {
  const accept = String(req.headers["accept-encoding"] ?? "");
  reply.status(status).type(type).header("vary", "accept-encoding").header("cache-control", "no-cache");
  if (/\bbr\b/.test(accept))
    return reply
      .header("content-encoding", "br")
      .send(zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }));
  if (/\bgzip\b/.test(accept)) return reply.header("content-encoding", "gzip").send(zlib.gzipSync(body, { level: 6 }));
  return reply.send(body);
}
const html = "text/html; charset=utf-8";

/** A slug that is not one (or a page that does not exist): the help centre's own 404 page. */
const safeSlug = (s: string) => ZSlug.safeParse(s).data;

export const helpPages = [
  route({
    ...page,
    method: "GET",
    url: "/help",
    summary: "The help centre: to the browser's language (Accept-Language), Italian otherwise",
    handler: async ({ req, reply }) =>
      reply
        .header("vary", "accept-language")
        .redirect(`/help/${formLanguage(req.query, req.headers["accept-language"])}`, 302),
  }),
  route({
    ...page,
    method: "GET",
    url: "/help/sitemap.xml",
    summary: "The help centre's sitemap, with each article's translation",
    handler: async ({ req, reply, ctx }) => send(req, reply, await sitemap(ctx), "application/xml; charset=utf-8"),
  }),
  route({
    ...page,
    method: "GET",
    url: "/help/logo",
    summary:
      "The workspace's logo (PNG, JPEG or WebP); ?v= (its content's hash, as logo_url gives it) makes it cacheable for a year",
    query: z.object({ v: z.string().max(64).optional() }),
    handler: async ({ req, reply, ctx, query }) => {
      const logo = await publicLogo(ctx);
      if (!logo) throw notFound("logo");
      const etag = `"${logo.sha256.slice(0, 32)}"`;
      // Served as an image only: never sniffed as something else, nothing in it runs, even opened on its own.
      reply
        .type(logo.type)
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "default-src 'none'; sandbox")
        .header("etag", etag)
        .header(
          "cache-control",
          (query.v?.length ?? 0) >= 8 && logo.sha256.startsWith(query.v!)
            ? "public, max-age=31536000, immutable"
            : "no-cache",
        );
      if (req.headers["if-none-match"] === etag) {
        if (!Buffer.isBuffer(logo.file)) logo.file.destroy();
        return reply.status(304).send();
      }
      return reply.send(logo.file);
    },
  }),
  route({
    ...page,
    method: "GET",
    url: "/help/:lang",
    summary: "The help centre's home in one language",
    params: z.object({ lang: z.string() }),
    handler: async ({ req, reply, ctx, params }) => {
      const lang = ZLang.safeParse(params.lang).data;
      if (!lang) return send(req, reply, await notFoundPage(ctx, "it"), html, 404);
      return send(req, reply, await homePage(ctx, lang), html);
    },
  }),
  route({
    ...page,
    method: "GET",
    url: "/help/:lang/search",
    summary: "Search results page (?q=)",
    params: z.object({ lang: ZLang }),
    query: z.object({ q: z.string().max(200).default("") }),
    handler: async ({ req, reply, ctx, params, query }) =>
      send(req, reply, await searchPage(ctx, params.lang, query.q.trim()), html),
  }),
  route({
    ...page,
    method: "GET",
    url: "/help/:lang/:category",
    summary: "A category's articles",
    params: z.object({ lang: ZLang, category: z.string() }),
    handler: async ({ req, reply, ctx, params }) => {
      const slug = safeSlug(params.category);
      const body = slug ? await categoryPage(ctx, params.lang, slug) : null;
      if (!body) return send(req, reply, await notFoundPage(ctx, params.lang), html, 404);
      return send(req, reply, body, html);
    },
  }),
  route({
    ...page,
    method: "GET",
    url: "/help/:lang/articles/:slug",
    summary: "An article (published and public only)",
    params: z.object({ lang: ZLang, slug: z.string() }),
    query: z.object({ feedback: z.string().optional() }),
    handler: async ({ req, reply, ctx, params, query }) => {
      const slug = safeSlug(params.slug);
      const body = slug ? await articlePage(ctx, params.lang, slug, query.feedback === "thanks") : null;
      if (!body) return send(req, reply, await notFoundPage(ctx, params.lang), html, 404);
      return send(req, reply, body, html);
    },
  }),
  route({
    ...page,
    method: "POST",
    url: "/help/:lang/articles/:slug/feedback",
    rateLimit: "public",
    summary: '"Was this helpful?" as a plain form post (application/x-www-form-urlencoded); back to the article',
    params: z.object({ lang: ZLang, slug: ZSlug }),
    handler: async ({ req, reply, ctx, params }) => {
      const raw = Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "";
      const form = ZKbFeedbackForm.parse(Object.fromEntries(new URLSearchParams(raw)));
      const a = await giveFeedback(ctx, params.lang, params.slug, form.helpful === "yes", form.comment, req.id);
      return reply.redirect(`/help/${params.lang}/articles/${a.slug}?feedback=thanks#feedback`, 303);
    },
  }),
];
