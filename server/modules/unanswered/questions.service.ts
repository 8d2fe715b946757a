import type { UnansweredGroup } from "../../../shared/api/answers";
import { type Ctx, tx } from "../../context";
import type { Trx } from "../../db/index";
import type { AgentActor } from "../../http/actor";
import { notFound } from "../../http/errors";
import { iso } from "../../lib/cursor";
import { findTicketByNumber } from "../tickets/tickets.queries";
import { type Group, Grouper, storedCentroid } from "./questions.groups";
import {
  addTermCounts,
  ensureQuestionState,
  groupCentroids,
  groupsOf,
  groupsWithArticle,
  insertAnswered,
  insertGroups,
  insertMembers,
  lockQuestionState,
  saveQuestionState,
  termsOf,
  ticketsToGroup,
  unansweredMembers,
  updateGroup,
  wordsOf,
} from "./questions.queries";
import { detectLanguage, type Lang } from "../search/language";
import { questionTerms, vectorOf } from "./questions.text";
import { articleExists } from "./ticket-articles.service";
import { linkExists } from "./ticket-articles.queries";

// FAQ from real questions: the first message of every ticket joins a group of similar questions in its language
// once (incremental: groups keep their centroids, terms their document counts, the workspace how far it has
// read), and the supervisors' list shows the groups of the period whose tickets no article answers yet.

/** Tickets read per pass; a first pass over more reads the rest the next time. */
const PASS = 200_000;
const EXAMPLES = 20;

interface Doc {
  id: number;
  created_at: number;
  tf: Map<string, number>;
  surface: Map<string, string>;
}

async function groupLanguage(trx: Trx, workspaceId: number, lang: Lang, docs: Doc[], known: number) {
  const df = new Map((await termsOf(trx, workspaceId, lang)).map((t) => [t.term, t.df]));
  // The new questions count in the frequencies before they are weighed: the first pass weighs all of them alike.
  const added = new Map<string, { n: number; word: string }>();
  for (const d of docs)
    for (const t of d.tf.keys()) {
      const a = added.get(t);
      if (a) a.n++;
      else added.set(t, { n: 1, word: d.surface.get(t)! });
    }
  const total = known + docs.length;
  const dfOf = (t: string) => (df.get(t) ?? 0) + (added.get(t)?.n ?? 0);
  const existing = (await groupsOf(trx, workspaceId, lang)).map((g) => ({
    id: Number(g.id),
    size: g.size,
    centroid: JSON.parse(g.centroid) as [string, number][],
  }));
  const grouper = new Grouper(existing);
  const placed: [Doc, Group][] = docs.map((d) => [d, grouper.assign(vectorOf(d.tf, dfOf, total))]);
  const now = Date.now();
  const changed = grouper.changed();
  const fresh = changed.filter((g) => g.id === null);
  const ids = await insertGroups(
    trx,
    fresh.map((g) => ({
      workspace_id: workspaceId,
      language: lang,
      size: g.size,
      centroid: storedCentroid(g.centroid),
      updated_at: now,
    })),
  );
  fresh.forEach((g, i) => (g.id = ids[i]!));
  for (const g of changed)
    if (!fresh.includes(g)) await updateGroup(trx, g.id!, g.size, storedCentroid(g.centroid), now);
  await insertMembers(
    trx,
    placed.map(([d, g]) => ({
      ticket_id: d.id,
      workspace_id: workspaceId,
      group_id: g.id!,
      language: lang,
      created_at: d.created_at,
    })),
  );
  await addTermCounts(
    trx,
    workspaceId,
    lang,
    [...added].map(([term, a]) => ({ term, word: a.word, n: a.n })),
  );
}

