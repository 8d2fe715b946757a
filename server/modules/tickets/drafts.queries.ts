import { dbOf, type Runner } from "../../db/index";

// Drafts as stored: one row per agent and ticket. No rules here.

export function findDrafts(on: Runner, ticketId: number) {
  return dbOf(on)
    .selectFrom("ticket_drafts")
    .innerJoin("agents", "agents.id", "ticket_drafts.agent_id")
    .select([
      "ticket_drafts.agent_id",
      "agents.name",
      "ticket_drafts.body_text",
      "ticket_drafts.internal",
      "ticket_drafts.updated_at",
    ])
    .where("ticket_drafts.ticket_id", "=", ticketId)
    .orderBy("ticket_drafts.updated_at", "desc")
    .execute();
}

export async function upsertDraft(
  on: Runner,
  row: { ticket_id: number; agent_id: number; workspace_id: number; body_text: string; internal: number },
) {
  const updated_at = Date.now();
  await dbOf(on)
    .insertInto("ticket_drafts")
    .values({ ...row, updated_at })
    .onConflict((oc) =>
      oc
        .columns(["ticket_id", "agent_id"])
        .doUpdateSet({ body_text: row.body_text, internal: row.internal, updated_at }),
    )
    .execute();
  return updated_at;
}

export async function deleteDraft(on: Runner, ticketId: number, agentId: number): Promise<void> {
  await dbOf(on)
    .deleteFrom("ticket_drafts")
    .where("ticket_id", "=", ticketId)
    .where("agent_id", "=", agentId)
    .execute();
}
