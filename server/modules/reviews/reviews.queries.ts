import type { Insertable } from "kysely";
import { dbOf, type Runner } from "../../db/index";
import type { ReviewTable } from "../../db/schema";

// Reviews as stored, with their tickets. No rules here.

export function findReview(on: Runner, workspaceId: number, platform: string, externalId: string) {
  return dbOf(on)
    .selectFrom("reviews")
    .select(["id", "ticket_id"])
    .where("workspace_id", "=", workspaceId)
    .where("platform", "=", platform)
    .where("external_id", "=", externalId)
    .executeTakeFirst();
}

export async function insertReview(on: Runner, row: Insertable<ReviewTable>): Promise<number> {
  const r = await dbOf(on).insertInto("reviews").values(row).returning("id").executeTakeFirstOrThrow();
  return r.id;
}

function reviewRows(on: Runner, workspaceId: number) {
  return dbOf(on)
    .selectFrom("reviews")
    .innerJoin("tickets", "tickets.id", "reviews.ticket_id")
    .leftJoin("agents", "agents.id", "reviews.published_by")
    .selectAll("reviews")
    .select([
      "tickets.number as ticket_number",
      "tickets.status as ticket_status",
      "tickets.first_response_at",
      "agents.name as publisher_name",
    ])
    .where("reviews.workspace_id", "=", workspaceId);
}
export type ReviewRow = Awaited<ReturnType<ReturnType<typeof reviewRows>["executeTakeFirstOrThrow"]>>;

export function listReviewRows(
  on: Runner,
  workspaceId: number,
  f: { status?: "unanswered" | "answered" | "published"; maxRating?: number; limit: number },
) {
  let q = reviewRows(on, workspaceId);
  if (f.maxRating) q = q.where("reviews.rating", "<=", f.maxRating);
  if (f.status === "published") q = q.where("reviews.published_at", "is not", null);
  if (f.status === "answered")
    q = q.where("reviews.published_at", "is", null).where("tickets.first_response_at", "is not", null);
  if (f.status === "unanswered")
    q = q.where("reviews.published_at", "is", null).where("tickets.first_response_at", "is", null);
  // Negative reviews first, then the newest.
  return q.orderBy("reviews.rating", "asc").orderBy("reviews.reviewed_at", "desc").limit(f.limit).execute();
}

export const reviewById = (on: Runner, workspaceId: number, id: number) =>
  reviewRows(on, workspaceId).where("reviews.id", "=", id).executeTakeFirst();

export const reviewOfTicketNumber = (on: Runner, workspaceId: number, number: number) =>
  reviewRows(on, workspaceId).where("tickets.number", "=", number).executeTakeFirst();

export async function markReviewPublished(on: Runner, id: number, agentId: number, at: number): Promise<void> {
  await dbOf(on).updateTable("reviews").set({ published_at: at, published_by: agentId }).where("id", "=", id).execute();
}

export function reviewPolicies(on: Runner, workspaceId: number) {
  return dbOf(on)
    .selectFrom("sla_policies")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("channel", "=", "review")
    .execute();
}

/** The installation's first workspace and its first active admin: whom the hourly platform read acts for. */
export const firstAdminOfFirstWorkspace = (on: Runner) =>
  dbOf(on)
    .selectFrom("agents")
    .select(["id", "workspace_id", "name", "tier"])
    .where("role", "=", "admin")
    .where("active", "=", 1)
    .where("workspace_id", "=", (eb) => eb.selectFrom("workspaces").select((e) => e.fn.min("id").as("id")))
    .orderBy("id")
    .executeTakeFirst();

/** The last read of a platform's API for a workspace, or undefined before the first. */
export function lastRead(on: Runner, workspaceId: number, platform: string) {
  return dbOf(on)
    .selectFrom("review_reads")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("platform", "=", platform)
    .executeTakeFirst();
}

/** Records a read: one that worked clears the failure; a failure keeps the last read that worked. */
export async function recordRead(
  on: Runner,
  workspaceId: number,
  platform: string,
  outcome: { at: number } & ({ imported: number } | { reason: string; error: string }),
) {
  const set =
    "error" in outcome
      ? { failed_at: outcome.at, reason: outcome.reason, error: outcome.error }
      : { read_at: outcome.at, imported: outcome.imported, failed_at: null, reason: null, error: null };
  await dbOf(on)
    .insertInto("review_reads")
    .values({ workspace_id: workspaceId, platform, ...set })
    .onConflict((oc) => oc.columns(["workspace_id", "platform"]).doUpdateSet(set))
    .execute();
}
