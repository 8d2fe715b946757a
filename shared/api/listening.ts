import { z } from "zod";
import { ZDateTime, ZId, ZList, ZNamed, ZTicketNumber } from "./common";

// Listening (issue 23): public reviews, praise (kudos) and testimonials, problems that group tickets.

export const REVIEW_PLATFORMS = ["google", "trustpilot", "generic"] as const;
export const REVIEW_STATUSES = ["unanswered", "answered", "published"] as const;

export const ZReview = z.strictObject({
  id: ZId,
  platform: z.enum(REVIEW_PLATFORMS),
  external_id: z.string(),
  author: z.string(),
  rating: z.number().int().min(1).max(5),
  title: z.string().nullable(),
  text: z.string(),
  url: z.string().nullable(),
  reviewed_at: ZDateTime,
  ticket_number: ZTicketNumber,
  ticket_status: z.string(),
  /** unanswered: no public reply on the ticket yet; answered: replied, not yet published; published. */
  status: z.enum(REVIEW_STATUSES),
  published_at: ZDateTime.nullable(),
  published_by: ZNamed.nullable(),
});
export type Review = z.infer<typeof ZReview>;
export const ZReviewList = ZList(ZReview);

export const ZReviewImport = z.strictObject({
  imported: z.number().int(),
  duplicates: z.number().int(),
  /** Rows that could not be read (no id, no rating 1–5), with their line number. */
  skipped: z.array(z.strictObject({ line: z.number().int(), reason: z.string() })),
  ticket_numbers: z.array(ZTicketNumber),
});
export type ReviewImport = z.infer<typeof ZReviewImport>;

/** Why a platform's latest read failed: its key refused, not reached, or another error (`error` has its words). */
export const REVIEW_READ_FAILURES = ["auth", "unreachable", "other"] as const;
export type ReviewReadFailure = (typeof REVIEW_READ_FAILURES)[number];

/**
 * The review platform read through its API (set up in the server's environment; null without one: CSV imports
 * only), when it was last read, and why its latest read failed (null once a read works again).
 */
export const ZReviewSource = z.strictObject({
  platform: z.enum(["trustpilot"]).nullable(),
  every_minutes: z.number().int().nullable(),
  last_read_at: ZDateTime.nullable(),
  last_imported: z.number().int().nullable(),
  failed_at: ZDateTime.nullable(),
  reason: z.enum(REVIEW_READ_FAILURES).nullable(),
  error: z.string().nullable(),
});
export type ReviewSource = z.infer<typeof ZReviewSource>;

export const CONSENT_STATUSES = ["none", "requested", "agreed", "refused"] as const;

export const ZKudos = z.strictObject({
  id: ZId,
  ticket_number: ZTicketNumber,
  ticket_subject: z.string(),
  message_id: ZId.nullable(),
  source: z.enum(["message", "rating"]),
  text: z.string(),
  rating: z.number().int().nullable(),
  customer: z.strictObject({ id: ZId, name: z.string() }),
  organization: z.string().nullable(),
  /** The agents the praise is for (the ticket's assignee and those who answered). */
  agents: z.array(ZNamed),
  created_by: ZNamed.nullable(),
  created_at: ZDateTime,
  consent_status: z.enum(CONSENT_STATUSES),
  /** Whether the signed-in agent received it and has not seen it yet. */
  unread: z.boolean(),
});
export type Kudos = z.infer<typeof ZKudos>;
export const ZKudosList = z.strictObject({ data: z.array(ZKudos), unread: z.number().int() });
export type KudosList = z.infer<typeof ZKudosList>;
export const ZKudosUnread = z.strictObject({ unread: z.number().int() });

export const ZTestimonial = z.strictObject({
  id: ZId,
  customer_name: z.string(),
  organization: z.string().nullable(),
  text: z.string(),
  language: z.string(),
  agreed_at: ZDateTime,
  ticket_number: ZTicketNumber,
});
export type Testimonial = z.infer<typeof ZTestimonial>;
export const ZTestimonialList = ZList(ZTestimonial);

export const PROBLEM_STATUSES = ["open", "fixed", "closed"] as const;

export const ZProblem = z.strictObject({
  id: ZId,
  title: z.string(),
  description: z.string(),
  status: z.enum(PROBLEM_STATUSES),
  tracker_url: z.string().nullable(),
  tracker_status: z.string().nullable(),
  created_by: ZNamed.nullable(),
  created_at: ZDateTime,
  updated_at: ZDateTime,
  notified_at: ZDateTime.nullable(),
  tickets_count: z.number().int(),
  customers_affected: z.number().int(),
  organizations_affected: z.number().int(),
  /** The sum of the annual revenue of the organizations affected (null revenue counts as 0). */
  revenue_affected: z.number(),
});
export type Problem = z.infer<typeof ZProblem>;
export const ZProblemList = ZList(ZProblem);

export const ZProblemDetail = ZProblem.extend({
  tickets: z.array(
    z.strictObject({
      number: ZTicketNumber,
      subject: z.string(),
      status: z.string(),
      customer: z.string(),
      organization: z.string().nullable(),
    }),
  ),
  timeline: z.array(
    z.strictObject({
      type: z.string(),
      actor: ZNamed.nullable(),
      data: z.record(z.string(), z.unknown()),
      at: ZDateTime,
    }),
  ),
});
export type ProblemDetail = z.infer<typeof ZProblemDetail>;

export const ZProblemSuggestion = z.strictObject({
  tags: z.array(z.string()),
  words: z.array(z.string()),
  tickets: z.array(z.strictObject({ number: ZTicketNumber, subject: z.string() })),
});
export type ProblemSuggestion = z.infer<typeof ZProblemSuggestion>;
export const ZProblemSuggestions = ZList(ZProblemSuggestion);

export const ZProblemNotified = z.strictObject({ notified: z.number().int(), solved: z.number().int() });
