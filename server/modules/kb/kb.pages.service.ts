import { HELP_TEXTS, type HelpLanguage } from "../../../shared/help-texts";
import type { Ctx } from "../../context";
import { publicWorkspace } from "../portal/portal.service";
import { logoUrl } from "../workspace/workspace.brand";
import { publicBrand } from "../workspace/workspace.queries";
import { dateIn, esc, fill, linkList, page, renderMarkdown, type Shell } from "./kb.html";
import { plainText } from "./kb.index";
import {
  articleBySlug,
  categoryBySlug,
  listCategories,
  publicArticleList,
  publicLinks,
  publicRelated,
  publicSitemap,
  translationsOf,
} from "./kb.queries";
import { articlesLike, searchArticles } from "./kb.search";

// The public help centre's pages: published, non-internal articles only. Each function answers the HTML of one
// page, or null for a 404.

const other = (lang: HelpLanguage): HelpLanguage => (lang === "it" ? "en" : "it");
const categoryName = (c: { name: string; name_en: string | null }, lang: HelpLanguage) =>
  lang === "en" ? (c.name_en ?? c.name) : c.name;

async function base(ctx: Ctx, lang: HelpLanguage) {
  const ws = await publicBrand(ctx);
  const t = HELP_TEXTS[lang];
  const url = (path: string) => `${ctx.config.publicUrl}${path}`;
  const brand = { colour: ws.brand_color, logoUrl: logoUrl(ws.logo_sha256) };
  const shell = (s: Omit<Shell, "lang" | "workspace" | "brand">) => page({ lang, workspace: ws.name, brand, ...s });
  return { ws, t, url, shell, home: { label: t.home, href: `/help/${lang}` } };
}

export async function homePage(ctx: Ctx, lang: HelpLanguage) {
  const { ws, t, url, shell, home } = await base(ctx, lang);
  const [cats, articles] = await Promise.all([listCategories(ctx, ws.id), publicArticleList(ctx, ws.id, lang)]);
  const top = cats.filter((c) => c.parent_id === null);
  const inCat = (id: number) => {
    const ids = new Set([id, ...cats.filter((c) => c.parent_id === id).map((c) => c.id)]);
    return articles.filter((a) => a.category_id !== null && ids.has(a.category_id));
  };
  const blocks = top
    .map((c) => ({ c, list: inCat(c.id) }))
    .filter((b) => b.list.length)
    .map(
      ({ c, list }) =>
        `<li><h2><a href="/help/${lang}/${esc(c.slug)}">${esc(categoryName(c, lang))}</a></h2>${linkList(
          list.slice(0, 6).map((a) => ({ title: a.title, href: `/help/${lang}/articles/${a.slug}` })),
        )}</li>`,
    )
    .join("");
  const loose = articles.filter((a) => a.category_id === null);
  const body =
    `<h1>${t.title}</h1><h2 class="meta">${t.categories}</h2>` +
    (blocks ? `<ul class="cats">${blocks}</ul>` : `<p>${t.empty}</p>`) +
    (loose.length
      ? `<h2>${t.articlesIn}</h2>${linkList(loose.map((a) => ({ title: a.title, href: `/help/${lang}/articles/${a.slug}` })))}`
      : "");
  return shell({
    title: t.title,
    canonical: url(`/help/${lang}`),
    alternate: { lang: other(lang), href: url(`/help/${other(lang)}`) },
    switchTo: `/help/${other(lang)}`,
    crumbs: [{ label: home.label }],
    body,
  });
}

