import type { ReviewReadFailure } from "../../../shared/api/listening";
import type { Platform, ReviewInput } from "./review-input";

// Review platforms' APIs behind one interface: an adapter lists a business's reviews as ReviewInput, page after
// page; the import (reviews.service.ts) makes tickets of the new ones, exactly as from a CSV export.

export interface ReviewPlatformAdapter {
  readonly platform: Platform;
  /** Every review, newest first; stops after `max`. */
  fetchReviews(opts?: { max?: number }): Promise<ReviewInput[]>;
}

/** A read that failed, with why in a word the page says in the reader's language; the message is the detail. */
export class ReadFailure extends Error {
  constructor(
    readonly reason: ReviewReadFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Trustpilot's service reviews API: GET /v1/business-units/{businessUnitId}/reviews, with an API key. */
export class TrustpilotAdapter implements ReviewPlatformAdapter {
  readonly platform = "trustpilot" as const;
  constructor(
    private readonly opts: {
      apiKey: string;
      businessUnitId: string;
      /** https://api.trustpilot.com by default; tests point it at a local server. */
      baseUrl?: string;
      perPage?: number;
    },
  ) {}

  async fetchReviews({ max = 1000 }: { max?: number } = {}): Promise<ReviewInput[]> {
    const base = (this.opts.baseUrl ?? "https://api.trustpilot.com").replace(/\/$/, "");
    const perPage = this.opts.perPage ?? 100;
    const out: ReviewInput[] = [];
    let next: string | null =
      `${base}/v1/business-units/${encodeURIComponent(this.opts.businessUnitId)}/reviews` +
      `?perPage=${perPage}&page=1&orderBy=createdat.desc`;
    while (next && out.length < max) {
      let res: Response;
      try {
        res = await fetch(next, { headers: { apikey: this.opts.apiKey, accept: "application/json" } });
      } catch (err) {
        // fetch's own message is "fetch failed"; what failed is its cause (ECONNREFUSED, a certificate, a timeout).
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new ReadFailure(
          "unreachable",
          [(err as Error).message, cause?.code ?? cause?.message].filter(Boolean).join(": "),
        );
      }
      if (!res.ok)
        throw new ReadFailure(
          res.status === 401 || res.status === 403 ? "auth" : "other",
          `Trustpilot answered ${res.status} for the reviews`,
        );
      const body = (await res.json()) as TrustpilotPage;
      for (const r of body.reviews ?? []) out.push(fromTrustpilot(r));
      // The documented paging: a `next-page` link while there is one.
      const link = (body.links ?? []).find((l) => l.rel === "next-page")?.href ?? null;
      next = link && (body.reviews ?? []).length ? new URL(link, base).toString() : null;
    }
    return out.slice(0, max);
  }
}

type TrustpilotPage = {
  reviews?: TrustpilotReview[];
  links?: { href: string; method?: string; rel: string }[];
};
type TrustpilotReview = {
  id: string;
  stars: number;
  title?: string | null;
  text?: string | null;
  createdAt: string;
  consumer?: { displayName?: string | null } | null;
  links?: { href: string; rel: string }[];
};

function fromTrustpilot(r: TrustpilotReview): ReviewInput {
  const when = Date.parse(r.createdAt);
  return {
    external_id: r.id,
    author: r.consumer?.displayName?.trim() || "—",
    rating: Math.min(5, Math.max(1, Math.round(r.stars))),
    title: r.title ?? null,
    text: r.text ?? "",
    url: `https://www.trustpilot.com/reviews/${encodeURIComponent(r.id)}`,
    reviewed_at: Number.isFinite(when) ? when : Date.now(),
  };
}
