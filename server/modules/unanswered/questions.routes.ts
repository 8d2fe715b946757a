import { ZAnsweredInput, ZUnansweredQuery } from "../../../shared/answers";
import { ZAnswered, ZUnansweredGroups } from "../../../shared/api/answers";
import { ZNumberParam } from "../../../shared/schemas";
import { route } from "../../http/route";
import { markAnswered, unansweredGroups } from "./questions.service";

// FAQ from real questions (questions.service.ts): the groups supervisors read, and answered tickets.
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
];
