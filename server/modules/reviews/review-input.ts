import type * as CsvParse from "csv-parse/sync";
import { lazyPackage } from "../../lib/lazy";
import type { REVIEW_PLATFORMS } from "../../../shared/api/listening";

// Loaded with the first use (the server idles without it).
const csvParse = lazyPackage<typeof CsvParse>("csv-parse/sync");

// Reviews as the platforms export them, read into one shape. Pure: no database, no network.

export type Platform = (typeof REVIEW_PLATFORMS)[number];

export interface ReviewInput {
  external_id: string;
  author: string;
  rating: number;
  title: string | null;
  text: string;
  url: string | null;
  reviewed_at: number;
}

export type Skipped = { line: number; reason: string };

/**
 * The columns each export names a field by. Trustpilot's "Export reviews" (Business app) writes `Review ID`,
 * `Review Created (UTC)`, `Review Title`, `Review Content`, `Review Stars` and `Consumer Name`; Google Business
 * Profile's reviews carry the Business Profile API's Review fields (`reviewId`, `reviewer.displayName`,
 * `starRating` as ONE…FIVE, `comment`, `createTime`; the Takeout export of a profile names them so); the generic
 * file has the header `id,author,rating,text,date,url`.
 */
const COLUMNS: Record<Platform, Record<keyof ReviewInput, string[]>> = {
  trustpilot: {
    external_id: ["Review ID", "ReviewId", "id"],
    author: ["Consumer Name", "Review Consumer Name", "Consumer", "Reviewer"],
    rating: ["Review Stars", "Stars"],
    title: ["Review Title", "Title"],
    text: ["Review Content", "Review Text", "Content"],
    url: ["Review URL", "Review Link", "URL"],
    reviewed_at: ["Review Created (UTC)", "Review Date", "Created At", "Date"],
  },
  google: {
    external_id: ["reviewId", "Review ID", "name"],
    author: ["reviewer.displayName", "reviewer_display_name", "Reviewer", "Reviewer name"],
    rating: ["starRating", "star_rating", "Star rating", "Rating"],
    title: [],
    text: ["comment", "Comment", "Review text"],
    url: ["reviewUrl", "url", "Review link"],
    reviewed_at: ["createTime", "create_time", "Date", "Review date"],
  },
  generic: {
    external_id: ["id"],
    author: ["author"],
    rating: ["rating"],
    title: [],
    text: ["text"],
    url: ["url"],
    reviewed_at: ["date"],
  },
};

const STAR_WORDS: Record<string, number> = { ONE: 1, TWO: 2, THREE: 3, FOUR: 4, FIVE: 5 };

export function ratingOf(value: string | undefined): number | null {
  const v = (value ?? "").trim().toUpperCase();
  const n = STAR_WORDS[v] ?? Number(v.replace(",", "."));
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : null;
}

/** Where a review can be read: the export's link, else the platform's address for the id. */
function linkOf(platform: Platform, id: string, given: string | undefined): string | null {
  if (given && /^https?:\/\//i.test(given.trim())) return given.trim();
  if (platform === "trustpilot") return `https://www.trustpilot.com/reviews/${encodeURIComponent(id)}`;
  return null;
}

/** Reads an export into reviews, and says which lines it could not read and why. */
export function readReviewCsv(platform: Platform, csv: string): { reviews: ReviewInput[]; skipped: Skipped[] } {
  const rows = csvParse().parse(csv.replace(/^\uFEFF/, ""), {
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
    // Exports from spreadsheets in Italy often use semicolons.
    delimiter: detectDelimiter(csv),
  }) as Record<string, string>[];
  const names = COLUMNS[platform];
  const field = (row: Record<string, string>, key: keyof ReviewInput) => {
    for (const n of names[key]) if (row[n] !== undefined && row[n] !== "") return row[n];
    return undefined;
  };
  const reviews: ReviewInput[] = [];
  const skipped: Skipped[] = [];
  rows.forEach((row, i) => {
    const line = i + 2;
    const id = field(row, "external_id");
    const rating = ratingOf(field(row, "rating"));
    if (!id) return skipped.push({ line, reason: "no review id" });
    if (rating === null) return skipped.push({ line, reason: "no rating from 1 to 5" });
    const when = Date.parse(field(row, "reviewed_at") ?? "");
    reviews.push({
      external_id: id.slice(0, 200),
      author: (field(row, "author") ?? "").slice(0, 200) || "—",
      rating,
      title: field(row, "title")?.slice(0, 500) ?? null,
      text: (field(row, "text") ?? "").slice(0, 20_000),
      url: linkOf(platform, id, field(row, "url")),
      reviewed_at: Number.isFinite(when) ? when : Date.now(),
    });
  });
  return { reviews, skipped };
}

function detectDelimiter(csv: string): string {
  const header = csv.split(/\r?\n/, 1)[0] ?? "";
  return (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ";" : ",";
}
