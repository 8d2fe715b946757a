// How a score reads: good, neutral or bad (CSAT: 2-point good/bad, or 4-5 / 3 / 1-2 of 5); promoter, passive or
// detractor (NPS: 9-10 / 7-8 / 0-6). The counters' `good` and `bad` columns follow the same split.

export type Rating = "good" | "neutral" | "bad" | "promoter" | "passive" | "detractor";

export const validScore = (scale: number, score: number) =>
  Number.isInteger(score) &&
  (scale === 2 ? score === 0 || score === 1 : scale === 5 ? score >= 1 && score <= 5 : score >= 0 && score <= 10);

export function ratingOf(scale: number, score: number): Rating {
  if (scale === 2) return score === 1 ? "good" : "bad";
  if (scale === 5) return score >= 4 ? "good" : score === 3 ? "neutral" : "bad";
  return score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
}

/** +1 in `good` or `bad` (or neither) for a score. */
export function bucketOf(scale: number, score: number): { good: number; bad: number } {
  const r = ratingOf(scale, score);
  return { good: r === "good" || r === "promoter" ? 1 : 0, bad: r === "bad" || r === "detractor" ? 1 : 0 };
}

export const isBad = (scale: number, score: number) => bucketOf(scale, score).bad === 1;
