import { dbOf, type Runner } from "../../db/index";
import type { Insertable, Updateable } from "kysely";
import type { AgentTable, TeamTable } from "../../db/schema";
import { pageById } from "../../lib/paging";

export const agentsPage = (on: Runner, workspaceId: number, limit: number, cursor: string | undefined) =>
  pageById(dbOf(on).selectFrom("agents").selectAll().where("workspace_id", "=", workspaceId), "id", limit, cursor);

export const findAgent = (on: Runner, workspaceId: number, id: number) =>
  dbOf(on)
    .selectFrom("agents")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();

/** How many active admins the workspace has. */
export const activeAdminCount = async (on: Runner, workspaceId: number) =>
  Number(
    (
      await dbOf(on)
        .selectFrom("agents")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("workspace_id", "=", workspaceId)
        .where("role", "=", "admin")
        .where("active", "=", 1)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The new agent, or undefined when the workspace already has an agent with this email. */
export const insertAgent = (on: Runner, row: Insertable<AgentTable>) =>
  dbOf(on)
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
  on: Runner,
  id: number,
  set: Updateable<AgentTable>,
  end: { sessions: boolean; keepSession?: string; tokens: boolean } = { sessions: false, tokens: false },
) =>
  dbOf(on)
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .updateTable("agents")
        .set(set)
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (end.sessions) {
        let q = trx.deleteFrom("sessions").where("agent_id", "=", id);
        if (end.keepSession) q = q.where("id", "!=", end.keepSession);
        await q.execute();
      }
      if (end.tokens) await trx.deleteFrom("api_tokens").where("agent_id", "=", id).execute();
      return row;
    });

export const agentExists = async (on: Runner, workspaceId: number, id: number) =>
  !!(await dbOf(on)
    .selectFrom("agents")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst());

/** Those of `ids` that are agents of the workspace. */
export const agentIdsIn = async (on: Runner, workspaceId: number, ids: number[]) =>
  (
    await dbOf(on)
      .selectFrom("agents")
      .select("id")
      .where("workspace_id", "=", workspaceId)
      .where("id", "in", ids)
      .execute()
  ).map((a) => a.id);

export const teamsPage = (on: Runner, workspaceId: number, limit: number, cursor: string | undefined) =>
  pageById(dbOf(on).selectFrom("teams").selectAll().where("workspace_id", "=", workspaceId), "id", limit, cursor);

export const findTeam = (on: Runner, workspaceId: number, id: number) =>
  dbOf(on)
    .selectFrom("teams")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();

export const teamById = (on: Runner, id: number) =>
  dbOf(on).selectFrom("teams").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

/** Each team's member ids, in ascending order (every asked-for team has an entry, perhaps empty). */
export async function membersOf(on: Runner, teamIds: number[]): Promise<Map<number, number[]>> {
  const db = dbOf(on);
  const members = new Map<number, number[]>(teamIds.map((id) => [id, []]));
  if (!teamIds.length) return members;
  const rows = await db
    .selectFrom("team_members")
    .select(["team_id", "agent_id"])
    .where("team_id", "in", teamIds)
    .orderBy("agent_id")
    .execute();
  for (const r of rows) members.get(r.team_id)?.push(r.agent_id);
  return members;
}

/** The new team, or undefined when the workspace already has a team with this name. */
export const insertTeam = (on: Runner, row: Insertable<TeamTable>) =>
  dbOf(on)
    .insertInto("teams")
    .values(row)
    .onConflict((oc) => oc.columns(["workspace_id", "name"]).doNothing())
    .returningAll()
    .executeTakeFirst();

export const updateTeam = (on: Runner, id: number, set: Updateable<TeamTable>) =>
  dbOf(on).updateTable("teams").set(set).where("id", "=", id).execute();

/** Makes `agentIds` the team's members; those who stay keep their row, so their place in the round-robin. */
export const replaceTeamMembers = (on: Runner, workspaceId: number, teamId: number, agentIds: number[]) =>
  dbOf(on)
    .transaction()
    .execute(async (trx) => {
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

export const teamHasTickets = async (on: Runner, teamId: number) =>
  !!(await dbOf(on).selectFrom("tickets").select("id").where("team_id", "=", teamId).limit(1).executeTakeFirst());

export const deleteTeam = (on: Runner, id: number) => dbOf(on).deleteFrom("teams").where("id", "=", id).execute();
