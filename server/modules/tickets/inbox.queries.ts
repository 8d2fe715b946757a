import { sql } from "kysely";
import { dbOf, type Runner } from "../../db/index";

// Queries of the triage inbox: each agent's reads, the last public message of a page of tickets, saved views.
// No rules here.

/** When this agent last read each of these tickets. */
export function readsOf(on: Runner, agentId: number, ticketIds: number[]) {
  return dbOf(on)
    .selectFrom("ticket_reads")
    .select(["ticket_id", "last_read_at"])
    .where("agent_id", "=", agentId)
    .where("ticket_id", "in", ticketIds)
    .execute();
}

/** The last public message of each of these tickets: who wrote it, when, and its first 200 characters. */
export function lastPublicMessages(on: Runner, ticketIds: number[]) {
  const db = dbOf(on);
  return db
    .selectFrom("messages")
    .select([
      "ticket_id",
      "author_type",
      "created_at",
      sql<string>`substr(case when reply_text <> '' then reply_text else body_text end, 1, 200)`.as("preview"),
    ])
    .where(
      "id",
      "in",
      db
        .selectFrom("messages")
        .select((eb) => eb.fn.max("id").as("id"))
        .where("ticket_id", "in", ticketIds)
        .where("internal", "=", 0)
        .groupBy("ticket_id"),
    )
    .execute();
}

/** The agent read the ticket now (one row per agent and ticket). */
export function markRead(on: Runner, row: { agent_id: number; ticket_id: number; workspace_id: number; at: number }) {
  return dbOf(on)
    .insertInto("ticket_reads")
    .values({ agent_id: row.agent_id, ticket_id: row.ticket_id, workspace_id: row.workspace_id, last_read_at: row.at })
    .onConflict((oc) => oc.columns(["agent_id", "ticket_id"]).doUpdateSet({ last_read_at: row.at }))
    .execute();
}

/** The views an agent sees: their own and those shared with the workspace. */
export function viewsFor(on: Runner, workspaceId: number, agentId: number) {
  return dbOf(on)
    .selectFrom("saved_views")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where((eb) => eb.or([eb("agent_id", "=", agentId), eb("shared", "=", 1)]))
    .orderBy("name")
    .orderBy("id")
    .execute();
}

export const savedView = (on: Runner, workspaceId: number, id: number) =>
  dbOf(on)
    .selectFrom("saved_views")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();

export const insertView = (
  on: Runner,
  row: {
    workspace_id: number;
    agent_id: number;
    name: string;
    view: string;
    query: string;
    shared: number;
    at: number;
  },
) =>
  dbOf(on)
    .insertInto("saved_views")
    .values({
      workspace_id: row.workspace_id,
      agent_id: row.agent_id,
      name: row.name,
      view: row.view,
      query: row.query,
      shared: row.shared,
      created_at: row.at,
      updated_at: row.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();

export const updateView = (
  on: Runner,
  id: number,
  set: { name?: string; view?: string; query?: string; shared?: number; updated_at: number },
) => dbOf(on).updateTable("saved_views").set(set).where("id", "=", id).execute();

export const deleteView = (on: Runner, id: number) => dbOf(on).deleteFrom("saved_views").where("id", "=", id).execute();
