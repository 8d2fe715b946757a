import type { Ctx } from "../context";

// Queries of the websocket endpoints. No rules here.

/** The teams an agent belongs to, whose rooms the agent may join. */
export const agentTeamIds = async (ctx: Ctx, agentId: number) =>
  (await ctx.db.selectFrom("team_members").select("team_id").where("agent_id", "=", agentId).execute()).map(
    (r) => r.team_id,
  );