/** Groups the tickets created since the last pass (at most `pass` of them); answers how many were read. */
export async function refreshQuestions(
  ctx: Ctx,
  workspaceId: number,
  defaultLang: Lang = "it",
  pass = PASS,
): Promise<number> {
  await ensureQuestionState(ctx, workspaceId);
  return tx(ctx, null, async (uow) => {
    const state = await lockQuestionState(uow.trx, workspaceId, ctx.dialect === "postgres");
    const rows = await ticketsToGroup(uow.trx, workspaceId, Number(state.last_ticket_id), pass);
    if (rows.length === 0) return 0;
    const byLang: Record<Lang, Doc[]> = { it: [], en: [] };
    for (const r of rows) {
      if (r.merged_into_id !== null) continue;
      const text = `${r.subject}\n${r.text ?? ""}`;
      const lang: Lang = r.language === "it" || r.language === "en" ? r.language : detectLanguage(text, defaultLang);
      const { tf, surface } = questionTerms(text, lang);
      if (tf.size > 0) byLang[lang].push({ id: Number(r.id), created_at: Number(r.created_at), tf, surface });
    }
    for (const lang of ["it", "en"] as const)
      if (byLang[lang].length > 0)
        await groupLanguage(uow.trx, workspaceId, lang, byLang[lang], lang === "it" ? state.docs_it : state.docs_en);
    await saveQuestionState(uow.trx, {
      workspace_id: workspaceId,
      last_ticket_id: Number(rows[rows.length - 1]!.id),
      docs_it: state.docs_it + byLang.it.length,
      docs_en: state.docs_en + byLang.en.length,
    });
    return rows.length;
  });
}

/**
 * The groups of the last `days` whose tickets are not answered, largest first: a ticket linked to an article or
 * marked answered leaves its group, and a group one of whose tickets an article answers leaves the list.
 */
export async function unansweredGroups(
  ctx: Ctx,
  actor: AgentActor,
  q: { days: number; lang: Lang; min_size: number },
): Promise<UnansweredGroup[]> {
  await refreshQuestions(ctx, actor.workspaceId);
  const since = Date.now() - q.days * 86_400_000;
  const answered = new Set((await groupsWithArticle(ctx, actor.workspaceId, q.lang)).map((g) => Number(g.group_id)));
  const groups = new Map<number, number[]>();
  for (const m of await unansweredMembers(ctx, actor.workspaceId, q.lang, since)) {
    const id = Number(m.group_id);
    if (answered.has(id)) continue;
    const list = groups.get(id);
    if (list) list.push(m.number);
    else groups.set(id, [m.number]);
  }
  const shown = [...groups]
    .filter(([, numbers]) => numbers.length >= q.min_size)
    .sort((a, b) => b[1].length - a[1].length || b[1][0]! - a[1][0]!);
  const centroids = new Map(
    (
      await groupCentroids(
        ctx,
        shown.map(([id]) => id),
      )
    ).map((g) => [Number(g.id), (JSON.parse(g.centroid) as [string, number][]).slice(0, 6).map(([t]) => t)]),
  );
  const words = new Map(
    (await wordsOf(ctx, actor.workspaceId, q.lang, [...new Set([...centroids.values()].flat())])).map((w) => [
      w.term,
      w.word,
    ]),
  );
  return shown.map(([id, numbers]) => ({
    size: numbers.length,
    terms: (centroids.get(id) ?? []).map((t) => words.get(t) ?? t),
    ticket_numbers: numbers.slice(0, EXAMPLES),
  }));
}

/** Marks a ticket's question answered, by an article (the knowledge base's id) or without one. */
export async function markAnswered(ctx: Ctx, actor: AgentActor, number: number, articleId: number | null) {
  const ticket = await findTicketByNumber(ctx, actor.workspaceId, number);
  if (!ticket) throw notFound("ticket");
  if (articleId !== null) {
    if (!(await articleExists(ctx, actor.workspaceId, articleId))) throw notFound("article");
    // Linking the same article twice keeps the first link (who and when).
    const kept = await linkExists(ctx, ticket.id, articleId);
    if (kept) return { ticket_number: number, article_id: articleId, answered_at: iso(Number(kept.answered_at)) };
  }
  const now = Date.now();
  await insertAnswered(ctx, {
    workspace_id: actor.workspaceId,
    ticket_id: ticket.id,
    article_id: articleId,
    agent_id: actor.agentId,
    answered_at: now,
  });
  return { ticket_number: number, article_id: articleId, answered_at: iso(now) };
}
