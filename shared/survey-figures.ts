// The figures of satisfaction and NPS answers, computed alike by the reports (server) and the profiles (web app).

/** A share in %, with one decimal; null when there is nothing to divide. */
export const sharePct = (n: number, of: number): number | null => (of === 0 ? null : Math.round((1000 * n) / of) / 10);

/** The NPS: promoters % − detractors %, a whole number; null when nothing was answered. */
export const npsScore = (promoters: number, detractors: number, answered: number): number | null =>
  answered === 0 ? null : Math.round((100 * (promoters - detractors)) / answered);
