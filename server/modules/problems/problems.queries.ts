import type { Insertable, Updateable } from "kysely";
import { dbOf, type Runner } from "../../db/index";
import type { ProblemTable } from "../../db/schema";

// Problems, their tickets and timeline, as stored. No rules here.

export async function insertProblem(on: Runner, row: Insertable<ProblemTable>): Promise<number> {
  return (await dbOf(on).insertInto("problems").values(row).returning("id").executeTakeFirstOrThrow()).id;
}

export async function updateProblemRow(on: Runner, id: number, patch: Updateable<ProblemTable>): Promise<void> {
  await dbOf(on).updateTable("problems").set(patch).where("id", "=", id).execute();
}

function problemRows(on: Runner, workspaceId: number) {
  return dbOf(on)
    .selectFrom("problems")
    .leftJoin("agents", "agents.id", "problems.created_by")
    .selectAll("problems")
    .select("agents.name as creator_name")
    .where("problems.workspace_id", "=", workspaceId);
}
export type ProblemRow = Awaited<ReturnType<ReturnType<typeof problemRows>["executeTakeFirstOrThrow"]>>;

export const problemById = (on: Runner, workspaceId: number, id: number) =>
  problemRows(on, workspaceId).where("problems.id", "=", id).executeTakeFirst();

export function listProblemRows(on: Runner, workspaceId: number, status?: string) {
  let q = problemRows(on, workspaceId);
  if (status) q = q.where("problems.status", "=", status as ProblemRow["status"]);
  return q.orderBy("problems.id", "desc").limit(500).execute();
}

export const ticketsByNumbers = (on: Runner, workspaceId: number, numbers: number[]) =>
  numbers.length
    ? dbOf(on)
        .selectFrom("tickets")
        .select(["id", "number"])
        .where("workspace_id", "=", workspaceId)
        .where("number", "in", numbers)
        .execute()
    : Promise.resolve([]);

/** Adds tickets to a problem; answers the ids actually added (a ticket already in it is left alone). */
export async function addProblemTickets(
  on: Runner,
  rows: { problem_id: number; ticket_id: number; workspace_id: number; added_by: number | null; added_at: number }[],
): Promise<number[]> {
  if (!rows.length) return [];
  const added = await dbOf(on)
    .insertInto("problem_tickets")
    .values(rows)
    .onConflict((oc) => oc.columns(["problem_id", "ticket_id"]).doNothing())
    .returning("ticket_id")
    .execute();
  return added.map((r) => r.ticket_id);
}

/** Every ticket of these problems with its requester, organization and the organization's annual revenue. */
export function impactRows(on: Runner, problemIds: number[]) {
  if (!problemIds.length) return Promise.resolve([]);
  return dbOf(on)
    .selectFrom("problem_tickets")
    .innerJoin("tickets", "tickets.id", "problem_tickets.ticket_id")
    .innerJoin("customers", "customers.id", "tickets.requester_id")
    .leftJoin("organizations", "organizations.id", "customers.organization_id")
    .select([
      "problem_tickets.problem_id",
      "tickets.id as ticket_id",
      "tickets.number",
      "tickets.subject",
      "tickets.status",
      "tickets.is_open",
      "tickets.channel",
      "tickets.created_at",
      "customers.id as customer_id",
      "customers.name as customer_name",
      "customers.email as customer_email",
      "customers.language as customer_language",
      "organizations.id as organization_id",
      "organizations.name as organization_name",
      "organizations.annual_revenue",
    ])
    .where("problem_tickets.problem_id", "in", problemIds)
    .orderBy("tickets.number")
    .execute();
}
export type ImpactRow = Awaited<ReturnType<typeof impactRows>>[number];

export async function insertProblemEvent(
  on: Runner,
  row: { problem_id: number; workspace_id: number; type: string; actor_id: number | null; data: object },
): Promise<void> {
  await dbOf(on)
    .insertInto("problem_events")
    .values({ ...row, data: JSON.stringify(row.data), created_at: Date.now() })
    .execute();
}

export const problemEvents = (on: Runner, problemId: number) =>
  dbOf(on)
    .selectFrom("problem_events")
    .leftJoin("agents", "agents.id", "problem_events.actor_id")
    .select([
      "problem_events.type",
      "problem_events.actor_id",
      "problem_events.data",
      "problem_events.created_at",
      "agents.name as actor_name",
    ])
    .where("problem_events.problem_id", "=", problemId)
    .orderBy("problem_events.id")
    .execute();

/** Recent tickets with tags and not yet in a problem: the material of suggested groups. */
export function recentTaggedTickets(on: Runner, workspaceId: number, since: number, limit: number) {
  return dbOf(on)
    .selectFrom("tickets")
    .select(["id", "number", "subject", "tags"])
    .where("workspace_id", "=", workspaceId)
    .where("created_at", ">=", since)
    .where("tags", "!=", "[]")
    .where("merged_into_id", "is", null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom("problem_tickets").select("ticket_id").whereRef("problem_tickets.ticket_id", "=", "tickets.id"),
        ),
      ),
    )
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
}

export const firstMessages = (on: Runner, ticketIds: number[]) =>
  ticketIds.length
    ? dbOf(on)
        .selectFrom("messages")
        .select(["ticket_id", "reply_text"])
        .where("ticket_id", "in", ticketIds)
        .where("author_type", "=", "customer")
        .orderBy("id")
        .execute()
    : Promise.resolve([]);
