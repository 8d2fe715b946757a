import type { Insertable, Updateable } from "kysely";
import { dbOf, type Runner } from "../../db/index";
import type { MacroTable } from "../../db/schema";

// Macros as stored, their use per agent, and what a macro's placeholders read about a ticket. No rules here.

/** The macros an agent may see: the shared ones and their own. */
export function visibleMacros(on: Runner, workspaceId: number, agentId: number) {
  return dbOf(on)
    .selectFrom("macros")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where((eb) => eb.or([eb("shared", "=", 1), eb("owner_id", "=", agentId)]))
    .orderBy("name")
    .orderBy("id")
    .execute();
}

export function macroById(on: Runner, workspaceId: number, id: number) {
  return dbOf(on)
    .selectFrom("macros")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** A macro and its translations: the original and every macro that translates it. */
export function macroFamily(on: Runner, workspaceId: number, rootId: number) {
  return dbOf(on)
    .selectFrom("macros")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where((eb) => eb.or([eb("id", "=", rootId), eb("translation_of", "=", rootId)]))
    .execute();
}

export function insertMacro(on: Runner, row: Insertable<MacroTable>) {
  return dbOf(on).insertInto("macros").values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateMacro(on: Runner, id: number, patch: Updateable<MacroTable>) {
  return dbOf(on).updateTable("macros").set(patch).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteMacro(on: Runner, id: number): Promise<void> {
  await dbOf(on).deleteFrom("macros").where("id", "=", id).execute();
}

export async function countUse(on: Runner, macroId: number, agentId: number, now: number): Promise<void> {
  await dbOf(on)
    .insertInto("macro_usage")
    .values({ macro_id: macroId, agent_id: agentId, uses: 1, last_used_at: now })
    .onConflict((oc) =>
      oc.columns(["macro_id", "agent_id"]).doUpdateSet((eb) => ({
        uses: eb("macro_usage.uses", "+", 1),
        last_used_at: now,
      })),
    )
    .execute();
}

export function usageOf(on: Runner, macroIds: number[]) {
  if (macroIds.length === 0) return Promise.resolve([]);
  return dbOf(on)
    .selectFrom("macro_usage")
    .select(["macro_id", "agent_id", "uses"])
    .where("macro_id", "in", macroIds)
    .execute();
}

/** What the placeholders read: the ticket, its requester, the workspace's language and zone. */
export function ticketForMacro(on: Runner, workspaceId: number, number: number) {
  return dbOf(on)
    .selectFrom("tickets")
    .innerJoin("customers", "customers.id", "tickets.requester_id")
    .innerJoin("workspaces", "workspaces.id", "tickets.workspace_id")
    .select([
      "tickets.id",
      "tickets.number",
      "tickets.subject",
      "tickets.sla_due_at",
      "tickets.assignee_id",
      "customers.name as customer_name",
      "customers.email as customer_email",
      "customers.language as customer_language",
      "workspaces.default_language",
      "workspaces.timezone",
    ])
    .where("tickets.workspace_id", "=", workspaceId)
    .where("tickets.number", "=", number)
    .executeTakeFirst();
}

export function agentName(on: Runner, agentId: number) {
  return dbOf(on).selectFrom("agents").select("name").where("id", "=", agentId).executeTakeFirst();
}
