import type { FollowUp, SurveyAnswer, SurveySettings } from "../../../shared/api/surveys";
import { type Ctx, tx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { ApiError, notFound } from "../../http/errors";
import { countRows } from "./counts";
import { presentFollowUp, presentSurvey } from "./surveys.presenter";
import { bucketOf, isBad, ratingOf, validScore } from "./rating";
import { readSettings, writeSettings } from "./settings";
import {
  addCounts,
  insertTicketEvent,
  listSurveys,
  saveAnswer,
  surveyById,
  surveyForUpdate,
  ticketIdByNumber,
  ticketNumberOf,
} from "./surveys.queries";
import { verifySurveyToken } from "./token";
import {
  finishFollowUp,
  firstAdmin,
  followUpById,
  followUpAfterChange,
  insertFollowUp,
  listFollowUps,
  teamLead,
} from "./follow-ups.queries";

// Survey use cases: settings, a customer's answer (counters, timeline, follow-up and the survey.answered event in
// one transaction), and what agents read.

export const getSettings = (ctx: Ctx, actor: AgentActor) => readSettings(ctx, actor.workspaceId);
export const putSettings = (ctx: Ctx, actor: AgentActor, s: SurveySettings) => writeSettings(ctx, actor.workspaceId, s);

/** How long the team lead (CSAT) or the account owner (NPS) has to call the customer back. */
const FOLLOW_UP_DUE_MS = { csat: 24 * 3600_000, nps: 3 * 24 * 3600_000 };

/** The survey a token names, if the token is genuine and unexpired and the survey exists; else a 404 or a 410. */
export async function surveyOfToken(ctx: Ctx, token: string) {
  const check = verifySurveyToken(ctx.secrets, token);
  if (!check.ok)
    throw check.reason === "expired"
      ? new ApiError(410, "survey_expired", "This survey link has expired")
      : new ApiError(404, "survey_not_found", "This survey link is not valid");
  const survey = await surveyById(ctx, check.surveyId);
  if (!survey) throw new ApiError(404, "survey_not_found", "This survey link is not valid");
  if (survey.expires_at <= Date.now()) throw new ApiError(410, "survey_expired", "This survey link has expired");
  return survey;
}

/**
 * Records a customer's answer; it may change until the link expires. A bad rating (or a detractor) opens one
 * follow-up for the team lead (or the account owner), and reopens nothing.
 */
export async function answerSurvey(
  ctx: Ctx,
  token: string,
  input: { score: number; comment?: string; resolved?: boolean },
  requestId: string | null = null,
) {
  const found = await surveyOfToken(ctx, token);
  if (!validScore(found.scale, input.score))
    throw new ApiError(400, "invalid_score", "This score is not one the survey offers");
  return tx(ctx, requestId, async (uow) => {
    const trx = uow.trx;
    const s = (await surveyForUpdate(trx, found.id, ctx.dialect))!;
    const now = Date.now();
    const comment = input.comment !== undefined ? input.comment.trim() || null : s.comment;
    const resolved = input.resolved !== undefined ? (input.resolved ? 1 : 0) : s.resolved;
    const unchanged = s.score === input.score && s.comment === comment && s.resolved === resolved;
    if (unchanged) return s;
    await saveAnswer(trx, s.id, { score: input.score, comment, resolved, answered_at: now });
    const next = bucketOf(s.scale, input.score);
    const prev = s.score === null ? { good: 0, bad: 0 } : bucketOf(s.scale, s.score);
    const delta = {
      sent: 0,
      answered: s.score === null ? 1 : 0,
      good: next.good - prev.good,
      bad: next.bad - prev.bad,
    };
    if (delta.answered || delta.good || delta.bad) await addCounts(trx, countRows(s.workspace_id, [{ ...s, delta }]));
    const rating = ratingOf(s.scale, input.score);
    if (s.ticket_id)
      await insertTicketEvent(trx, {
        workspace_id: s.workspace_id,
        ticket_id: s.ticket_id,
        customer_id: s.customer_id,
        data: { kind: s.kind, scale: s.scale, score: input.score, rating, comment, changed: s.score !== null },
        created_at: now,
      });
    if (isBad(s.scale, input.score)) {
      // CSAT: the lead of the ticket's team; NPS: the account owner; else an admin.
      const lead = s.kind === "csat" ? (s.team_id ? await teamLead(trx, s.team_id) : null) : s.owner_id;
      await insertFollowUp(trx, {
        workspace_id: s.workspace_id,
        kind: s.kind === "csat" ? "csat_recovery" : "nps_detractor",
        survey_id: s.id,
        ticket_id: s.ticket_id,
        customer_id: s.customer_id,
        assignee_id: lead ?? (await firstAdmin(trx, s.workspace_id)),
        due_at: now + FOLLOW_UP_DUE_MS[s.kind],
        status: "open",
        created_at: now,
        done_at: null,
        done_by: null,
      });
    }
    if (s.score !== null) await followUpAfterChange(trx, s.id, isBad(s.scale, input.score), now);
    await uow.emit(s.workspace_id, "survey.answered", {
      survey_id: s.id,
      kind: s.kind,
      ticket_id: s.ticket_id,
      ticket_number: s.ticket_id ? await ticketNumberOf(trx, s.ticket_id) : null,
      customer_id: s.customer_id,
      agent_id: s.agent_id,
      score: input.score,
      scale: s.scale,
      rating,
      comment,
      changed: s.score !== null,
    });
    return { ...s, score: input.score, comment, resolved, answered_at: now };
  });
}

export async function surveysFor(
  ctx: Ctx,
  actor: AgentActor,
  q: {
    customer_id?: number;
    organization_id?: number;
    ticket_number?: number;
    agent_id?: number;
    kind?: "csat" | "nps";
  },
): Promise<SurveyAnswer[]> {
  let ticketId: number | undefined;
  if (q.ticket_number) {
    const id = await ticketIdByNumber(ctx, actor.workspaceId, q.ticket_number);
    if (!id) throw notFound("Ticket");
    ticketId = id;
  }
  const rows = await listSurveys(ctx, actor.workspaceId, {
    customerId: q.customer_id,
    organizationId: q.organization_id,
    ticketId,
    agentId: q.agent_id,
    kind: q.kind,
    answeredOnly: true,
  });
  return rows.map(presentSurvey);
}

export async function followUps(ctx: Ctx, actor: AgentActor, q: { status: "open" | "done"; mine?: boolean }) {
  const rows = await listFollowUps(ctx, actor.workspaceId, q.status, q.mine ? actor.agentId : null);
  return rows.map(presentFollowUp);
}

export async function completeFollowUp(ctx: Ctx, actor: AgentActor, id: number): Promise<FollowUp> {
  if (!(await followUpById(ctx, actor.workspaceId, id))) throw notFound("Follow-up");
  await finishFollowUp(ctx, actor.workspaceId, id, actor.agentId, Date.now());
  return presentFollowUp((await followUpById(ctx, actor.workspaceId, id))!);
}
