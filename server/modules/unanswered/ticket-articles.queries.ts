import { dbOf, type Runner } from "../../db/index";

// Articles and tickets linked as question and answer (ticket_article_links), and what a suggestion needs to
// read: the ticket's first customer message, the customer's language, the articles found. No rules here.

/** The ticket's customer language and the new text of its first public customer message. */
export function questionOf(on: Runner, ticketId: number) {
  return dbOf(on)
    .selectFrom("tickets")
    .leftJoin("customers", "customers.id", "tickets.requester_id")
    .select((eb) => [
      "customers.language",
      "customers.name",
      eb
        .selectFrom("messages as m")
        .select((m) => m.fn.coalesce(m.fn("nullif", ["m.reply_text", m.val("")]), "m.body_text").as("text"))
        .whereRef("m.ticket_id", "=", "tickets.id")
        .where("m.author_type", "=", "customer")
        .where("m.internal", "=", 0)
        .orderBy("m.id")
        .limit(1)
        .as("text"),
    ])
    .where("tickets.id", "=", ticketId)
    .executeTakeFirst();
}

/** Published articles of the workspace among `ids` (internal ones too: agents read them). */
export function publishedArticles(on: Runner, workspaceId: number, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return dbOf(on)
    .selectFrom("kb_articles")
    .select(["id", "title", "language", "slug", "internal", "body_markdown"])
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", ids)
    .where("status", "=", "published")
    .execute();
}

export function findArticle(on: Runner, workspaceId: number, id: number) {
  return dbOf(on)
    .selectFrom("kb_articles")
    .select(["id"])
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The articles linked to a ticket, the first link of each, oldest first. */
export function linkedArticles(on: Runner, workspaceId: number, ticketId: number) {
  return dbOf(on)
    .selectFrom("ticket_article_links as l")
    .innerJoin("kb_articles as a", (j) => j.onRef("a.id", "=", "l.article_id").on("a.workspace_id", "=", workspaceId))
    .leftJoin("agents as g", "g.id", "l.agent_id")
    .select(["a.id", "a.title", "a.language", "a.slug", "l.answered_at", "l.agent_id", "g.name as agent_name"])
    .where("l.workspace_id", "=", workspaceId)
    .where("l.ticket_id", "=", ticketId)
    .orderBy("l.answered_at")
    .orderBy("l.id")
    .execute();
}

export function linkExists(on: Runner, ticketId: number, articleId: number) {
  return dbOf(on)
    .selectFrom("ticket_article_links")
    .select(["id", "answered_at"])
    .where("ticket_id", "=", ticketId)
    .where("article_id", "=", articleId)
    .executeTakeFirst();
}

/** Removes the ticket's links to an article; answers how many there were. */
export async function deleteLinks(on: Runner, workspaceId: number, ticketId: number, articleId: number) {
  const res = await dbOf(on)
    .deleteFrom("ticket_article_links")
    .where("workspace_id", "=", workspaceId)
    .where("ticket_id", "=", ticketId)
    .where("article_id", "=", articleId)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** The tickets linked to an article, the latest link first (one row per ticket). */
export function ticketsOfArticle(on: Runner, workspaceId: number, articleId: number) {
  return dbOf(on)
    .selectFrom("ticket_article_links as l")
    .innerJoin("tickets as t", "t.id", "l.ticket_id")
    .select(["t.number", "t.subject", "t.status", (eb) => eb.fn.max("l.answered_at").as("linked_at")])
    .where("l.workspace_id", "=", workspaceId)
    .where("t.workspace_id", "=", workspaceId)
    .where("l.article_id", "=", articleId)
    .groupBy(["t.id", "t.number", "t.subject", "t.status"])
    .orderBy("linked_at", "desc")
    .limit(200)
    .execute();
}
