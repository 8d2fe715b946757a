import { z } from "zod";
import {
  PROBLEM_STATUSES,
  ZProblemDetail,
  ZProblemList,
  ZProblemNotified,
  ZProblemSuggestions,
} from "../../../shared/api/listening";
import { ZCreateProblem, ZNotifyProblem, ZProblemTickets, ZUpdateProblem } from "../../../shared/listening";
import { ZIdParam } from "../../../shared/schemas";
import { route } from "../../http/route";
import { notifyProblem } from "./problems.notify";
import { addTickets, changeProblem, createProblem, listProblems, problemDetail } from "./problems.service";
import { suggestProblems } from "./problems.suggest";

// Problems that reach product and IT (problems.service.ts).

export const problemRoutes = [
  route({
    method: "GET",
    url: "/api/v1/problems",
    access: "agent",
    policy: "problem.read",
    tag: "problems",
    summary: "Problems, newest first, with the customers, organizations and annual revenue affected",
    query: z.object({ status: z.enum(PROBLEM_STATUSES).optional() }),
    response: ZProblemList,
    handler: async ({ ctx, actor, query }) => ({ data: await listProblems(ctx, actor, query.status) }),
  }),
  route({
    method: "POST",
    url: "/api/v1/problems",
    access: "agent",
    policy: "problem.write",
    tag: "problems",
    status: 201,
    summary: "Create a problem, optionally with its first tickets and the tracker item",
    body: ZCreateProblem,
    response: ZProblemDetail,
    handler: async ({ ctx, actor, body }) => createProblem(ctx, actor, body),
  }),
  route({
    method: "GET",
    url: "/api/v1/problems/suggestions",
    access: "agent",
    policy: "problem.read",
    tag: "problems",
    summary: "Groups of recent tickets with the same tags and similar words, not yet in a problem",
    response: ZProblemSuggestions,
    handler: async ({ ctx, actor }) => ({ data: await suggestProblems(ctx, actor) }),
  }),
  route({
    method: "GET",
    url: "/api/v1/problems/:id",
    access: "agent",
    policy: "problem.read",
    tag: "problems",
    summary:
      "A problem with its tickets, the reach (customers_affected, organizations_affected, revenue_affected) and its timeline",
    params: ZIdParam,
    response: ZProblemDetail,
    handler: async ({ ctx, actor, params }) => problemDetail(ctx, actor, params.id),
  }),
  route({
    method: "PATCH",
    url: "/api/v1/problems/:id",
    access: "agent",
    policy: "problem.write",
    tag: "problems",
    summary: "Change a problem's title, description, status or tracker link and status",
    params: ZIdParam,
    body: ZUpdateProblem,
    response: ZProblemDetail,
    handler: async ({ ctx, actor, params, body }) => changeProblem(ctx, actor, params.id, body),
  }),
  route({
    method: "POST",
    url: "/api/v1/problems/:id/tickets",
    access: "agent",
    policy: "problem.write",
    tag: "problems",
    summary: "Add tickets to a problem by number (all or nothing: an unknown number is 400 unknown_tickets)",
    params: ZIdParam,
    body: ZProblemTickets,
    response: ZProblemDetail,
    handler: async ({ ctx, actor, params, body }) => addTickets(ctx, actor, params.id, body.ticket_numbers),
  }),
  route({
    method: "POST",
    url: "/api/v1/problems/:id/notify",
    access: "agent",
    policy: "problem.notify",
    tag: "problems",
    summary:
      "Tell every affected customer, in their language, that the problem is fixed (solve: solve their tickets too)",
    params: ZIdParam,
    body: ZNotifyProblem,
    response: ZProblemNotified,
    handler: async ({ ctx, actor, params, body, req }) => notifyProblem(ctx, actor, params.id, body, req.id),
  }),
];
