import { z } from "zod";
import {
  ZFollowUp,
  ZFollowUpList,
  ZNpsReport,
  ZNpsSchedule,
  ZNpsScheduleList,
  ZNpsSendResult,
  ZOk,
  ZSatisfactionReport,
  ZSurveySettings,
  ZSurveyAnswerList,
  ZSurveyAnswerResult,
} from "../../../shared/api/index";
import {
  ZFollowUpQuery,
  ZNpsQuery,
  ZNpsScheduleInput,
  ZNpsSendBody,
  ZSatisfactionQuery,
  ZSurveyAnswerBody,
  ZSurveyListQuery,
  ZSurveySettingsBody,
} from "../../../shared/surveys";
import { ZIdParam } from "../../../shared/schemas";
import { ApiError } from "../../http/errors";
import { route } from "../../http/route";
import { sendNps } from "./nps";
import { createSchedule, removeSchedule, schedules } from "./nps-schedules";
import { pageLanguage, surveyErrorPage, surveyPage } from "./page";
import { npsCsv, npsReport, satisfactionCsv, satisfactionReport } from "./reports";
import {
  answerSurvey,
  completeFollowUp,
  followUps,
  getSettings,
  putSettings,
  surveyOfToken,
  surveysFor,
} from "./surveys.service";

const ZToken = z.object({ token: z.string().max(100) });
const ZPageQuery = z.object({ score: z.coerce.number().int().min(0).max(10).optional(), lang: z.string().optional() });

/** The survey's page, or the page saying why there is none (a 404 or 410 in the page's language). */
async function pageFor(
  args: { ctx: Parameters<typeof surveyOfToken>[0]; reply: import("fastify").FastifyReply; token: string },
  lang: { query?: string; accept?: string },
  act: () => Promise<{ html: string }>,
) {
  try {
    const { html } = await act();
    return args.reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(html);
  } catch (err) {
    if (!(err instanceof ApiError) || (err.status !== 404 && err.status !== 410)) throw err;
    return args.reply
      .status(err.status)
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(surveyErrorPage(pageLanguage(lang.query, lang.accept), err.status === 410 ? "expired" : "invalid"));
  }
}

/** A form's fields (application/x-www-form-urlencoded), which reach us as the raw body. */
const formFields = (body: unknown) =>
  new URLSearchParams(Buffer.isBuffer(body) ? body.toString("utf8") : typeof body === "string" ? body : "");

