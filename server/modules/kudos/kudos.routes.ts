import { z } from "zod";
import { ZOk } from "../../../shared/api/common";
import { ZKudos, ZKudosList, ZKudosUnread, ZTestimonialList } from "../../../shared/api/listening";
import { ZConsentToken, ZCreateKudos, ZKudosListQuery, ZTestimonialQuery } from "../../../shared/listening";
import { ZIdParam } from "../../../shared/schemas";
import { route } from "../../http/route";
import { answerConsentPage, consentPage, requestConsent, testimonials, testimonialsCsv } from "./consent";
import { createKudos, listKudos, readKudos, unreadKudos } from "./kudos.service";

// Praise, testimonials and the customer's no-login consent page (kudos.service.ts, consent.ts).

export const kudosRoutes = [
  route({
    method: "GET",
    url: "/api/v1/kudos",
    access: "agent",
    policy: "kudos.read",
    tag: "kudos",
    summary: "The praise wall, newest first (mine=true: only what reached you; days: how far back, 30 by default)",
    query: ZKudosListQuery,
    response: ZKudosList,
    handler: async ({ ctx, actor, query }) => listKudos(ctx, actor, query),
  }),
  route({
    method: "POST",
    url: "/api/v1/kudos",
    access: "agent",
    policy: "kudos.create",
    tag: "kudos",
    status: 201,
    summary: "Mark a customer message (the ticket's latest when none is named) as praise for the ticket's agents",
    body: ZCreateKudos,
    response: ZKudos,
    handler: async ({ ctx, actor, body }) => createKudos(ctx, actor, body),
  }),
  route({
    method: "GET",
    url: "/api/v1/kudos/unread",
    access: "agent",
    policy: "kudos.read",
    tag: "kudos",
    summary: "How many kudos reached you that you have not seen",
    response: ZKudosUnread,
    handler: async ({ ctx, actor }) => unreadKudos(ctx, actor),
  }),
  route({
    method: "POST",
    url: "/api/v1/kudos/read",
    access: "agent",
    policy: "kudos.read",
    tag: "kudos",
    summary: "Mark every kudos that reached you as seen",
    response: ZKudosUnread,
    handler: async ({ ctx, actor }) => readKudos(ctx, actor),
  }),
  route({
    method: "POST",
    url: "/api/v1/kudos/:id/consent-request",
    access: "agent",
    policy: "kudos.create",
    tag: "kudos",
    summary: "Ask the customer, in their language, whether their words may be published as a testimonial",
    params: ZIdParam,
    response: ZOk,
    handler: async ({ ctx, actor, params }) => requestConsent(ctx, actor, params.id),
  }),
  route({
    method: "GET",
    url: "/api/v1/testimonials",
    access: "agent",
    policy: "testimonial.read",
    tag: "kudos",
    summary: "Testimonials the customers agreed to publish, only those (format=csv for a file)",
    query: ZTestimonialQuery,
    response: ZTestimonialList,
    handler: async ({ ctx, actor, query, reply }) => {
      const data = await testimonials(ctx, actor);
      if (query.format === "csv")
        return reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", 'attachment; filename="testimonials.csv"')
          .send(testimonialsCsv(data));
      return { data };
    },
  }),
];

/**
 * The customer's consent page: HTML outside /api (no JSON contract), mounted beside the API by app.ts, like the
 * API's own documentation page.
 */
export const consentPageRoutes = [
  route({
    method: "GET",
    url: "/consent/:token",
    access: "public",
    policy: null,
    rateLimit: "public",
    tag: "kudos",
    summary: "The customer's consent page (no login): the exact text and two buttons",
    params: ZConsentToken,
    handler: async ({ ctx, params, reply }) =>
      reply.type("text/html; charset=utf-8").send(await consentPage(ctx, params.token)),
  }),
  route({
    method: "POST",
    url: "/consent/:token",
    access: "public",
    policy: null,
    rateLimit: "public",
    tag: "kudos",
    summary: "The customer's answer (form field answer=agree|refuse), recorded once with its time",
    params: ZConsentToken,
    handler: async ({ ctx, params, req, reply }) => {
      const raw = Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "";
      const answer = z.string().max(20).safeParse(new URLSearchParams(raw).get("answer"));
      const html = await answerConsentPage(ctx, params.token, answer.success ? answer.data : null);
      return reply.type("text/html; charset=utf-8").send(html);
    },
  }),
];
