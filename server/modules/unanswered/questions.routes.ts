import { ZAnsweredInput, ZTicketArticleParams, ZUnansweredQuery } from "../../../shared/answers";
import { ZAnswered, ZArticleTicketList, ZTicketArticles, ZUnansweredGroups } from "../../../shared/api/answers";
import { ZOk } from "../../../shared/api/common";
import { ZIdParam, ZNumberParam } from "../../../shared/schemas";
import { route } from "../../http/route";
import { markAnswered, unansweredGroups } from "./questions.service";
import { articleTickets, ticketArticles, unlinkArticle } from "./ticket-articles.service";

// FAQ from real questions (questions.service.ts): the groups supervisors read, and answered tickets; the
// articles beside a ticket (ticket-articles.service.ts).
export const questionRoutes = [
  route({
    method: "GET",
    url: "/api/v1/kb/unanswered",
    access: "agent",
    policy: "question.review",
    tag: "knowledge",
    summary: "Groups of similar first messages of the last `days` in `lang` that no article answers, largest first",
    query: ZUnansweredQuery,
    response: ZUnansweredGroups,
    handler: async ({ ctx, actor, query }) => unansweredGroups(ctx, actor, query),
  }),
  route({
    method: "POST",
    url: "/api/v1/tickets/:number/answered",
    access: "agent",
    policy: "ticket.update",
    tag: "knowledge",
    summary: "Mark the ticket's question answered, by an article (article_id) or without one",
    params: ZNumberParam,
    body: ZAnsweredInput,
    status: 201,
    response: ZAnswered,
    handler: async ({ ctx, actor, params, body }) => markAnswered(ctx, actor, params.number, body.article_id),
  }),
  route({
    method: "GET",
    url: "/api/v1/tickets/:number/articles",
    access: "agent",
    policy: "ticket.read",
    tag: "knowledge",
    summary:
      "Articles the knowledge base's search finds for the ticket's question (at most 5, the customer's language first, internal ones marked) and the articles linked to it",
    params: ZNumberParam,
    response: ZTicketArticles,
    handler: async ({ ctx, actor, params }) => ticketArticles(ctx, actor, params.number),
  }),
  route({
    method: "DELETE",
    url: "/api/v1/tickets/:number/articles/:article_id",
    access: "agent",
    policy: "ticket.update",
    tag: "knowledge",
    summary: "Unlink an article from the ticket",
    params: ZTicketArticleParams,
    response: ZOk,
    handler: async ({ ctx, actor, params }) => unlinkArticle(ctx, actor, params.number, params.article_id),
  }),
  route({
    method: "GET",
    url: "/api/v1/kb/articles/:id/tickets",
    access: "agent",
    policy: "kb.read",
    tag: "knowledge",
    summary: "The tickets linked to an article as answered by it, the latest linked first",
    params: ZIdParam,
    response: ZArticleTicketList,
    handler: async ({ ctx, actor, params }) => articleTickets(ctx, actor, params.id),
  }),
];
