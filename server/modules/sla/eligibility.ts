import { dbOf, type Runner } from "../../db/index";

// The rules automatic assignment follows, shared with people's assignments: an assignment that breaks them
// treats the ticket differently from its policy and must say why (fairness).

/** A specialist ticket needs a specialist; a first-line ticket may go to anyone. */
export const fitsTier = (ticketTier: string, agentTier: string) =>
  ticketTier !== "specialist" || agentTier === "specialist";

/**
 * Why giving the ticket to this agent is outside the rules, or null when it is not: the agent is not a member
 * of the ticket's team, or their tier does not fit the ticket's. A ticket without a team has no team rule.
 */
export async function assignmentOutsideRules(
  on: Runner,
  ticket: { team_id: number | null; tier: string },
  agentId: number,
): Promise<"not_in_team" | "tier" | null> {
  const agent = await dbOf(on).selectFrom("agents").select("tier").where("id", "=", agentId).executeTakeFirst();
  if (!agent) return null; // the caller reports the unknown agent
  if (ticket.team_id !== null) {
    const member = await dbOf(on)
      .selectFrom("team_members")
      .select("agent_id")
      .where("team_id", "=", ticket.team_id)
      .where("agent_id", "=", agentId)
      .executeTakeFirst();
    if (!member) return "not_in_team";
  }
  return fitsTier(ticket.tier, agent.tier) ? null : "tier";
}
