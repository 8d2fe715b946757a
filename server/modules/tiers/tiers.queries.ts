import type { Insertable, Updateable } from "kysely";
import { dbOf, type Runner } from "../../db/index";
import type { EscalationReasonTable } from "../../db/schema";

// Escalation reason codes and the teams of each tier. No rules here.

export function listReasons(on: Runner, workspaceId: number) {
  return dbOf(on)
    .selectFrom("escalation_reasons")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("id")
    .execute();
}

/** The new reason, or undefined when the workspace has that code already. */
export function insertReason(on: Runner, row: Insertable<EscalationReasonTable>) {
  return dbOf(on)
    .insertInto("escalation_reasons")
    .values(row)
    .onConflict((oc) => oc.columns(["workspace_id", "code"]).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function updateReason(on: Runner, workspaceId: number, id: number, patch: Updateable<EscalationReasonTable>) {
  return dbOf(on)
    .updateTable("escalation_reasons")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export function findActiveReason(on: Runner, workspaceId: number, code: string) {
  return dbOf(on)
    .selectFrom("escalation_reasons")
    .select(["code", "label"])
    .where("workspace_id", "=", workspaceId)
    .where("code", "=", code)
    .where("active", "=", 1)
    .executeTakeFirst();
}

export async function activeReasonCodes(on: Runner, workspaceId: number): Promise<string[]> {
  const rows = await dbOf(on)
    .selectFrom("escalation_reasons")
    .select("code")
    .where("workspace_id", "=", workspaceId)
    .where("active", "=", 1)
    .execute();
  return rows.map((r) => r.code);
}

/** The workspace's first team of a tier (by id), or that team when `teamId` is given and of that tier. */
export function teamOfTier(on: Runner, workspaceId: number, tier: "first_line" | "specialist", teamId?: number) {
  let q = dbOf(on)
    .selectFrom("teams")
    .select(["id", "name"])
    .where("workspace_id", "=", workspaceId)
    .where("tier", "=", tier);
  if (teamId) q = q.where("id", "=", teamId);
  return q.orderBy("id").executeTakeFirst();
}
