import { ZAgentInput, ZAgentUpdate, ZIdParam, ZListQuery, ZTeamInput, ZTeamUpdate } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { AgentRow } from "../../db/schema";
import { badRequest, conflict, notFound } from "../../http/errors";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { hashPassword } from "../auth/auth.service";
import { pageById } from "../../lib/paging";

export const presentAgent = (a: AgentRow) => ({
  id: a.id,
  name: a.name,
  email: a.email,
  role: a.role,
  tier: a.tier,
  languages: JSON.parse(a.languages) as string[],
  active: a.active === 1,
  available: a.available === 1,
  skills: JSON.parse(a.skills) as string[],
  created_at: iso(a.created_at),
});

const findAgent = (ctx: Ctx, ws: number, id: number) =>
  ctx.db.selectFrom("agents").selectAll().where("workspace_id", "=", ws).where("id", "=", id).executeTakeFirst();
const findTeam = (ctx: Ctx, ws: number, id: number) =>
  ctx.db.selectFrom("teams").selectAll().where("workspace_id", "=", ws).where("id", "=", id).executeTakeFirst();

async function presentTeam(ctx: Ctx, id: number) {
  const t = await ctx.db.selectFrom("teams").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const members = await ctx.db
    .selectFrom("team_members")
    .select("agent_id")
    .where("team_id", "=", t.id)
    .orderBy("agent_id")
    .execute();
  return {
    id: t.id,
    name: t.name,
    member_ids: members.map((m) => m.agent_id),
    tier: t.tier,
    auto_assign: t.auto_assign === 1,
    capacity: t.capacity,
  };
}

async function setMembers(ctx: Ctx, ws: number, teamId: number, ids: number[]) {
  const unique = [...new Set(ids)];
  if (unique.length) {
    const found = await ctx.db
      .selectFrom("agents")
      .select("id")
      .where("workspace_id", "=", ws)
      .where("id", "in", unique)
      .execute();
    if (found.length !== unique.length)
      throw badRequest("invalid_member", "a member id is not an agent of this workspace");
  }
  // Members who stay keep their place in the round-robin (last_assigned_at).
  await ctx.db.transaction().execute(async (trx) => {
    const current = (
      await trx.selectFrom("team_members").select("agent_id").where("team_id", "=", teamId).execute()
    ).map((m) => m.agent_id);
    const gone = current.filter((id) => !unique.includes(id));
    const added = unique.filter((id) => !current.includes(id));
    if (gone.length)
      await trx.deleteFrom("team_members").where("team_id", "=", teamId).where("agent_id", "in", gone).execute();
    if (added.length)
      await trx
        .insertInto("team_members")
        .values(added.map((agent_id) => ({ team_id: teamId, agent_id, workspace_id: ws })))
        .execute();
  });
}

