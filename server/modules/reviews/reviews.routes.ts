import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { REVIEW_PLATFORMS, ZReview, ZReviewImport, ZReviewList, ZReviewSource } from "../../../shared/api/listening";
import { ZReviewListQuery } from "../../../shared/listening";
import { ZIdParam, ZNumberParam } from "../../../shared/schemas";
import { badRequest } from "../../http/errors";
import { route } from "../../http/route";
import { readReviewCsv, type Platform } from "./review-input";
import {
  configuredAdapter,
  importReviews,
  listReviews,
  markPublished,
  reviewOfTicket,
  reviewSource,
  syncReviews,
} from "./reviews.service";

// The public review inbox (reviews.service.ts).

/** A multipart form's `platform` and `file`, read with the platform's own FormData parser (undici). */
async function csvUpload(req: FastifyRequest): Promise<{ platform: Platform; csv: string }> {
  const type = req.headers["content-type"] ?? "";
  if (!Buffer.isBuffer(req.body) || !type.toLowerCase().startsWith("multipart/form-data"))
    throw badRequest("invalid_review_upload", "send multipart/form-data with `platform` and a CSV `file`");
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(req.body), { headers: { "content-type": type } }).formData();
  } catch {
    throw badRequest("invalid_review_upload", "the multipart body could not be read");
  }
  const platform = z.enum(REVIEW_PLATFORMS).safeParse(form.get("platform"));
  if (!platform.success) throw badRequest("invalid_platform", `platform must be one of ${REVIEW_PLATFORMS.join(", ")}`);
  const file = form.get("file");
  if (!file) throw badRequest("invalid_review_upload", "a CSV `file` is needed");
  return { platform: platform.data, csv: typeof file === "string" ? file : await file.text() };
}

export const reviewRoutes = [
  route({
    method: "GET",
    url: "/api/v1/reviews/sync",
    access: "agent",
    policy: "review.import",
    tag: "reviews",
    summary:
      "The review platform read through its API (Trustpilot, set up in the environment; null without one), how often the worker reads it, its last read that worked and why the latest failed",
    response: ZReviewSource,
    handler: async ({ ctx, actor }) => reviewSource(ctx, actor),
  }),
  route({
    method: "POST",
    url: "/api/v1/reviews/sync",
    access: "agent",
    policy: "review.import",
    tag: "reviews",
    summary:
      "Read the reviews of the platform set up in the environment (Trustpilot's service reviews API) and import the new ones, as the worker does every hour; 409 review_api_not_configured without it",
    response: ZReviewImport,
    handler: async ({ ctx, actor }) => syncReviews(ctx, actor, configuredAdapter(ctx)),
  }),
  route({
    method: "POST",
    url: "/api/v1/reviews/import",
    access: "agent",
    policy: "review.import",
    tag: "reviews",
    summary:
      "Import reviews from a CSV export (multipart: `platform` google|trustpilot|generic, `file`); each new review becomes a ticket on the review channel, a review already imported (same platform and id) is counted as a duplicate",
    response: ZReviewImport,
    handler: async ({ ctx, actor, req }) => {
      const { platform, csv } = await csvUpload(req);
      let read: ReturnType<typeof readReviewCsv>;
      try {
        read = readReviewCsv(platform, csv);
      } catch (err) {
        throw badRequest("invalid_csv", `the CSV could not be read: ${(err as Error).message}`);
      }
      return importReviews(ctx, actor, platform, read.reviews, read.skipped, req.id);
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/reviews",
    access: "agent",
    policy: "review.read",
    tag: "reviews",
    summary: "The review inbox, negative reviews first (status: unanswered, answered, published; max_rating 1–5)",
    query: ZReviewListQuery,
    response: ZReviewList,
    handler: async ({ ctx, actor, query }) => ({ data: await listReviews(ctx, actor, query) }),
  }),
  route({
    method: "GET",
    url: "/api/v1/tickets/:number/review",
    access: "agent",
    policy: "review.read",
    tag: "reviews",
    summary: "The public review a ticket answers (404 when the ticket is not a review)",
    params: ZNumberParam,
    response: ZReview,
    handler: async ({ ctx, actor, params }) => reviewOfTicket(ctx, actor, params.number),
  }),
  route({
    method: "POST",
    url: "/api/v1/reviews/:id/published",
    access: "agent",
    policy: "review.publish",
    tag: "reviews",
    summary: "Record that the answer written on the review's ticket is published on the platform (time and who)",
    params: ZIdParam,
    response: ZReview,
    handler: async ({ ctx, actor, params }) => markPublished(ctx, actor, params.id),
  }),
];
