import { z } from "zod";
import { ZIdParam, ZLogin, ZTokenInput } from "../../../shared/schemas";
import { notFound } from "../../http/errors";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { createApiToken, login, logout, SESSION_COOKIE } from "./auth.service";

export const authRoutes = [
  route({
    method: "POST",
    url: "/api/v1/auth/login",
    access: "public",
    policy: null,
    tag: "auth",
    rateLimit: "login",
    summary: "Sign in with email and password; sets an HttpOnly session cookie and returns the CSRF token",
    body: ZLogin,
    handler: async ({ ctx, body, reply }) => {
      const s = await login(ctx.db, body.email, body.password);
      reply.setCookie(SESSION_COOKIE, s.token, {
        httpOnly: true,
        sameSite: "lax",
        secure: ctx.config.cookieSecure,
        path: "/",
        maxAge: s.maxAgeSeconds,
      });
      return {
        agent: { id: s.agent.id, name: s.agent.name, email: s.agent.email, role: s.agent.role },
        csrf_token: s.csrf,
      };
    },
  }),
  route({
    method: "POST",
    url: "/api/v1/auth/logout",
    access: "agent",
    policy: "workspace.read",
    tag: "auth",
    summary: "Sign out (ends the session)",
    handler: async ({ ctx, req, reply }) => {
      await logout(ctx.db, req.cookies[SESSION_COOKIE]);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/me",
    access: "agent",
    policy: "workspace.read",
    tag: "auth",
    summary: "The signed-in agent, their teams and (for sessions) the CSRF token",
    handler: async ({ ctx, actor }) => {
      const agent = await ctx.db
        .selectFrom("agents")
        .select(["id", "name", "email", "role", "tier", "languages", "available"])
        .where("id", "=", actor.agentId)
        .executeTakeFirstOrThrow();
      const teams = await ctx.db
        .selectFrom("teams")
        .innerJoin("team_members", "team_members.team_id", "teams.id")
        .select(["teams.id", "teams.name"])
        .where("team_members.agent_id", "=", actor.agentId)
        .execute();
      return {
        ...agent,
        available: agent.available === 1,
        languages: JSON.parse(agent.languages),
        teams,
        csrf_token: actor.csrfToken ?? null,
      };
    },
  }),
  route({
    method: "PATCH",
    url: "/api/v1/me",
    access: "agent",
    policy: "workspace.read",
    tag: "auth",
    summary: "Set your own availability: away agents get no automatic assignments",
    body: z.object({ available: z.boolean() }),
    handler: async ({ ctx, actor, body }) => {
      await ctx.db
        .updateTable("agents")
        .set({ available: body.available ? 1 : 0, updated_at: Date.now() })
        .where("id", "=", actor.agentId)
        .execute();
      return { available: body.available };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/tokens",
    access: "agent",
    policy: "token.manage",
    tag: "auth",
    summary: "Your personal API tokens (never the secret itself)",
    handler: async ({ ctx, actor }) => {
      const rows = await ctx.db
        .selectFrom("api_tokens")
        .select(["id", "name", "prefix", "created_at", "last_used_at"])
        .where("agent_id", "=", actor.agentId)
        .orderBy("id")
        .execute();
      return { data: rows.map((r) => ({ ...r, created_at: iso(r.created_at), last_used_at: iso(r.last_used_at) })) };
    },
  }),
  route({
    method: "POST",
    url: "/api/v1/tokens",
    access: "agent",
    policy: "token.manage",
    tag: "auth",
    status: 201,
    summary: "Create a personal API token; the token is shown once",
    body: ZTokenInput,
    handler: async ({ ctx, actor, body }) => {
      const t = await createApiToken(ctx.db, actor.workspaceId, actor.agentId, body.name);
      return { ...t, created_at: iso(t.created_at) };
    },
  }),
  route({
    method: "DELETE",
    url: "/api/v1/tokens/:id",
    access: "agent",
    policy: "token.manage",
    tag: "auth",
    summary: "Revoke one of your API tokens",
    params: ZIdParam,
    handler: async ({ ctx, actor, params }) => {
      const r = await ctx.db
        .deleteFrom("api_tokens")
        .where("id", "=", params.id)
        .where("agent_id", "=", actor.agentId)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw notFound("token");
      return { ok: true };
    },
  }),
];