export const surveyRoutes = [
  route({
    method: "GET",
    url: "/api/v1/surveys/settings",
    access: "agent",
    policy: "survey.read",
    tag: "surveys",
    summary: "Satisfaction (CSAT) and loyalty (NPS) survey settings",
    response: ZSurveySettings,
    handler: async ({ ctx, actor }) => getSettings(ctx, actor),
  }),
  route({
    method: "PUT",
    url: "/api/v1/surveys/settings",
    access: "agent",
    policy: "survey.manage",
    tag: "surveys",
    summary:
      "Change the survey settings (admins): CSAT scale, delay, every solve or the first, quiet days, link expiry; NPS interval",
    body: ZSurveySettingsBody,
    response: ZSurveySettings,
    handler: async ({ ctx, actor, body }) => putSettings(ctx, actor, body),
  }),
  route({
    method: "GET",
    url: "/api/v1/surveys",
    access: "agent",
    policy: "survey.read",
    tag: "surveys",
    summary: "Answered surveys, newest first (100 at most), of a customer, an organization, a ticket or an agent",
    query: ZSurveyListQuery,
    response: ZSurveyAnswerList,
    handler: async ({ ctx, actor, query }) => ({ data: await surveysFor(ctx, actor, query) }),
  }),
  route({
    method: "POST",
    url: "/api/v1/surveys/nps/send",
    access: "agent",
    policy: "survey.send",
    tag: "surveys",
    summary:
      "Send the NPS survey to these customers or to an organization's people, skipping anyone surveyed within interval_days; the emails leave through the outbox at the relay's pace",
    body: ZNpsSendBody,
    response: ZNpsSendResult,
    handler: async ({ ctx, actor, body }) => sendNps(ctx, actor.workspaceId, body),
  }),
  route({
    method: "GET",
    url: "/api/v1/surveys/nps/schedules",
    access: "agent",
    policy: "survey.send",
    tag: "surveys",
    summary: "NPS on a schedule: whom each schedule surveys (an organization, a plan, or everyone) and when next",
    response: ZNpsScheduleList,
    handler: async ({ ctx, actor }) => ({ data: await schedules(ctx, actor) }),
  }),
  route({
    method: "POST",
    url: "/api/v1/surveys/nps/schedules",
    access: "agent",
    policy: "survey.send",
    tag: "surveys",
    status: 201,
    summary:
      "Survey an organization, a plan's organizations, or (neither given) every customer every N days (default 90); the first round goes at first_run_at, else now, and nobody is asked twice within interval_days",
    body: ZNpsScheduleInput,
    response: ZNpsSchedule,
    handler: async ({ ctx, actor, body }) => createSchedule(ctx, actor, body),
  }),
  route({
    method: "DELETE",
    url: "/api/v1/surveys/nps/schedules/:id",
    access: "agent",
    policy: "survey.send",
    tag: "surveys",
    summary: "Stop an NPS schedule (the surveys it sent stay)",
    params: ZIdParam,
    response: ZOk,
    handler: async ({ ctx, actor, params }) => {
      await removeSchedule(ctx, actor, params.id);
      return { ok: true as const };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/reports/satisfaction",
    access: "agent",
    policy: "report.read",
    tag: "reports",
    summary:
      "CSAT for surveys sent in [from, to) (whole UTC days): sent, answered, response rate and CSAT (share of good answers) with their counts, overall and per agent, team, plan, channel or organization; format=csv for a spreadsheet",
    query: ZSatisfactionQuery,
    response: ZSatisfactionReport,
    handler: async ({ ctx, actor, query, reply }) => {
      const report = await satisfactionReport(ctx, actor.workspaceId, query);
      if (query.format !== "csv") return report;
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header(
          "content-disposition",
          `attachment; filename="satisfaction-${query.from.slice(0, 10)}-${query.to.slice(0, 10)}.csv"`,
        )
        .send(satisfactionCsv(report));
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/reports/nps",
    access: "agent",
    policy: "report.read",
    tag: "reports",
    summary:
      "NPS for surveys sent in [from, to) (whole UTC days): promoters, passives, detractors and the score (promoters % − detractors %), overall, per plan, organization, account owner or month, and the monthly trend; format=csv",
    query: ZNpsQuery,
    response: ZNpsReport,
    handler: async ({ ctx, actor, query, reply }) => {
      const report = await npsReport(ctx, actor.workspaceId, query);
      if (query.format !== "csv") return report;
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header(
          "content-disposition",
          `attachment; filename="nps-${query.from.slice(0, 10)}-${query.to.slice(0, 10)}.csv"`,
        )
        .send(npsCsv(report));
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/follow-ups",
    access: "agent",
    policy: "follow_up.manage",
    tag: "surveys",
    summary:
      'Follow-ups opened by bad ratings and detractors ("recover this customer"), soonest due first; mine=true for your own',
    query: ZFollowUpQuery,
    response: ZFollowUpList,
    handler: async ({ ctx, actor, query }) => ({ data: await followUps(ctx, actor, query) }),
  }),
  route({
    method: "POST",
    url: "/api/v1/follow-ups/:id/done",
    access: "agent",
    policy: "follow_up.manage",
    tag: "surveys",
    summary: "Mark a follow-up done",
    params: ZIdParam,
    response: ZFollowUp,
    handler: async ({ ctx, actor, params }) => completeFollowUp(ctx, actor, params.id),
  }),
  route({
    method: "POST",
    url: "/api/v1/public/surveys/:token",
    access: "public",
    policy: null,
    rateLimit: "public",
    tag: "surveys",
    summary:
      "A customer's answer to a survey (score, optional comment; resolved for CSAT's second question); it may change until the link expires",
    params: ZToken,
    body: ZSurveyAnswerBody,
    response: ZSurveyAnswerResult,
    handler: async ({ ctx, req, params, body }) => {
      const s = await answerSurvey(ctx, params.token, body, req.id);
      return { score: s.score!, comment: s.comment };
    },
  }),
];

/** The page behind the emails' links: HTML, not part of the API (mounted beside it, not in its document). */
export const surveyPageRoutes = [
  route({
    method: "GET",
    url: "/s/:token",
    access: "public",
    policy: null,
    rateLimit: "public",
    tag: "surveys",
    summary: "The survey page (HTML): records the score the link carries at once, then offers a comment",
    params: ZToken,
    query: ZPageQuery,
    handler: async ({ ctx, req, reply, params, query }) =>
      pageFor(
        { ctx, reply, token: params.token },
        { query: query.lang, accept: req.headers["accept-language"] },
        async () => {
          const s = await surveyOfToken(ctx, params.token);
          if (query.score === undefined) return { html: surveyPage(s, params.token, null) };
          try {
            const saved = await answerSurvey(ctx, params.token, { score: query.score }, req.id);
            return { html: surveyPage(saved, params.token, "recorded") };
          } catch (err) {
            if (err instanceof ApiError && err.code === "invalid_score")
              return { html: surveyPage(s, params.token, "bad_score") };
            throw err;
          }
        },
      ),
  }),
  route({
    method: "POST",
    url: "/s/:token",
    access: "public",
    policy: null,
    rateLimit: "public",
    tag: "surveys",
    summary: "The survey page's form (HTML): the score, the comment and the second question",
    params: ZToken,
    handler: async ({ ctx, req, reply, params }) =>
      pageFor({ ctx, reply, token: params.token }, { accept: req.headers["accept-language"] }, async () => {
        const f = formFields(req.body);
        const s = await surveyOfToken(ctx, params.token);
        const score = Number(f.get("score"));
        const resolved = f.get("resolved");
        try {
          const saved = await answerSurvey(
            ctx,
            params.token,
            {
              score,
              comment: (f.get("comment") ?? "").slice(0, 4000),
              ...(resolved === "yes" || resolved === "no" ? { resolved: resolved === "yes" } : {}),
            },
            req.id,
          );
          return { html: surveyPage(saved, params.token, "done") };
        } catch (err) {
          if (err instanceof ApiError && err.code === "invalid_score")
            return { html: surveyPage(s, params.token, "bad_score") };
          throw err;
        }
      }),
  }),
];
