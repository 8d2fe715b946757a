import { z } from "zod";
import { ZSurveySettings } from "./api/surveys";

// Request schemas of the surveys API (responses are in shared/api/surveys.ts).

export const ZSurveyAnswerBody = z.object({
  score: z.number().int().min(0).max(10),
  comment: z.string().max(4000).optional(),
  resolved: z.boolean().optional(),
});
export const ZSurveyListQuery = z.object({
  customer_id: z.coerce.number().int().positive().optional(),
  /** The answers of an organization's people (the organization they belonged to when the survey was sent). */
  organization_id: z.coerce.number().int().positive().optional(),
  ticket_number: z.coerce.number().int().positive().optional(),
  agent_id: z.coerce.number().int().positive().optional(),
  kind: z.enum(["csat", "nps"]).optional(),
});
export const ZSatisfactionQuery = z.object({
  from: z.string().datetime({ offset: true }),
  to: z.string().datetime({ offset: true }),
  group_by: z.enum(["agent", "team", "plan", "channel", "organization"]).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});
export const ZNpsQuery = z.object({
  from: z.string().datetime({ offset: true }),
  to: z.string().datetime({ offset: true }),
  group_by: z.enum(["plan", "organization", "owner", "month"]).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});
export const ZNpsSendBody = z
  .object({
    customer_ids: z.array(z.number().int().positive()).max(100_000).optional(),
    organization_id: z.number().int().positive().optional(),
    /** A segment: the people of every organization on this plan. */
    plan: z.string().trim().min(1).max(100).optional(),
  })
  .refine((b) => b.customer_ids?.length || b.organization_id || b.plan, {
    message: "customer_ids, organization_id or plan",
  });
/** POST /api/v1/surveys/nps/schedules: whom (an organization, a plan, or neither: every customer) and how often. */
export const ZNpsScheduleInput = z
  .object({
    organization_id: z.number().int().positive().optional(),
    plan: z.string().trim().min(1).max(100).optional(),
    every_days: z.number().int().min(7).max(730).default(90),
    /** When the first round goes; now when left out. */
    first_run_at: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((b) => !(b.organization_id && b.plan), { message: "an organization or a plan, not both" });
export const ZFollowUpQuery = z.object({
  status: z.enum(["open", "done"]).default("open"),
  mine: z.coerce.boolean().optional(),
});
/** The settings as a request body (the same shape as the answer; a schema of its own for the API document). */
export const ZSurveySettingsBody = ZSurveySettings.extend({});
