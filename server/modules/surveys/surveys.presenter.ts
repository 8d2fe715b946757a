import type { FollowUp, SurveyAnswer } from "../../../shared/api/surveys";
import { iso } from "../../lib/cursor";
import { ratingOf } from "./rating";
import type { listFollowUps } from "./follow-ups.queries";
import type { listSurveys } from "./surveys.queries";

type SurveyListRow = Awaited<ReturnType<typeof listSurveys>>[number];
type FollowUpRow = Awaited<ReturnType<typeof listFollowUps>>[number];

export const presentSurvey = (r: SurveyListRow): SurveyAnswer => ({
  id: Number(r.id),
  kind: r.kind,
  scale: r.scale,
  score: r.score,
  rating: r.score === null ? null : ratingOf(r.scale, r.score),
  comment: r.comment,
  resolved: r.resolved === null ? null : r.resolved === 1,
  ticket_number: r.ticket_number ?? null,
  customer: { id: Number(r.customer_id), name: r.customer_name, email: r.customer_email },
  agent: r.agent_id && r.agent_name ? { id: Number(r.agent_id), name: r.agent_name } : null,
  sent_at: iso(r.sent_at),
  answered_at: r.answered_at === null ? null : iso(r.answered_at),
});

export const presentFollowUp = (r: FollowUpRow): FollowUp => ({
  id: Number(r.id),
  kind: r.kind,
  status: r.status,
  due_at: iso(r.due_at),
  created_at: iso(r.created_at),
  assignee: r.assignee_id && r.assignee_name ? { id: Number(r.assignee_id), name: r.assignee_name } : null,
  customer: { id: Number(r.customer_id), name: r.customer_name, email: r.customer_email },
  ticket_number: r.ticket_number ?? null,
  score: r.score,
  scale: r.scale,
  comment: r.comment,
});
