import type { KbSearchHit } from "../../../shared/api/kb";
import type { Ctx } from "../../context";
import { highlight } from "../search/text";
import { deletionKeys, parseQuery, plainText, withinOneEdit } from "./kb.index";
import { articlesForHits, listedTerms, type MatchScope, matchingTerms, termsUnderKeys } from "./kb.search.queries";

// Search over articles: every meaningful query word is looked up by its stems, and, when it has five letters or
// more, by the terms within one edit of a stem (kb.index.ts). An article matching more of the words comes first;
// among equals, rarer words and words in the title weigh more. A typo's match weighs a little less.

const FUZZY_WEIGHT = 0.7;

export async function searchArticles(
  ctx: Pick<Ctx, "db">,
  workspaceId: number,
  q: string,
  scope: MatchScope,
  limit: number,
): Promise<KbSearchHit[]> {
  const ids = await rankArticles(ctx, workspaceId, q, scope, limit);
  const articles = new Map((await articlesForHits(ctx, ids, scope.publicOnly)).map((a) => [a.id, a]));
  return ids.flatMap((id) => {
    const a = articles.get(id);
    if (!a) return [];
    return [
      {
        id: a.id,
        title: a.title,
        language: a.language,
        slug: a.slug,
        url: `/help/${a.language}/articles/${a.slug}`,
        snippet: highlight(plainText(a.body_markdown), q, 200),
      },
    ];
  });
}

/** The ids of the best `limit` articles for `q`, best first (what searchArticles shows, without reading them). */
export async function rankArticles(
  ctx: Pick<Ctx, "db">,
  workspaceId: number,
  q: string,
  scope: MatchScope,
  limit: number,
): Promise<number[]> {
  const qws = parseQuery(q);
  if (!qws.length) return [];
  // term -> [word index, exact?]
  const wanted = new Map<string, [number, boolean][]>();
  const add = (term: string, w: number, exact: boolean) => {
    const list = wanted.get(term) ?? [];
    if (!list.some(([i, e]) => i === w && e === exact)) list.push([w, exact]);
    wanted.set(term, list);
  };
  qws.forEach((w, i) => w.stems.forEach((s) => add(s, i, true)));
  const fuzzy = qws.flatMap((w, i) => (w.fuzzy ? w.stems.map((s) => ({ s, i })) : []));
  if (fuzzy.length) {
    const near = await termsUnderKeys(ctx, workspaceId, [...new Set(fuzzy.flatMap(({ s }) => deletionKeys(s)))]);
    for (const term of near)
      for (const { s, i } of fuzzy) if (term !== s && withinOneEdit(s, term)) add(term, i, false);
  }
  const rows =
    scope.publicOnly && scope.language
      ? await listedTerms(ctx, workspaceId, [...wanted.keys()], scope.language, scope.perTerm)
      : await matchingTerms(ctx, workspaceId, [...wanted.keys()], scope);

  // Per article, per word: the best weight it earned.
  const best = new Map<number, number[]>();
  for (const r of rows) {
    const per = best.get(r.article_id) ?? new Array<number>(qws.length).fill(0);
    for (const [i, exact] of wanted.get(r.term) ?? []) per[i] = Math.max(per[i], r.weight * (exact ? 1 : FUZZY_WEIGHT));
    best.set(r.article_id, per);
  }
  const df = qws.map((_, i) => [...best.values()].filter((per) => per[i] > 0).length);
  const ranked = [...best].map(([id, per]) => ({
    id,
    matched: per.filter((x) => x > 0).length,
    score: per.reduce((sum, x, i) => sum + x / Math.log2(2 + df[i]), 0),
  }));
  ranked.sort((a, b) => b.matched - a.matched || b.score - a.score || b.id - a.id);
  return ranked.slice(0, limit).map((r) => r.id);
}

/**
 * The articles like a title, kept for the article pages' "related" list: a search per page view cost more than the
 * rest of the page (bench/kb.bench.ts). Kept for 10 minutes, 2,000 lists at most, and dropped by this node whenever
 * an article is indexed (another node's change shows within the 10 minutes). The ids are only a ranking: the page
 * reads the links through what the public may read now, so an article archived or made internal never shows.
 */
const LIKE_TTL_MS = 10 * 60_000;
const LIKE_MAX = 2000;
const likeLists = new Map<string, { ids: number[]; until: number }>();

export async function articlesLike(
  ctx: Pick<Ctx, "db">,
  workspaceId: number,
  language: "it" | "en",
  title: string,
  limit: number,
): Promise<number[]> {
  const key = `${workspaceId}\u0000${language}\u0000${limit}\u0000${title}`;
  const kept = likeLists.get(key);
  if (kept && kept.until > Date.now()) return kept.ids;
  // A few related links need no depth: the 50 best rows per word (title matches first), not 300.
  const ids = await rankArticles(ctx, workspaceId, title, { language, publicOnly: true, perTerm: 50 }, limit);
  likeLists.delete(key);
  if (likeLists.size >= LIKE_MAX) likeLists.delete(likeLists.keys().next().value!);
  likeLists.set(key, { ids, until: Date.now() + LIKE_TTL_MS });
  return ids;
}

/** An article's terms changed: the lists kept by articlesLike may be wrong now. */
export function forgetArticlesLike(): void {
  likeLists.clear();
}
