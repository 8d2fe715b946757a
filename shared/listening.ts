import { z } from "zod";
import { PROBLEM_STATUSES, REVIEW_STATUSES } from "./api/listening";

// Request schemas of the listening endpoints (reviews, kudos, problems): the server validates with them, the web
// app's forms use them.

export const ZReviewListQuery = z.object({
  status: z.enum(REVIEW_STATUSES).optional(),
  max_rating: z.coerce.number().int().min(1).max(5).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type ReviewListQuery = z.infer<typeof ZReviewListQuery>;

export const ZCreateKudos = z.object({
  ticket_number: z.number().int().positive(),
  message_id: z.number().int().positive().optional(),
});

export const ZKudosListQuery = z.object({
  mine: z.enum(["true", "false"]).optional(),
  days: z.coerce.number().int().min(1).max(366).default(30),
});

export const ZTestimonialQuery = z.object({ format: z.enum(["json", "csv"]).default("json") });

const url = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => /^https?:\/\/[^\s]+$/i.test(u), "expected an http(s) address");

export const ZCreateProblem = z.object({
  title: z.string().trim().min(3).max(300),
  description: z.string().trim().max(10_000).default(""),
  tracker_url: url.nullable().optional(),
  tracker_status: z.string().trim().max(100).nullable().optional(),
  ticket_numbers: z.array(z.number().int().positive()).max(500).default([]),
});
export type CreateProblem = z.infer<typeof ZCreateProblem>;

export const ZUpdateProblem = z.object({
  title: z.string().trim().min(3).max(300).optional(),
  description: z.string().trim().max(10_000).optional(),
  status: z.enum(PROBLEM_STATUSES).optional(),
  tracker_url: url.nullable().optional(),
  tracker_status: z.string().trim().max(100).nullable().optional(),
});
export type UpdateProblem = z.infer<typeof ZUpdateProblem>;

export const ZProblemTickets = z.object({ ticket_numbers: z.array(z.number().int().positive()).min(1).max(500) });

export const ZNotifyProblem = z.object({
  /** Solve the problem's open tickets too. */
  solve: z.boolean().default(false),
  /** Extra words for the customers, per language (the template says the problem is fixed). */
  note_it: z.string().trim().max(5000).optional(),
  note_en: z.string().trim().max(5000).optional(),
});
export type NotifyProblem = z.infer<typeof ZNotifyProblem>;

export const ZConsentToken = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });
