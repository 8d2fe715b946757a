import type { ArticleTicket, LinkedArticle, SuggestedArticle, TicketArticles } from "../../../shared/api/answers";
import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { notFound } from "../../http/errors";
import { iso } from "../../lib/cursor";
import { parseQuery, plainText } from "../kb/kb.index";
import { rankArticles } from "../kb/kb.search";
import { highlight, words as foldedWords } from "../search/text";
import { findTicketByNumber } from "../tickets/tickets.queries";
import { detectLanguage, isStopword, type Lang } from "../search/language";
import {
  deleteLinks,
  findArticle,
  linkedArticles,
  publishedArticles,
  questionOf,
  ticketsOfArticle,
} from "./ticket-articles.queries";

// The knowledge base beside a ticket: the articles its question looks like (the help centre's own search on the
// subject and the first customer message), and the articles linked to it as its answer.

const SUGGESTED = 5;
/** Rows ranked per language before drafts, archived and linked articles are left out. */
const RANKED = 20;

const urlOf = (a: { language: string; slug: string }) => `/help/${a.language}/articles/${a.slug}`;

async function ticketOf(ctx: Ctx, actor: AgentActor, number: number) {
  const ticket = await findTicketByNumber(ctx, actor.workspaceId, number);
  if (!ticket) throw notFound("ticket");
  return ticket;
}

async function linkedOf(ctx: Ctx, workspaceId: number, ticketId: number): Promise<LinkedArticle[]> {
  const seen = new Set<number>();
  return (await linkedArticles(ctx, workspaceId, ticketId)).flatMap((r) => {
    if (seen.has(r.id)) return [];
    seen.add(r.id);
    return [
      {
        id: r.id,
        title: r.title,
        language: r.language,
        slug: r.slug,
        url: urlOf(r),
        linked_at: iso(Number(r.answered_at)),
        linked_by: r.agent_id !== null && r.agent_name !== null ? { id: r.agent_id, name: r.agent_name } : null,
      },
    ];
  });
}

/** Suggested (published, internal ones marked, the customer's language first) and linked articles of a ticket. */
export async function ticketArticles(ctx: Ctx, actor: AgentActor, number: number): Promise<TicketArticles> {
  const ticket = await ticketOf(ctx, actor, number);
  const linked = await linkedOf(ctx, actor.workspaceId, ticket.id);
  const question = await questionOf(ctx, ticket.id);
  const q = `${ticket.subject}\n${question?.text ?? ""}`;
  const lang: Lang =
    question?.language === "it" || question?.language === "en" ? question.language : detectLanguage(q, "it");
  // The words the search weighs: not the greetings and words every message has (in either language: mail mixes
  // them), nor the customer's own name from the signature, which says nothing of the question and matched any
  // article naming a colleague of the same name. One per stem: a question saying "ricevuta" and "ricevuto" asks
  // about one thing, and must not make an article with "riceverai" look twice as close.
  const name = new Set(foldedWords(question?.name ?? ""));
  const asked = foldedWords(q).filter((w) => !isStopword(w) && !name.has(w));
  const seen = new Set<string>();
  const words = parseQuery(asked.join(" ")).flatMap((w) => {
    if (w.stems.some((st) => seen.has(st))) return [];
    w.stems.forEach((st) => seen.add(st));
    return [w.word];
  });
  const marked = words.join(" ");
  const taken = new Set<number>();
  const found: (SuggestedArticle & { matched: number; inTitle: boolean })[] = [];
  for (const language of [lang, lang === "it" ? "en" : "it"] as const) {
    const ids = await rankArticles(ctx, actor.workspaceId, marked, { language, publicOnly: false }, RANKED);
    const rows = new Map((await publishedArticles(ctx, actor.workspaceId, ids)).map((a) => [a.id, a]));
    for (const id of ids) {
      const a = rows.get(id);
      if (!a || taken.has(id)) continue;
      taken.add(id);
      const text = plainText(a.body_markdown);
      const all = `${a.title} ${text}`;
      found.push({
        id: a.id,
        title: a.title,
        language: a.language,
        slug: a.slug,
        url: urlOf(a),
        internal: a.internal === 1,
        snippet: highlight(text, marked, 200),
        matched: words.filter((w) => highlight(all, w).includes("<mark>")).length,
        inTitle: highlight(a.title, marked).includes("<mark>"),
      });
    }
  }
  // A long question shares a word or two with many articles: those sharing less than half of what the best one
  // shares (linked or not) are noise beside it, and so is a single word in common with a question of three or more
  // unless it is in the article's title ("fattura" for the invoices article; not the "ordine" every shop's articles
  // say somewhere): better no suggestion than a wrong one. The order stays the search's, the customer's language
  // first.
  const best = Math.max(0, ...found.map((a) => a.matched));
  const isLinked = new Set(linked.map((a) => a.id));
  const strong = (a: (typeof found)[number]) => a.matched >= 2 || words.length < 3 || a.inTitle;
  const suggested = found
    .filter((a) => a.matched * 2 >= best && strong(a) && !isLinked.has(a.id))
    .slice(0, SUGGESTED)
    .map(({ matched: _m, inTitle: _t, ...a }) => a);
  return { suggested, linked };
}

/** Removes the ticket's link to an article (the question counts as unanswered again unless another link says). */
export async function unlinkArticle(ctx: Ctx, actor: AgentActor, number: number, articleId: number) {
  const ticket = await ticketOf(ctx, actor, number);
  if ((await deleteLinks(ctx, actor.workspaceId, ticket.id, articleId)) === 0) throw notFound("link");
  return { ok: true as const };
}

/** The tickets an article answers, the latest linked first. */
export async function articleTickets(
  ctx: Ctx,
  actor: AgentActor,
  articleId: number,
): Promise<{ data: ArticleTicket[] }> {
  if (!(await findArticle(ctx, actor.workspaceId, articleId))) throw notFound("article");
  const rows = await ticketsOfArticle(ctx, actor.workspaceId, articleId);
  return {
    data: rows.map((r) => ({
      number: r.number,
      subject: r.subject,
      status: r.status,
      linked_at: iso(Number(r.linked_at)),
    })),
  };
}

/** Whether an article of the workspace has this id (a link to another workspace's article is refused). */
export async function articleExists(ctx: Ctx, workspaceId: number, id: number): Promise<boolean> {
  return (await findArticle(ctx, workspaceId, id)) !== undefined;
}
