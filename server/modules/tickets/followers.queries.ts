import { dbOf, type Runner } from "../../db/index";

// A ticket's followers (agents) and CC addresses, as stored. No rules here.

export function followersOf(on: Runner, ticketId: number) {
  return dbOf(on)
    .selectFrom("ticket_followers")
    .innerJoin("agents", "agents.id", "ticket_followers.agent_id")
    .select(["agents.id", "agents.name"])
    .where("ticket_followers.ticket_id", "=", ticketId)
    .orderBy("agents.name")
    .execute();
}

export async function replaceFollowers(on: Runner, workspaceId: number, ticketId: number, agentIds: number[]) {
  const db = dbOf(on);
  await db.deleteFrom("ticket_followers").where("ticket_id", "=", ticketId).execute();
  if (agentIds.length)
    await db
      .insertInto("ticket_followers")
      .values(
        agentIds.map((agent_id) => ({
          ticket_id: ticketId,
          agent_id,
          workspace_id: workspaceId,
          created_at: Date.now(),
        })),
      )
      .execute();
}

/** Which of `ids` are active agents of the workspace. */
export async function agentsOfWorkspace(on: Runner, workspaceId: number, ids: number[]) {
  if (!ids.length) return [];
  const rows = await dbOf(on)
    .selectFrom("agents")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("active", "=", 1)
    .where("id", "in", ids)
    .execute();
  return rows.map((r) => r.id);
}

export async function ccOf(on: Runner, ticketId: number) {
  const rows = await dbOf(on)
    .selectFrom("ticket_cc")
    .select("address")
    .where("ticket_id", "=", ticketId)
    .orderBy("created_at")
    .orderBy("address")
    .execute();
  return rows.map((r) => r.address);
}

export async function replaceCc(on: Runner, workspaceId: number, ticketId: number, addresses: string[]) {
  const db = dbOf(on);
  await db.deleteFrom("ticket_cc").where("ticket_id", "=", ticketId).execute();
  if (addresses.length)
    await db
      .insertInto("ticket_cc")
      .values(
        addresses.map((address) => ({
          ticket_id: ticketId,
          address,
          workspace_id: workspaceId,
          created_at: Date.now(),
        })),
      )
      .execute();
}
