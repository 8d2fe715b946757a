import { dbOf, type Runner } from "../../db/index";

// Public replies waiting for their "undo send" window, as stored. No rules here.

export async function insertHeld(
  on: Runner,
  row: {
    workspace_id: number;
    ticket_id: number;
    agent_id: number;
    body_text: string;
    attachment_ids: string;
    status: string | null;
    send_at: number;
  },
) {
  const { id } = await dbOf(on)
    .insertInto("held_replies")
    .values({ ...row, created_at: Date.now() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(id);
}

/** Takes a held reply away (to send or to undo): one caller gets it, whoever asks first. */
export function claimHeld(on: Runner, id: number, agentId?: number) {
  let q = dbOf(on).deleteFrom("held_replies").where("id", "=", id);
  if (agentId !== undefined) q = q.where("agent_id", "=", agentId);
  return q.returningAll().executeTakeFirst();
}

export async function dueHeld(on: Runner, now: number, limit = 50) {
  const rows = await dbOf(on)
    .selectFrom("held_replies")
    .select("id")
    .where("send_at", "<=", now)
    .orderBy("send_at")
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.id));
}

export function undoSeconds(on: Runner, workspaceId: number) {
  return dbOf(on)
    .selectFrom("workspaces")
    .select("undo_send_seconds")
    .where("id", "=", workspaceId)
    .executeTakeFirstOrThrow();
}

export function heldAuthor(on: Runner, agentId: number) {
  return dbOf(on)
    .selectFrom("agents")
    .select(["id", "workspace_id", "name", "role", "tier"])
    .where("id", "=", agentId)
    .executeTakeFirst();
}

export function heldTicket(on: Runner, ticketId: number) {
  return dbOf(on).selectFrom("tickets").select(["id", "number"]).where("id", "=", ticketId).executeTakeFirst();
}
