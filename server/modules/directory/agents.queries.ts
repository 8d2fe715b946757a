import type { Insertable, Updateable } from "kysely";
import type { Ctx } from "../../context";
import type { AgentTable, TeamTable } from "../../db/schema";
import { pageById } from "../../lib/paging";

export const agentsPage = (ctx: Ctx, workspaceId: number, limit: number, cursor: string | undefined) =>
  pageById(ctx.db.selectFrom("agents").selectAll().where("workspace_id", "=", workspaceId), "id", limit, cursor);

export const findAgent = (ctx: Ctx, workspaceId: number, id: number) =>
  ctx.db
    .selectFrom("agents")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();

/** How many active admins the workspace has. */
export const activeAdminCount = async (ctx: Ctx, workspaceId: number) =>
  Number(
    (
      await ctx.db
        .selectFrom("agents")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("workspace_id", "=", workspaceId)
        .where("role", "=", "admin")
        .where("active", "=", 1)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The new agent, or undefined when the workspace already has an agent with this email. */
export const insertAgent = (ctx: Ctx, row: Insertable<AgentTable>) =>
  ctx.db
    .insertInto("agents")
    .values(row)
    .onConflict((oc) => oc.columns(["workspace_id", "email"]).doNothing())
    .returningAll()
    .executeTakeFirst();

/**
 * Changes an agent and, in the same transaction, ends their sessions (all, or all but `keepSession`) and deletes
 * their API tokens, as asked.
 */
export const updateAgent = (
  ctx: Ctx,
  id: number,
  set: Updateable<AgentTable>,
  end: { sessions: boolean; keepSession?: string; tokens: boolean } = { sessions: false, tokens: false },
) =>
  ctx.db.transaction().execute(async (trx) => {
    const row = await trx.updateTable("agents").set(set).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
    if (end.sessions) {
      let q = trx.deleteFrom("sessions").where("agent_id", "=", id);
      if (end.keepSession) q = q.where("id", "!=", end.keepSession);
      await q.execute();
    }
    if (end.tokens) await trx.deleteFrom("api_tokens").where("agent_id", "=", id).execute();
    return row;
  });

export const agentExists = async (ctx: Ctx, workspaceId: number, id: number) =>
  !!(await ctx.db
    .selectFrom("agents")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst());

/** Those of `ids` that are agents of the workspace. */
export const agentIdsIn = async (ctx: Ctx, workspaceId: number, ids: number[]) =>
  (
    await ctx.db
      .selectFrom("agents")
      .select("id")
      .where("workspace_id", "=", workspaceId)
      .where("id", "in", ids)
      .execute()
  ).map((a) => a.id);

export const teamsPage = (ctx: Ctx, workspaceId: number, limit: number, cursor: string | undefined) =>
  pageById(ctx.db.selectFrom("teams").selectAll().where("workspace_id", "=", workspaceId), "id", limit, cursor);

export const findTeam = (ctx: Ctx, workspaceId: number, id: number) =>
  ctx.db
    .selectFrom("teams")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();

export const teamById = (ctx: Ctx, id: number) =>
  ctx.db.selectFrom("teams").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

/** Each team's member ids, in ascending order (every asked-for team has an entry, perhaps empty). */
export async function membersOf(ctx: Ctx, teamIds: number[]): Promise<Map<number, number[]>> {
  const members = new Map<number, number[]>(teamIds.map((id) => [id, []]));
  if (!teamIds.length) return members;
  const rows = await ctx.db
    .selectFrom("team_members")
    .select(["team_id", "agent_id"])
    .where("team_id", "in", teamIds)
    .orderBy("agent_id")
    .execute();
  for (const r of rows) members.get(r.team_id)?.push(r.agent_id);
  return members;
}

/** The new team, or undefined when the workspace already has a team with this name. */
export const insertTeam = (ctx: Ctx, row: Insertable<TeamTable>) =>
  ctx.db
    .insertInto("teams")
    .values(row)
    .onConflict((oc) => oc.columns(["workspace_id", "name"]).doNothing())
    .returningAll()
    .executeTakeFirst();

export const updateTeam = (ctx: Ctx, id: number, set: Updateable<TeamTable>) =>
  ctx.db.updateTable("teams").set(set).where("id", "=", id).execute();

/** Makes `agentIds` the team's members; those who stay keep their row, so their place in the round-robin. */
export const replaceTeamMembers = (ctx: Ctx, workspaceId: number, teamId: number, agentIds: number[]) =>
  ctx.db.transaction().execute(async (trx) => {
    const current = (
      await trx.selectFrom("team_members").select("agent_id").where("team_id", "=", teamId).execute()
    ).map((m) => m.agent_id);
    const gone = current.filter((id) => !agentIds.includes(id));
    const added = agentIds.filter((id) => !current.includes(id));
    if (gone.length)
      await trx.deleteFrom("team_members").where("team_id", "=", teamId).where("agent_id", "in", gone).execute();
    if (added.length)
      await trx
        .insertInto("team_members")
        .values(added.map((agent_id) => ({ team_id: teamId, agent_id, workspace_id: workspaceId })))
        .execute();
  });

export const teamHasTickets = async (ctx: Ctx, teamId: number) =>
  !!(await ctx.db.selectFrom("tickets").select("id").where("team_id", "=", teamId).limit(1).executeTakeFirst());

export const deleteTeam = (ctx: Ctx, id: number) => ctx.db.deleteFrom("teams").where("id", "=", id).execute();