export async function categoryPage(ctx: Ctx, lang: HelpLanguage, slug: string) {
  const { ws, t, url, shell, home } = await base(ctx, lang);
  const cat = await categoryBySlug(ctx, ws.id, slug);
  if (!cat) return null;
  const cats = await listCategories(ctx, ws.id);
  const parent = cat.parent_id ? cats.find((c) => c.id === cat.parent_id) : undefined;
  const subs = cats.filter((c) => c.parent_id === cat.id);
  const articles = await publicArticleList(ctx, ws.id, lang, cat.id);
  const name = categoryName(cat, lang);
  const body =
    `<h1>${esc(name)}</h1>` +
    (subs.length
      ? linkList(subs.map((c) => ({ title: categoryName(c, lang), href: `/help/${lang}/${c.slug}` })))
      : "") +
    (articles.length
      ? linkList(articles.map((a) => ({ title: a.title, href: `/help/${lang}/articles/${a.slug}` })))
      : `<p>${t.empty}</p>`);
  return shell({
    title: name,
    canonical: url(`/help/${lang}/${cat.slug}`),
    alternate: { lang: other(lang), href: url(`/help/${other(lang)}/${cat.slug}`) },
    switchTo: `/help/${other(lang)}/${cat.slug}`,
    crumbs: [
      home,
      ...(parent ? [{ label: categoryName(parent, lang), href: `/help/${lang}/${parent.slug}` }] : []),
      { label: name },
    ],
    body,
  });
}

/** A published, public article by its address, or null. */
export async function publicArticle(ctx: Ctx, lang: HelpLanguage, slug: string) {
  const ws = await publicWorkspace(ctx);
  const a = await articleBySlug(ctx, ws.id, lang, slug);
  return a && a.status === "published" && !a.internal ? a : null;
}

export async function articlePage(ctx: Ctx, lang: HelpLanguage, slug: string, thanked: boolean) {
  const { ws, t, url, shell, home } = await base(ctx, lang);
  const a = await publicArticle(ctx, lang, slug);
  if (!a) return null;
  const [translations, cats, related] = await Promise.all([
    translationsOf(ctx, ws.id, a.id, a.translation_of),
    listCategories(ctx, ws.id),
    a.category_id ? publicRelated(ctx, ws.id, lang, a.category_id, a.id) : Promise.resolve([]),
  ]);
  const translation = translations.find((x) => x.language === other(lang) && x.status === "published" && !x.internal);
  const cat = cats.find((c) => c.id === a.category_id);
  // Fewer than three in its category: the closest matches of its title fill the list (ranked only: a link needs
  // no snippet, and the article's body is not read).
  const more = related.length < 3 ? await likeTitle(ctx, ws.id, lang, a, related) : [];
  const links = [...related, ...more]
    .slice(0, 5)
    .map((r) => ({ title: r.title, href: `/help/${lang}/articles/${r.slug}` }));
  const action = `/help/${lang}/articles/${a.slug}/feedback`;
  const feedback = thanked
    ? `<section class="fb" id="feedback" aria-live="polite"><p>${t.thanks}</p></section>`
    : `<section class="fb" id="feedback"><form method="post" action="${esc(action)}"><fieldset><legend>${t.helpful}</legend>
<label for="comment">${t.comment}</label><textarea id="comment" name="comment" maxlength="2000"></textarea>
<div class="row"><button type="submit" name="helpful" value="yes">${t.yes}</button><button type="submit" name="helpful" value="no">${t.no}</button></div>
</fieldset></form></section>`;
  const body =
    `<article><h1>${esc(a.title)}</h1><p class="meta">${fill(t.updated, { date: dateIn(lang, a.updated_at) })}</p>` +
    `${renderMarkdown(a.body_markdown)}</article>${feedback}` +
    (links.length ? `<section aria-labelledby="rel"><h2 id="rel">${t.related}</h2>${linkList(links)}</section>` : "");
  return shell({
    title: a.title,
    description: plainText(a.body_markdown).slice(0, 160),
    canonical: url(`/help/${lang}/articles/${a.slug}`),
    alternate: translation
      ? { lang: other(lang), href: url(`/help/${other(lang)}/articles/${translation.slug}`) }
      : null,
    switchTo: translation ? `/help/${other(lang)}/articles/${translation.slug}` : `/help/${other(lang)}`,
    crumbs: [
      home,
      ...(cat ? [{ label: categoryName(cat, lang), href: `/help/${lang}/${cat.slug}` }] : []),
      { label: a.title },
    ],
    body,
  });
}

