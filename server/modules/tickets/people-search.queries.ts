import { dbOf, type Runner } from "../../db/index";
import { hasWord, ownersMatching } from "../customers/customers.queries";

// The search's second source: tickets found by who asked (their requester's name or email, their organization)
// and by number. Each is an indexed lookup (directory_words' key, customers by organization, tickets by
// requester or number), merged by the search service with the full-text matches.

/** The ticket with this number, if any. */
export async function ticketIdByNumber(on: Runner, workspaceId: number, number: number): Promise<number | null> {
  const db = dbOf(on);
  const row = await db
    .selectFrom("tickets")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("number", "=", number)
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}

/** Customers (by name or email) and organizations (by name) every word of the query starts a word of. */
export function matchingPeople(on: Runner, workspaceId: number, prefixes: string[][], limit: number) {
  const db = dbOf(on);
  return Promise.all([
    ownersMatching(db, workspaceId, "customer", prefixes, limit, ["name", "email"]),
    ownersMatching(db, workspaceId, "organization", prefixes, limit),
  ]);
}

/** Ids of an organization's customers, at most `limit`. */
export async function customersOf(on: Runner, organizationIds: number[], limit: number): Promise<number[]> {
  const db = dbOf(on);
  if (!organizationIds.length) return [];
  const rows = await db
    .selectFrom("customers")
    .select("id")
    .where("organization_id", "in", organizationIds)
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.id));
}

/**
 * The newest tickets of these requesters (customers of the workspace asking: no other workspace's ticket has
 * them as requester), each read through the requester index alone.
 */
export async function ticketsOfRequesters(on: Runner, requesterIds: number[], limit: number): Promise<number[]> {
  const db = dbOf(on);
  if (!requesterIds.length) return [];
  const rows = await db
    .selectFrom("tickets")
    .select("id")
    .where("requester_id", "in", requesterIds)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.id));
}

/**
 * Tickets of the many customers a vague query matched ("mar": every Mario, Marco and Marta), looked for among
 * the `window` most recently updated tickets only, newest activity first, each requester's words checked
 * (a probe of their few words): reading every ticket of thousands of customers would read much of the table for
 * a query nobody meant, and here the first `limit` found end the read.
 */
export async function recentTicketsOfPeople(
  on: Runner,
  workspaceId: number,
  prefixes: string[][],
  organizationIds: number[],
  window: number,
  limit: number,
): Promise<number[]> {
  const db = dbOf(on);
  const rows = await db
    .selectFrom(
      db
        .selectFrom("tickets")
        .select(["id", "requester_id", "updated_at"])
        .where("workspace_id", "=", workspaceId)
        .orderBy("updated_at", "desc")
        .limit(window)
        .as("recent"),
    )
    .select("recent.id")
    .where((eb) =>
      eb.or([
        eb.and(prefixes.map((p) => hasWord(workspaceId, "customer", p, "recent.requester_id", ["name", "email"]))),
        ...(organizationIds.length
          ? [
              eb(
                "recent.requester_id",
                "in",
                eb.selectFrom("customers").select("id").where("organization_id", "in", organizationIds),
              ),
            ]
          : []),
      ]),
    )
    .orderBy("recent.updated_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.id));
}
