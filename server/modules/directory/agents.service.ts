import type { z } from "zod";
import type { ZAgentInput, ZAgentUpdate, ZTeamInput, ZTeamUpdate } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { TeamRow } from "../../db/schema";
import type { AgentActor } from "../../http/actor";
import { badRequest, conflict, notFound } from "../../http/errors";
import { hashPassword } from "../auth/auth.service";
import { assertStrongPassword } from "../auth/password-strength";
import {
  activeAdminCount,
  agentIdsIn,
  deleteTeam,
  findAgent,
  findTeam,
  insertAgent,
  insertTeam,
  membersOf,
  replaceTeamMembers,
  teamById,
  teamHasTickets,
  teamsPage,
  updateAgent,
  updateTeam,
} from "./agents.queries";

export async function createAgent(ctx: Ctx, actor: AgentActor, input: z.output<typeof ZAgentInput>) {
  if (input.password) await assertStrongPassword(input.password, [input.email, input.name]);
  const now = Date.now();
  const row = await insertAgent(ctx, {
    workspace_id: actor.workspaceId,
    name: input.name,
    email: input.email,
    password_hash: input.password ? await hashPassword(input.password) : null,
    role: input.role,
    tier: input.tier,
    languages: JSON.stringify(input.languages),
    active: input.active ? 1 : 0,
    available: input.available ? 1 : 0,
    skills: JSON.stringify(input.skills),
    created_at: now,
    updated_at: now,
  });
  if (!row) throw conflict("email_taken", `an agent with email ${input.email} already exists`, { field: "email" });
  return row;
}

/**
 * Changes an agent. A new password ends the agent's other sessions (the caller's own stays when they change their
 * own password) and, with `revoke_tokens`, their API tokens; deactivating one ends every session and token at once,
 * so that reactivating them later brings none back.
 */
export async function changeAgent(ctx: Ctx, actor: AgentActor, id: number, input: z.output<typeof ZAgentUpdate>) {
  const current = await findAgent(ctx, actor.workspaceId, id);
  if (!current) throw notFound("agent");
  const { password, languages, active, available, skills, revoke_tokens, ...rest } = input;
  // Nobody locks themselves out, and the workspace always keeps an admin who can undo a mistake.
  if (active === false && id === actor.agentId)
    throw conflict("cannot_deactivate_self", "you cannot deactivate yourself; ask another admin", { field: "active" });
  const losesAdmin =
    current.role === "admin" && current.active === 1 && (active === false || (rest.role ?? "admin") !== "admin");
  if (losesAdmin && (await activeAdminCount(ctx, actor.workspaceId)) <= 1)
    throw conflict("last_admin", "the workspace's last active admin must stay an active admin", {
      field: active === false ? "active" : "role",
    });
  if (password) await assertStrongPassword(password, [input.email ?? current.email, input.name ?? current.name]);
  const deactivated = active === false;
  const end = {
    sessions: deactivated || !!password,
    keepSession: !deactivated && actor.agentId === id ? actor.sessionId : undefined,
    tokens: deactivated || (!!password && !!revoke_tokens),
  };
  return updateAgent(
    ctx,
    id,
    {
      ...rest,
      ...(password ? { password_hash: await hashPassword(password) } : {}),
      ...(languages ? { languages: JSON.stringify(languages) } : {}),
      ...(active !== undefined ? { active: active ? 1 : 0 } : {}),
      ...(available !== undefined ? { available: available ? 1 : 0 } : {}),
      ...(skills ? { skills: JSON.stringify(skills) } : {}),
      updated_at: Date.now(),
    },
    end,
  );
}

export type TeamWithMembers = TeamRow & { member_ids: number[] };

async function withMembers(ctx: Ctx, teams: TeamRow[]): Promise<TeamWithMembers[]> {
  const members = await membersOf(
    ctx,
    teams.map((t) => t.id),
  );
  return teams.map((t) => ({ ...t, member_ids: members.get(t.id)! }));
}

const loadTeam = async (ctx: Ctx, id: number) => (await withMembers(ctx, [await teamById(ctx, id)]))[0];

export async function listTeams(ctx: Ctx, actor: AgentActor, query: { limit: number; cursor?: string }) {
  const page = await teamsPage(ctx, actor.workspaceId, query.limit, query.cursor);
  return { rows: await withMembers(ctx, page.rows), next_cursor: page.next_cursor };
}

export async function getTeam(ctx: Ctx, actor: AgentActor, id: number) {
  const t = await findTeam(ctx, actor.workspaceId, id);
  if (!t) throw notFound("team");
  return (await withMembers(ctx, [t]))[0];
}

async function setMembers(ctx: Ctx, workspaceId: number, teamId: number, ids: number[]) {
  const unique = [...new Set(ids)];
  if (unique.length && (await agentIdsIn(ctx, workspaceId, unique)).length !== unique.length)
    throw badRequest("invalid_member", "a member id is not an agent of this workspace");
  await replaceTeamMembers(ctx, workspaceId, teamId, unique);
}

export async function createTeam(ctx: Ctx, actor: AgentActor, input: z.output<typeof ZTeamInput>) {
  const row = await insertTeam(ctx, {
    workspace_id: actor.workspaceId,
    name: input.name,
    tier: input.tier,
    auto_assign: input.auto_assign ? 1 : 0,
    capacity: input.capacity,
    created_at: Date.now(),
  });
  if (!row) throw conflict("name_taken", `a team named ${input.name} already exists`, { field: "name" });
  await setMembers(ctx, actor.workspaceId, row.id, input.member_ids);
  return loadTeam(ctx, row.id);
}

export async function changeTeam(ctx: Ctx, actor: AgentActor, id: number, input: z.output<typeof ZTeamUpdate>) {
  const t = await findTeam(ctx, actor.workspaceId, id);
  if (!t) throw notFound("team");
  const { member_ids, auto_assign, ...rest } = input;
  const set = Object.fromEntries(
    Object.entries({ ...rest, auto_assign: auto_assign === undefined ? undefined : auto_assign ? 1 : 0 }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  if (Object.keys(set).length) await updateTeam(ctx, t.id, set);
  if (member_ids) await setMembers(ctx, actor.workspaceId, t.id, member_ids);
  return loadTeam(ctx, t.id);
}

/** Tickets keep their team for reporting and for the inbox counters: a team with tickets is not deleted. */
export async function removeTeam(ctx: Ctx, actor: AgentActor, id: number) {
  if (!(await findTeam(ctx, actor.workspaceId, id))) throw notFound("team");
  if (await teamHasTickets(ctx, id)) throw conflict("has_tickets", "move this team's tickets to another team first");
  await deleteTeam(ctx, id);
}
