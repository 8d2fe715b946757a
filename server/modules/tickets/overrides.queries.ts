import type { Insertable } from "kysely";
import { dbOf, type Runner } from "../../db/index";
import type { OverrideTable } from "../../db/schema";

// Overrides as stored, and the workspace's setting on approving them. No rules here.

export async function salesOverridesNeedApproval(on: Runner, workspaceId: number): Promise<boolean> {
  const w = await dbOf(on)
    .selectFrom("workspaces")
    .select("sales_overrides_need_approval")
    .where("id", "=", workspaceId)
    .executeTakeFirstOrThrow();
  return w.sales_overrides_need_approval === 1;
}

export async function setSalesOverridesNeedApproval(on: Runner, workspaceId: number, need: boolean): Promise<void> {
  await dbOf(on)
    .updateTable("workspaces")
    .set({ sales_overrides_need_approval: need ? 1 : 0 })
    .where("id", "=", workspaceId)
    .execute();
}

export function insertOverride(on: Runner, row: Insertable<OverrideTable>) {
  return dbOf(on).insertInto("overrides").values(row).returningAll().executeTakeFirstOrThrow();
}

export function findOverride(on: Runner, workspaceId: number, id: number) {
  return dbOf(on)
    .selectFrom("overrides")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function overrideById(on: Runner, id: number) {
  return dbOf(on).selectFrom("overrides").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

/** The latest 200 overrides of the workspace, of one status if given. */
export function listOverrides(on: Runner, workspaceId: number, status?: OverrideTable["status"]) {
  let q = dbOf(on).selectFrom("overrides").selectAll().where("workspace_id", "=", workspaceId);
  if (status) q = q.where("status", "=", status);
  return q.orderBy("id", "desc").limit(200).execute();
}

/** Decides a pending override; false when it was no longer pending (someone decided meanwhile). */
export async function claimDecision(
  on: Runner,
  id: number,
  status: "applied" | "rejected",
  decidedBy: number,
  at: number,
): Promise<boolean> {
  const claimed = await dbOf(on)
    .updateTable("overrides")
    .set({ status, decided_by: decidedBy, decided_at: at })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

export async function reopenOverride(on: Runner, id: number): Promise<void> {
  await dbOf(on)
    .updateTable("overrides")
    .set({ status: "pending", decided_by: null, decided_at: null })
    .where("id", "=", id)
    .execute();
}

export async function ticketNumberOf(on: Runner, ticketId: number): Promise<number> {
  const t = await dbOf(on).selectFrom("tickets").select("number").where("id", "=", ticketId).executeTakeFirstOrThrow();
  return t.number;
}

export async function agentName(on: Runner, agentId: number): Promise<string | undefined> {
  return (await dbOf(on).selectFrom("agents").select("name").where("id", "=", agentId).executeTakeFirst())?.name;
}
