import type { z } from "zod";
import type { KbDeflectionRow } from "../../../shared/api/kb";
import type { ZKbDeflectionEvent } from "../../../shared/kb";
import { type Ctx, tx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { badRequest, notFound } from "../../http/errors";
import { agentForMail } from "../notifications/notifications.queries";
import { notifyIn } from "../notifications/notifications.service";
import { publicWorkspace } from "../portal/portal.service";
import {
  articleBySlug,
  deflectionCounts,
  feedbackList,
  insertDeflections,
  insertFeedback,
  publicIds,
} from "./kb.queries";
import { searchArticles } from "./kb.search";

// What the public may do with the help centre: search, say whether an article helped, and (from the portal and
// the web form) record the suggestions shown, opened and what came of them. Only published, non-internal articles.

export async function publicSearch(ctx: Ctx, q: string, lang: "it" | "en" | undefined, limit: number) {
  const ws = await publicWorkspace(ctx);
  return searchArticles(ctx, ws.id, q, { language: lang, publicOnly: true }, limit);
}

/**
 * A reader's comment as one plain line for a notification and an email's subject: no markup, no control or
 * invisible direction characters (a forged line break or a reversed text), spaces collapsed, cut at 140 characters
 * (the whole comment is on the Knowledge page).
 */
export function commentExcerpt(comment: string): string {
  const plain = comment
    .replace(/<[^>]*>/g, " ")
    .replace(/(?!\u200d)[\p{Cc}\p{Cf}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  const chars = [...plain];
  return chars.length > 140 ? `${chars.slice(0, 139).join("").trimEnd()}…` : plain;
}

/**
 * A visitor's answer to "was this helpful?". Its comment (not a bare yes or no) reaches the article's owner: listed
 * by feedbackFor, and one notification each, in the app and as the owner chose (sent once the answer is stored).
 */
export async function giveFeedback(
  ctx: Ctx,
  lang: string,
  slug: string,
  helpful: boolean,
  comment: string | undefined,
  requestId: string,
) {
  const ws = await publicWorkspace(ctx);
  const a = await articleBySlug(ctx, ws.id, lang, slug);
  if (!a || a.status !== "published" || a.internal) throw notFound("article");
  const text = comment?.trim() || null;
  const excerpt = text ? commentExcerpt(text) : "";
  const owner = excerpt ? await agentForMail(ctx, a.owner_id) : null;
  await tx(ctx, requestId, async (uow) => {
    await insertFeedback(uow.trx, {
      workspace_id: ws.id,
      article_id: a.id,
      helpful: helpful ? 1 : 0,
      comment: text,
      created_at: Date.now(),
    });
    if (owner?.active && owner.workspace_id === ws.id)
      await notifyIn(ctx, uow, {
        workspaceId: ws.id,
        agentId: owner.id,
        kind: "kb_feedback",
        payload: { article_id: a.id, title: a.title, helpful, excerpt },
      });
  });
  return a;
}

/** The answers about the actor's own articles (or one article's, for whoever may read it). */
export const feedbackFor = (ctx: Ctx, actor: AgentActor, articleId: number | undefined) =>
  feedbackList(ctx, actor.workspaceId, articleId ? { articleId } : { ownerId: actor.agentId });

export async function recordDeflection(ctx: Ctx, event: z.output<typeof ZKbDeflectionEvent>, requestId: string) {
  const ws = await publicWorkspace(ctx);
  const ids = await publicIds(ctx, ws.id, [...new Set(event.article_ids)]);
  if (!ids.length) return;
  const now = Date.now();
  await tx(ctx, requestId, ({ trx }) =>
    insertDeflections(
      trx,
      ids.map((article_id) => ({
        workspace_id: ws.id,
        article_id,
        kind: event.kind as "shown",
        visit: event.visit,
        created_at: now,
      })),
    ),
  );
}

export async function deflectionReport(ctx: Ctx, actor: AgentActor, from: string, to: string) {
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (!(end > start)) throw badRequest("invalid_period", "to must be after from");
  const rows = await deflectionCounts(ctx, actor.workspaceId, start, end);
  const by = new Map<number, KbDeflectionRow>();
  for (const r of rows) {
    const row = by.get(r.article_id) ?? {
      article_id: r.article_id,
      title: r.title,
      language: r.language,
      shown: 0,
      opened: 0,
      deflected: 0,
      submitted: 0,
    };
    row[r.kind] += Number(r.n);
    by.set(r.article_id, row);
  }
  return [...by.values()].sort((a, b) => b.deflected - a.deflected || b.shown - a.shown || a.article_id - b.article_id);
}
