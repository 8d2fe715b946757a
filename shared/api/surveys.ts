import { z } from "zod";
import { ZDateTime, ZId, ZList, ZNamed, ZTicketNumber } from "./common";

// Satisfaction (CSAT) and loyalty (NPS) surveys: settings, what the customer answered, the reports and the
// follow-up tasks a bad answer opens.

export const ZSurveySettings = z.strictObject({
  csat: z.strictObject({
    enabled: z.boolean(),
    /** 2: good / bad; 5: 1 to 5. */
    scale: z.union([z.literal(2), z.literal(5)]),
    delay_minutes: z
      .number()
      .int()
      .min(0)
      .max(60 * 24 * 14),
    /** false: only the first solve of a ticket is surveyed. */
    every_solve: z.boolean(),
    /** No survey to a customer surveyed in the last quiet_days. */
    quiet_days: z.number().int().min(0).max(365),
    expires_days: z.number().int().min(1).max(90),
  }),
  nps: z.strictObject({
    enabled: z.boolean(),
    /** No person receives an NPS survey more than once in this many days. */
    interval_days: z.number().int().min(1).max(730),
  }),
});
export type SurveySettings = z.infer<typeof ZSurveySettings>;

/** An answered (or sent) survey as agents see it. */
export const ZSurveyAnswer = z.strictObject({
  id: ZId,
  kind: z.enum(["csat", "nps"]),
  scale: z.number().int(),
  score: z.number().int().nullable(),
  /** good, neutral or bad (CSAT); promoter, passive or detractor (NPS); null until answered. */
  rating: z.enum(["good", "neutral", "bad", "promoter", "passive", "detractor"]).nullable(),
  comment: z.string().nullable(),
  resolved: z.boolean().nullable(),
  ticket_number: ZTicketNumber.nullable(),
  customer: z.strictObject({ id: ZId, name: z.string().nullable(), email: z.string() }),
  agent: z.strictObject({ id: ZId, name: z.string() }).nullable(),
  sent_at: ZDateTime,
  answered_at: ZDateTime.nullable(),
});
export type SurveyAnswer = z.infer<typeof ZSurveyAnswer>;

/** One group of the satisfaction report, with the counts behind each share. */
export const ZSatisfactionRow = z.strictObject({
  key: z.string(),
  label: z.string(),
  sent: z.number().int().nonnegative(),
  answered: z.number().int().nonnegative(),
  good: z.number().int().nonnegative(),
  neutral: z.number().int().nonnegative(),
  bad: z.number().int().nonnegative(),
  /** answered / sent, in % (one decimal); null when nothing was sent. */
  response_rate: z.number().nullable(),
  /** good / answered, in % (one decimal); null when nothing was answered. */
  csat: z.number().nullable(),
});
export type SatisfactionRow = z.infer<typeof ZSatisfactionRow>;

export const ZSatisfactionReport = z.strictObject({
  from: ZDateTime,
  to: ZDateTime,
  group_by: z.string(),
  sent: z.number().int().nonnegative(),
  answered: z.number().int().nonnegative(),
  good: z.number().int().nonnegative(),
  neutral: z.number().int().nonnegative(),
  bad: z.number().int().nonnegative(),
  response_rate: z.number().nullable(),
  csat: z.number().nullable(),
  rows: z.array(ZSatisfactionRow),
});
export type SatisfactionReport = z.infer<typeof ZSatisfactionReport>;

export const ZNpsRow = z.strictObject({
  key: z.string(),
  label: z.string(),
  sent: z.number().int().nonnegative(),
  answered: z.number().int().nonnegative(),
  promoters: z.number().int().nonnegative(),
  passives: z.number().int().nonnegative(),
  detractors: z.number().int().nonnegative(),
  /** promoters % − detractors %, rounded to a whole number; null when nothing was answered. */
  score: z.number().nullable(),
});
export type NpsRow = z.infer<typeof ZNpsRow>;

export const ZNpsReport = z.strictObject({
  from: ZDateTime,
  to: ZDateTime,
  group_by: z.string(),
  ...ZNpsRow.omit({ key: true, label: true }).shape,
  rows: z.array(ZNpsRow),
  /** The same figures month by month (UTC months of sending). */
  trend: z.array(ZNpsRow),
});
export type NpsReport = z.infer<typeof ZNpsReport>;

export const ZNpsSendResult = z.strictObject({
  queued: z.number().int().nonnegative(),
  /** Asked for but not sent: surveyed within the interval, no address, or bouncing. */
  skipped: z.number().int().nonnegative(),
});
export type NpsSendResult = z.infer<typeof ZNpsSendResult>;

export const ZFollowUp = z.strictObject({
  id: ZId,
  kind: z.enum(["csat_recovery", "nps_detractor"]),
  status: z.enum(["open", "done"]),
  due_at: ZDateTime,
  created_at: ZDateTime,
  assignee: z.strictObject({ id: ZId, name: z.string() }).nullable(),
  customer: z.strictObject({ id: ZId, name: z.string().nullable(), email: z.string() }),
  ticket_number: ZTicketNumber.nullable(),
  score: z.number().int().nullable(),
  scale: z.number().int(),
  comment: z.string().nullable(),
});
export type FollowUp = z.infer<typeof ZFollowUp>;

/** What a customer's answer recorded. */
export const ZSurveyAnswerResult = z.strictObject({ score: z.number().int(), comment: z.string().nullable() });
export type SurveyAnswerResult = z.infer<typeof ZSurveyAnswerResult>;

export const ZSurveyAnswerList = ZList(ZSurveyAnswer);
export const ZFollowUpList = ZList(ZFollowUp);

/** An NPS schedule: whom (an organization, a plan's organizations, or everyone) and how often. */
export const ZNpsSchedule = z.strictObject({
  id: ZId,
  organization: ZNamed.nullable(),
  plan: z.string().nullable(),
  every_days: z.number().int(),
  next_run_at: ZDateTime,
  last_run_at: ZDateTime.nullable(),
  /** Surveys the last round queued; the others had been asked within the interval or have no address. */
  last_queued: z.number().int().nullable(),
});
export type NpsSchedule = z.infer<typeof ZNpsSchedule>;
export const ZNpsScheduleList = ZList(ZNpsSchedule);
