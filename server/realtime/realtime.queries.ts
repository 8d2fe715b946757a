import { dbOf, type Runner } from "../db/index";

// Queries of the websocket endpoints. No rules here.

/** The teams an agent belongs to, whose rooms the agent may join. */
export const agentTeamIds = async (on: Runner, agentId: number) =>
  (await dbOf(on).selectFrom("team_members").select("team_id").where("agent_id", "=", agentId).execute()).map(
    (r) => r.team_id,
  );

/** Whether the workspace has this team. */
export const teamOfWorkspace = async (on: Runner, workspaceId: number, teamId: number) =>
  !!(await dbOf(on)
    .selectFrom("teams")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", teamId)
    .executeTakeFirst());

/** Whether the workspace has a ticket with this number. */
export const ticketOfWorkspace = async (on: Runner, workspaceId: number, number: number) =>
  !!(await dbOf(on)
    .selectFrom("tickets")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("number", "=", number)
    .executeTakeFirst());