export const agentRoutes = [
  route({
    method: "GET",
    url: "/api/v1/agents",
    access: "agent",
    policy: "agent.read",
    tag: "agents",
    summary: "List agents",
    query: ZListQuery,
    handler: async ({ ctx, actor, query }) => {
      const page = await pageById(
        ctx.db.selectFrom("agents").selectAll().where("workspace_id", "=", actor.workspaceId),
        "id",
        query.limit,
        query.cursor,
      );
      return { data: page.rows.map(presentAgent), next_cursor: page.next_cursor };
    },
  }),
  route({
    method: "POST",
    url: "/api/v1/agents",
    access: "agent",
    policy: "agent.write",
    tag: "agents",
    status: 201,
    summary: "Create an agent",
    body: ZAgentInput,
    handler: async ({ ctx, actor, body }) => {
      const now = Date.now();
      const row = await ctx.db
        .insertInto("agents")
        .values({
          workspace_id: actor.workspaceId,
          name: body.name,
          email: body.email,
          password_hash: body.password ? await hashPassword(body.password) : null,
          role: body.role,
          tier: body.tier,
          languages: JSON.stringify(body.languages),
          active: body.active ? 1 : 0,
          available: body.available ? 1 : 0,
          skills: JSON.stringify(body.skills),
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(["workspace_id", "email"]).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw conflict("email_taken", `an agent with email ${body.email} already exists`);
      return presentAgent(row);
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/agents/:id",
    access: "agent",
    policy: "agent.read",
    tag: "agents",
    summary: "One agent",
    params: ZIdParam,
    handler: async ({ ctx, actor, params }) => {
      const a = await findAgent(ctx, actor.workspaceId, params.id);
      if (!a) throw notFound("agent");
      return presentAgent(a);
    },
  }),
  route({
    method: "PATCH",
    url: "/api/v1/agents/:id",
    access: "agent",
    policy: "agent.write",
    tag: "agents",
    summary: "Change an agent (deactivate with active: false)",
    params: ZIdParam,
    body: ZAgentUpdate,
    handler: async ({ ctx, actor, params, body }) => {
      if (!(await findAgent(ctx, actor.workspaceId, params.id))) throw notFound("agent");
      const { password, languages, active, available, skills, ...rest } = body;
      const row = await ctx.db
        .updateTable("agents")
        .set({
          ...rest,
          ...(password ? { password_hash: await hashPassword(password) } : {}),
          ...(languages ? { languages: JSON.stringify(languages) } : {}),
          ...(active !== undefined ? { active: active ? 1 : 0 } : {}),
          ...(available !== undefined ? { available: available ? 1 : 0 } : {}),
          ...(skills ? { skills: JSON.stringify(skills) } : {}),
          updated_at: Date.now(),
        })
        .where("id", "=", params.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (active === false) await ctx.db.deleteFrom("sessions").where("agent_id", "=", params.id).execute();
      return presentAgent(row);
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/teams",
    access: "agent",
    policy: "team.read",
    tag: "teams",
    summary: "List teams with their members",
    query: ZListQuery,
    handler: async ({ ctx, actor, query }) => {
      const page = await pageById(
        ctx.db.selectFrom("teams").selectAll().where("workspace_id", "=", actor.workspaceId),
        "id",
        query.limit,
        query.cursor,
      );
      return { data: await Promise.all(page.rows.map((t) => presentTeam(ctx, t.id))), next_cursor: page.next_cursor };
    },
  }),
  route({
    method: "POST",
    url: "/api/v1/teams",
    access: "agent",
    policy: "team.write",
    tag: "teams",
    status: 201,
    summary: "Create a team",
    body: ZTeamInput,
    handler: async ({ ctx, actor, body }) => {
      const row = await ctx.db
        .insertInto("teams")
        .values({
          workspace_id: actor.workspaceId,
          name: body.name,
          tier: body.tier,
          auto_assign: body.auto_assign ? 1 : 0,
          capacity: body.capacity,
          created_at: Date.now(),
        })
        .onConflict((oc) => oc.columns(["workspace_id", "name"]).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw conflict("name_taken", `a team named ${body.name} already exists`);
      await setMembers(ctx, actor.workspaceId, row.id, body.member_ids);
      return presentTeam(ctx, row.id);
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/teams/:id",
    access: "agent",
    policy: "team.read",
    tag: "teams",
    summary: "One team",
    params: ZIdParam,
    handler: async ({ ctx, actor, params }) => {
      const t = await findTeam(ctx, actor.workspaceId, params.id);
      if (!t) throw notFound("team");
      return presentTeam(ctx, t.id);
    },
  }),
  route({
    method: "PATCH",
    url: "/api/v1/teams/:id",
    access: "agent",
    policy: "team.write",
    tag: "teams",
    summary: "Rename a team or set its members",
    params: ZIdParam,
    body: ZTeamUpdate,
    handler: async ({ ctx, actor, params, body }) => {
      const t = await findTeam(ctx, actor.workspaceId, params.id);
      if (!t) throw notFound("team");
      const { member_ids, auto_assign, ...rest } = body;
      const set = Object.fromEntries(
        Object.entries({ ...rest, auto_assign: auto_assign === undefined ? undefined : auto_assign ? 1 : 0 }).filter(
          ([, v]) => v !== undefined,
        ),
      );
      if (Object.keys(set).length) await ctx.db.updateTable("teams").set(set).where("id", "=", t.id).execute();
      if (member_ids) await setMembers(ctx, actor.workspaceId, t.id, member_ids);
      return presentTeam(ctx, t.id);
    },
  }),
  route({
    method: "DELETE",
    url: "/api/v1/teams/:id",
    access: "agent",
    policy: "team.write",
    tag: "teams",
    summary: "Delete a team that has no tickets",
    params: ZIdParam,
    handler: async ({ ctx, actor, params }) => {
      if (!(await findTeam(ctx, actor.workspaceId, params.id))) throw notFound("team");
      // Tickets keep their team for reporting and for the inbox counters: move them before deleting.
      const t = await ctx.db
        .selectFrom("tickets")
        .select("id")
        .where("team_id", "=", params.id)
        .limit(1)
        .executeTakeFirst();
      if (t) throw conflict("has_tickets", "move this team's tickets to another team first");
      await ctx.db.deleteFrom("teams").where("id", "=", params.id).execute();
      return { ok: true };
    },
  }),
];