async function likeTitle(
  ctx: Ctx,
  workspaceId: number,
  lang: HelpLanguage,
  a: { id: number; title: string },
  related: { id: number }[],
) {
  const ids = (await articlesLike(ctx, workspaceId, lang, a.title, 6)).filter(
    (id) => id !== a.id && !related.some((r) => r.id === id),
  );
  const links = new Map((await publicLinks(ctx, workspaceId, lang, ids)).map((l) => [l.id, l]));
  return ids.flatMap((id) => links.get(id) ?? []);
}

export async function searchPage(ctx: Ctx, lang: HelpLanguage, q: string) {
  const { ws, t, url, shell, home } = await base(ctx, lang);
  const hits = q ? await searchArticles(ctx, ws.id, q, { language: lang, publicOnly: true }, 20) : [];
  const title = q ? fill(t.resultsFor, { q }) : t.search;
  const body =
    `<h1>${esc(title)}</h1>` +
    (hits.length
      ? hits
          .map((h) => `<div class="hit"><h2><a href="${esc(h.url)}">${esc(h.title)}</a></h2><p>${h.snippet}</p></div>`)
          .join("")
      : q
        ? `<p>${t.noResults}</p>`
        : "");
  return shell({
    title,
    canonical: url(`/help/${lang}/search`),
    switchTo: `/help/${other(lang)}/search?q=${encodeURIComponent(q)}`,
    crumbs: [home, { label: t.search }],
    body,
    noindex: true,
    q,
  });
}

export async function notFoundPage(ctx: Ctx, lang: HelpLanguage) {
  const { t, url, shell, home } = await base(ctx, lang);
  return shell({
    title: t.notFound,
    canonical: url(`/help/${lang}`),
    switchTo: `/help/${other(lang)}`,
    crumbs: [home, { label: t.notFound }],
    body: `<h1>${t.notFound}</h1><p><a href="/help/${lang}">${t.back}</a></p>`,
    noindex: true,
  });
}

export async function sitemap(ctx: Ctx) {
  const ws = await publicWorkspace(ctx);
  const [rows, cats] = await Promise.all([publicSitemap(ctx, ws.id), listCategories(ctx, ws.id)]);
  const u = (p: string) => esc(`${ctx.config.publicUrl}${p}`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const byOriginal = new Map(rows.filter((r) => r.translation_of).map((r) => [r.translation_of!, r]));
  // A translation pair: each side names the other (an original and its translation, either way round).
  const pairOf = (r: (typeof rows)[number]) => (r.translation_of ? byId.get(r.translation_of) : byOriginal.get(r.id));
  const entries = [
    ...(["it", "en"] as const).map((l) => `<url><loc>${u(`/help/${l}`)}</loc></url>`),
    ...cats.flatMap((c) => (["it", "en"] as const).map((l) => `<url><loc>${u(`/help/${l}/${c.slug}`)}</loc></url>`)),
    ...rows.map((r) => {
      const pair = pairOf(r);
      const alt = pair
        ? `<xhtml:link rel="alternate" hreflang="${r.language}" href="${u(`/help/${r.language}/articles/${r.slug}`)}"/>` +
          `<xhtml:link rel="alternate" hreflang="${pair.language}" href="${u(`/help/${pair.language}/articles/${pair.slug}`)}"/>`
        : "";
      return `<url><loc>${u(`/help/${r.language}/articles/${r.slug}`)}</loc><lastmod>${new Date(r.updated_at).toISOString()}</lastmod>${alt}</url>`;
    }),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${entries.join("\n")}\n</urlset>\n`;
}
