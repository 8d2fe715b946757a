import crypto from "node:crypto";
import type { Review, ReviewImport, ReviewReadFailure, ReviewSource } from "../../../shared/api/listening";
import type { ReviewListQuery } from "../../../shared/listening";
import { tx, type Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { ApiError, badRequest, conflict, notFound } from "../../http/errors";
import { iso } from "../../lib/cursor";
import { findDefaultCalendar } from "../calendars/calendars.queries";
import { findOrCreateCustomer } from "../customers/customers.queries";
import { ensureDefaultPolicy, forgetPolicies } from "../sla/policies.service";
import { insertPolicy } from "../sla/sla.queries";
import { createTicketWithMessage } from "../tickets/tickets.service";
import { workspaceLanguage } from "../workspace/workspace.queries";
import { ReadFailure, type ReviewPlatformAdapter, TrustpilotAdapter } from "./adapters";
import type { Platform, ReviewInput, Skipped } from "./review-input";
import {
  findReview,
  insertReview,
  lastRead,
  listReviewRows,
  markReviewPublished,
  reviewById,
  reviewOfTicketNumber,
  recordRead,
  reviewPolicies,
  type ReviewRow,
} from "./reviews.queries";

// The public review inbox: each review a ticket on the `review` channel, due by the channel's SLA policy, the
// negative ones (1–2 stars) at high priority so that they come first; the answer is written in the composer and
// recorded as published on the platform by whoever published it.

const STARS = (n: number) => "★".repeat(n) + "☆".repeat(5 - n);

export function presentReview(r: ReviewRow): Review {
  return {
    id: r.id,
    platform: r.platform as Platform,
    external_id: r.external_id,
    author: r.author,
    rating: r.rating,
    title: r.title,
    text: r.body,
    url: r.url,
    reviewed_at: iso(r.reviewed_at),
    ticket_number: r.ticket_number,
    ticket_status: r.ticket_status,
    status: r.published_at ? "published" : r.first_response_at ? "answered" : "unanswered",
    published_at: iso(r.published_at),
    published_by: r.published_by ? { id: r.published_by, name: r.publisher_name ?? "" } : null,
  };
}

/**
 * The review channel's service levels, made the first time reviews arrive (an admin may change them after):
 * negative reviews answered within 4 business hours, the others within 2 business days.
 */
const POLICY_NAMES = {
  it: { negative: "Recensioni pubbliche: negative", all: "Recensioni pubbliche" },
  en: { negative: "Public reviews: negative", all: "Public reviews" },
};

export async function ensureReviewPolicies(ctx: Ctx, workspaceId: number): Promise<void> {
  if ((await reviewPolicies(ctx, workspaceId)).length) return;
  await ensureDefaultPolicy(ctx, workspaceId);
  const cal = await findDefaultCalendar(ctx, workspaceId);
  if (!cal) return;
  // Named in the workspace's language: an admin reads them among the support plans' policies.
  const names = POLICY_NAMES[await workspaceLanguage(ctx, workspaceId)];
  const base = {
    workspace_id: workspaceId,
    plan_name: null,
    channel: "review",
    calendar_id: cal.id,
    pause_on_hold: 0,
    created_at: Date.now(),
  };
  await insertPolicy(ctx, {
    ...base,
    name: names.negative,
    priority: "high",
    first_response_minutes: 240,
    next_response_minutes: 480,
    resolution_minutes: 960,
    position: 10,
  });
  await insertPolicy(ctx, {
    ...base,
    name: names.all,
    priority: null,
    first_response_minutes: 960,
    next_response_minutes: 960,
    resolution_minutes: 2400,
    position: 11,
  });
  forgetPolicies(ctx, workspaceId);
}

/** The review's author as a customer of their own: no address of theirs is known, and none is ever written to. */
const authorAddress = (platform: Platform, author: string) =>
  `${platform}-${crypto.createHash("sha256").update(author.toLowerCase()).digest("hex").slice(0, 16)}@reviews.invalid`;

/** Makes a ticket of each review not seen before (by platform and the platform's id); the rest are duplicates. */
export async function importReviews(
  ctx: Ctx,
  actor: AgentActor,
  platform: Platform,
  reviews: ReviewInput[],
  skipped: Skipped[] = [],
  requestId: string | null = null,
): Promise<ReviewImport> {
  await ensureReviewPolicies(ctx, actor.workspaceId);
  const ws = actor.workspaceId;
  const numbers: number[] = [];
  let duplicates = 0;
  for (const r of reviews) {
    const made = await tx(ctx, requestId, async (uow) => {
      if (await findReview(uow.trx, ws, platform, r.external_id)) return null;
      const customer = await findOrCreateCustomer(uow.trx, ws, authorAddress(platform, r.author), r.author);
      const lead = r.title || r.text.split(/\s+/).slice(0, 10).join(" ") || "—";
      const { ticket } = await createTicketWithMessage(
        ctx,
        uow,
        actor,
        {
          subject: `${STARS(r.rating)} ${lead}`.slice(0, 500),
          body_text: [r.title, r.text].filter(Boolean).join("\n\n") || "—",
          requester: { email: customer.email, name: r.author },
          priority: r.rating <= 2 ? "high" : "normal",
          channel: "review",
          tags: ["review"],
        },
        { requesterId: customer.id, requesterLanguage: customer.language },
      );
      await insertReview(uow.trx, {
        workspace_id: ws,
        platform,
        external_id: r.external_id,
        author: r.author,
        rating: r.rating,
        title: r.title,
        body: r.text,
        url: r.url,
        reviewed_at: r.reviewed_at,
        ticket_id: ticket.id,
        published_at: null,
        published_by: null,
        created_at: Date.now(),
      });
      return ticket.number;
    });
    if (made === null) duplicates++;
    else numbers.push(made);
  }
  return { imported: numbers.length, duplicates, skipped, ticket_numbers: numbers };
}

/** How often the worker reads the platform set up in the environment (reviews.sync.ts). */
export const READ_EVERY_MS = 3_600_000;

/**
 * Reads a platform's reviews through its adapter and imports the new ones. The outcome is recorded, so that the
 * reviews page tells when the platform was last read, or why the hourly read fails (an expired key, say).
 */
export async function syncReviews(ctx: Ctx, actor: AgentActor, adapter: ReviewPlatformAdapter, max = 1000) {
  let reviews: ReviewInput[];
  try {
    reviews = await adapter.fetchReviews({ max });
  } catch (err) {
    const error = (err as Error).message;
    const reason = err instanceof ReadFailure ? err.reason : "other";
    await recordRead(ctx, actor.workspaceId, adapter.platform, { at: Date.now(), reason, error });
    throw new ApiError(424, "review_platform_failed", `${adapter.platform} could not be read: ${error}`);
  }
  const result = await importReviews(ctx, actor, adapter.platform, reviews);
  await recordRead(ctx, actor.workspaceId, adapter.platform, { at: Date.now(), imported: result.imported });
  return result;
}

/** The platform read through its API, if the environment sets one up, and how its reads went. */
export async function reviewSource(ctx: Ctx, actor: AgentActor): Promise<ReviewSource> {
  const platform = ctx.config.trustpilot ? "trustpilot" : null;
  const r = platform ? await lastRead(ctx, actor.workspaceId, platform) : undefined;
  return {
    platform,
    every_minutes: platform ? READ_EVERY_MS / 60_000 : null,
    last_read_at: r?.read_at == null ? null : iso(Number(r.read_at)),
    last_imported: r?.imported ?? null,
    failed_at: r?.failed_at == null ? null : iso(Number(r.failed_at)),
    reason: (r?.reason as ReviewReadFailure | null | undefined) ?? null,
    error: r?.error ?? null,
  };
}

/** The platform set up in the environment (Trustpilot: TRUSTPILOT_API_KEY and TRUSTPILOT_BUSINESS_UNIT_ID). */
export function configuredAdapter(ctx: Ctx): ReviewPlatformAdapter {
  if (!ctx.config.trustpilot)
    throw conflict(
      "review_api_not_configured",
      "Set TRUSTPILOT_API_KEY and TRUSTPILOT_BUSINESS_UNIT_ID to read reviews from Trustpilot",
    );
  return new TrustpilotAdapter(ctx.config.trustpilot);
}

export async function listReviews(ctx: Ctx, actor: AgentActor, q: ReviewListQuery): Promise<Review[]> {
  const rows = await listReviewRows(ctx, actor.workspaceId, {
    status: q.status,
    maxRating: q.max_rating,
    limit: q.limit,
  });
  return rows.map(presentReview);
}

export async function reviewOfTicket(ctx: Ctx, actor: AgentActor, number: number): Promise<Review> {
  const r = await reviewOfTicketNumber(ctx, actor.workspaceId, number);
  if (!r) throw notFound("review");
  return presentReview(r);
}

/** Records that the answer written on the ticket is now published on the platform: when, and by whom. */
export async function markPublished(ctx: Ctx, actor: AgentActor, id: number): Promise<Review> {
  const r = await reviewById(ctx, actor.workspaceId, id);
  if (!r) throw notFound("review");
  if (r.published_at) throw conflict("already_published", "this review's answer is already marked as published");
  if (!r.first_response_at) throw badRequest("no_answer", "write the answer on the ticket before publishing it");
  await markReviewPublished(ctx, r.id, actor.agentId, Date.now());
  return presentReview((await reviewById(ctx, actor.workspaceId, id))!);
}
