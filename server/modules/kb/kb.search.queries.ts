import { sql } from "kysely";
import { dbOf, type DbOrTrx, type Runner } from "../../db/index";

// The help centre's search index (kb.index.ts says what the terms are): no rules here.

export async function replaceTerms(
  on: DbOrTrx,
  article: { workspace_id: number; id: number; language: "it" | "en"; listed: boolean },
  terms: Map<string, number>,
  keys: { key: string; term: string }[],
): Promise<void> {
  const workspaceId = article.workspace_id;
  await on.deleteFrom("kb_terms").where("article_id", "=", article.id).execute();
  const rows = [...terms].map(([term, weight]) => ({
    workspace_id: workspaceId,
    term,
    language: article.language,
    listed: article.listed ? 1 : 0,
    weight,
    article_id: article.id,
  }));
  for (let i = 0; i < rows.length; i += 500)
    await on
      .insertInto("kb_terms")
      .values(rows.slice(i, i + 500))
      .execute();
  // Keys are never removed: a key whose term no article has any more finds nothing.
  const keyRows = keys.map((k) => ({ workspace_id: workspaceId, ...k }));
  for (let i = 0; i < keyRows.length; i += 500)
    await on
      .insertInto("kb_term_keys")
      .values(keyRows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(["workspace_id", "key", "term"]).doNothing())
      .execute();
}

/** The terms filed under any of `keys`. */
export const termsUnderKeys = async (on: Runner, workspaceId: number, keys: string[]) =>
  keys.length
    ? (
        await dbOf(on)
          .selectFrom("kb_term_keys")
          .select("term")
          .distinct()
          .where("workspace_id", "=", workspaceId)
          .where("key", "in", keys)
          .execute()
      ).map((r) => r.term)
    : [];

export interface MatchScope {
  language?: "it" | "en";
  /** Published and not internal only: what the public may read. */
  publicOnly: boolean;
  /** Rows read per term by the public search (PER_TERM unless said). */
  perTerm?: number;
}

/** Rows read per term by the public search: the title matches first, then the most recent articles. */
export const PER_TERM = 300;

/**
 * The public search's (article, term, weight): per term, at most PER_TERM articles of the language that the public
 * may read, read in the key's order (weight, then newest) and stopped there.
 */
export async function listedTerms(
  on: Runner,
  workspaceId: number,
  terms: string[],
  language: "it" | "en",
  perTerm = PER_TERM,
) {
  if (!terms.length) return [];
  const parts = terms.map(
    (term) =>
      sql`SELECT * FROM (SELECT article_id, term, weight FROM kb_terms WHERE workspace_id = ${workspaceId} AND term = ${term} AND language = ${language} AND listed = 1 ORDER BY weight DESC, article_id DESC LIMIT ${perTerm}) AS t`,
  );
  const { rows } = await sql<{ article_id: number; term: string; weight: number }>`${sql.join(
    parts,
    sql` UNION ALL `,
  )}`.execute(dbOf(on));
  return rows.map((r) => ({ ...r, article_id: Number(r.article_id) }));
}

/** Every (article, term, weight) of the articles in scope holding one of `terms` (agents' search). */
export function matchingTerms(on: Runner, workspaceId: number, terms: string[], scope: MatchScope) {
  let q = dbOf(on)
    .selectFrom("kb_terms as t")
    .innerJoin("kb_articles as a", "a.id", "t.article_id")
    .select(["t.article_id", "t.term", "t.weight"])
    .where("t.workspace_id", "=", workspaceId)
    .where("t.term", "in", terms);
  if (scope.language) q = q.where("a.language", "=", scope.language);
  if (scope.publicOnly) q = q.where("a.status", "=", "published").where("a.internal", "=", 0);
  return q.execute();
}

/** The articles of a search's hits; for the public, only those it may read now (the index says so too, but an
 * index is a copy). */
export function articlesForHits(on: Runner, ids: number[], publicOnly: boolean) {
  if (!ids.length) return Promise.resolve([]);
  let q = dbOf(on)
    .selectFrom("kb_articles")
    .select(["id", "title", "language", "slug", "body_markdown", "updated_at"])
    .where("id", "in", ids);
  if (publicOnly) q = q.where("status", "=", "published").where("internal", "=", 0);
  return q.execute();
}
