import type { Insertable, Updateable } from "kysely";
import { dbOf, type Runner } from "../../db/index";
import type { PlaybookTable } from "../../db/schema";

// Playbooks as stored, the steps ticked on tickets, and the text a ticket is matched on. No rules here.

export function playbooksOf(on: Runner, workspaceId: number) {
  return dbOf(on).selectFrom("playbooks").selectAll().where("workspace_id", "=", workspaceId).orderBy("id").execute();
}

export function playbookById(on: Runner, workspaceId: number, id: number) {
  return dbOf(on)
    .selectFrom("playbooks")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function insertPlaybook(on: Runner, row: Insertable<PlaybookTable>) {
  return dbOf(on).insertInto("playbooks").values(row).returningAll().executeTakeFirstOrThrow();
}

export function updatePlaybook(on: Runner, id: number, patch: Updateable<PlaybookTable>) {
  return dbOf(on).updateTable("playbooks").set(patch).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

export async function deletePlaybook(on: Runner, id: number): Promise<void> {
  await dbOf(on).deleteFrom("playbooks").where("id", "=", id).execute();
}

export function checksOf(on: Runner, ticketId: number) {
  return dbOf(on)
    .selectFrom("playbook_checks")
    .select(["playbook_id", "step_index"])
    .where("ticket_id", "=", ticketId)
    .execute();
}

export async function setCheck(
  on: Runner,
  row: { ticket_id: number; playbook_id: number; step_index: number; agent_id: number },
  checked: boolean,
): Promise<void> {
  const db = dbOf(on);
  if (!checked) {
    await db
      .deleteFrom("playbook_checks")
      .where("ticket_id", "=", row.ticket_id)
      .where("playbook_id", "=", row.playbook_id)
      .where("step_index", "=", row.step_index)
      .execute();
    return;
  }
  await db
    .insertInto("playbook_checks")
    .values({ ...row, checked_at: Date.now() })
    .onConflict((oc) => oc.columns(["ticket_id", "playbook_id", "step_index"]).doNothing())
    .execute();
}

/** What a ticket is matched on: its subject and the text of its messages customers can read. */
export function ticketTexts(on: Runner, ticketId: number) {
  return dbOf(on)
    .selectFrom("messages")
    .select("body_text")
    .where("ticket_id", "=", ticketId)
    .where("internal", "=", 0)
    .orderBy("id")
    .limit(50)
    .execute();
}

export function macroNames(on: Runner, workspaceId: number, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return dbOf(on)
    .selectFrom("macros")
    .select(["id", "name", "shortcut", "language", "translation_of", "shared", "owner_id"])
    .where("workspace_id", "=", workspaceId)
    .where((eb) => eb.or([eb("id", "in", ids), eb("translation_of", "in", ids)]))
    .execute();
}
