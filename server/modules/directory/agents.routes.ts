import { type Agent, type Team, ZAgent, ZAgentPage, ZOk, ZTeam, ZTeamPage, ZUnlocked } from "../../../shared/api/index";
import { ZAgentInput, ZAgentUpdate, ZIdParam, ZListQuery, ZTeamInput, ZTeamUpdate } from "../../../shared/schemas";
import type { AgentRow } from "../../db/schema";
import { notFound } from "../../http/errors";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { unlockAgent } from "../auth/limits";
import { agentsPage, findAgent } from "./agents.queries";
import {
  changeAgent,
  changeTeam,
  createAgent,
  createTeam,
  getTeam,
  listTeams,
  removeTeam,
  type TeamWithMembers,
} from "./agents.service";

export const presentAgent = (a: AgentRow): Agent => ({
  id: a.id,
  name: a.name,
  email: a.email,
  role: a.role,
  tier: a.tier,
  languages: JSON.parse(a.languages) as Agent["languages"],
  active: a.active === 1,
  available: a.available === 1,
  skills: JSON.parse(a.skills) as string[],
  created_at: iso(a.created_at),
});

const presentTeam = (t: TeamWithMembers): Team => ({
  id: t.id,
  name: t.name,
  member_ids: t.member_ids,
  tier: t.tier,
  auto_assign: t.auto_assign === 1,
  capacity: t.capacity,
});

export const agentRoutes = [
  route({
    method: "GET",
    url: "/api/v1/agents",
    access: "agent",
    policy: "agent.read",
    tag: "agents",
    summary: "List agents",
    query: ZListQuery,
    response: ZAgentPage,
    handler: async ({ ctx, actor, query }) => {
      const page = await agentsPage(ctx, actor.workspaceId, query.limit, query.cursor);
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
    response: ZAgent,
    handler: async ({ ctx, actor, body }) => presentAgent(await createAgent(ctx, actor, body)),
  }),
  route({
    method: "GET",
    url: "/api/v1/agents/:id",
    access: "agent",
    policy: "agent.read",
    tag: "agents",
    summary: "One agent",
    params: ZIdParam,
    response: ZAgent,
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
    response: ZAgent,
    handler: async ({ ctx, actor, params, body }) => presentAgent(await changeAgent(ctx, actor, params.id, body)),
  }),
  route({
    method: "POST",
    url: "/api/v1/agents/:id/unlock",
    access: "agent",
    policy: "agent.write",
    tag: "agents",
    summary:
      "Lift the lock (and the delay) that wrong passwords put on an agent's sign-in; recorded in the audit trail",
    params: ZIdParam,
    response: ZUnlocked,
    handler: async ({ ctx, actor, params, req }) => unlockAgent(ctx, actor, params.id, req.ip),
  }),
  route({
    method: "GET",
    url: "/api/v1/teams",
    access: "agent",
    policy: "team.read",
    tag: "teams",
    summary: "List teams with their members",
    query: ZListQuery,
    response: ZTeamPage,
    handler: async ({ ctx, actor, query }) => {
      const page = await listTeams(ctx, actor, query);
      return { data: page.rows.map(presentTeam), next_cursor: page.next_cursor };
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
    response: ZTeam,
    handler: async ({ ctx, actor, body }) => presentTeam(await createTeam(ctx, actor, body)),
  }),
  route({
    method: "GET",
    url: "/api/v1/teams/:id",
    access: "agent",
    policy: "team.read",
    tag: "teams",
    summary: "One team",
    params: ZIdParam,
    response: ZTeam,
    handler: async ({ ctx, actor, params }) => presentTeam(await getTeam(ctx, actor, params.id)),
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
    response: ZTeam,
    handler: async ({ ctx, actor, params, body }) => presentTeam(await changeTeam(ctx, actor, params.id, body)),
  }),
  route({
    method: "DELETE",
    url: "/api/v1/teams/:id",
    access: "agent",
    policy: "team.write",
    tag: "teams",
    summary: "Delete a team that has no tickets",
    params: ZIdParam,
    response: ZOk,
    handler: async ({ ctx, actor, params }) => {
      await removeTeam(ctx, actor, params.id);
      return { ok: true as const };
    },
  }),
];
