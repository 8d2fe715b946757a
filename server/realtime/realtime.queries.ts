import type { Ctx } from "../context";

// Queries of the websocket endpoints. No rules here.

/** The teams an agent belongs to, whose rooms the agent may join. */
export const agentTeamIds = async (ctx: Ctx, agentId: number) =>
  (await ctx.db.selectFrom("team_members").select("team_id").where("agent_id", "=", agentId).execute()).map(
    (r) => r.team_id,
  );

/** Whether the workspace has this team. */
export const teamOfWorkspace = async (ctx: Ctx, workspaceId: number, teamId: number) =>
  !!(await ctx.db
    .selectFrom("teams")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", teamId)
    .executeTakeFirst());

/** Whether the workspace has a ticket with this number. */
export const ticketOfWorkspace = async (ctx: Ctx, workspaceId: number, number: number) =>
  !!(await ctx.db
    .selectFrom("tickets")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("number", "=", number)
    .executeTakeFirst());
