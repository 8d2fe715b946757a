import { ZApiTokenCreated, ZApiTokenList, ZLoginResult, ZMe, ZMySettings, ZOk } from "../../../shared/api/index";
import { ZIdParam, ZLogin, ZMySettingsInput, ZTokenInput } from "../../../shared/schemas";
import { badRequest, notFound } from "../../http/errors";
import { knownTimeZone } from "../../lib/time-zones";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { deleteToken, profile, setMySettings, tokensOf } from "./auth.queries";
import { createOwnToken, login, logout, SESSION_COOKIE } from "./auth.service";

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
    response: ZLoginResult,
    handler: async ({ ctx, body, req, reply }) => {
      const s = await login(ctx, body.email, body.password, req.ip);
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
    response: ZOk,
    handler: async ({ ctx, req, reply }) => {
      await logout(ctx, req.cookies[SESSION_COOKIE]);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true as const };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/me",
    access: "agent",
    policy: "workspace.read",
    tag: "auth",
    summary: "The signed-in agent, their teams and (for sessions) the CSRF token",
    response: ZMe,
    handler: async ({ ctx, actor }) => {
      const { agent, teams } = await profile(ctx, actor.agentId);
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
    summary:
      "Your own settings: availability (away agents get no automatic assignments), the time zone the app shows times in (null: the browser's) and the language of the emails you get",
    body: ZMySettingsInput,
    response: ZMySettings,
    handler: async ({ ctx, actor, body }) => {
      if (body.time_zone && !knownTimeZone(body.time_zone))
        throw badRequest("invalid_timezone", `${body.time_zone} is not an IANA time zone`);
      const saved = await setMySettings(ctx, actor.agentId, body);
      return { available: saved.available === 1, time_zone: saved.time_zone, language: saved.language };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/tokens",
    access: "agent",
    policy: "token.manage",
    tag: "auth",
    summary: "Your personal API tokens (never the secret itself)",
    response: ZApiTokenList,
    handler: async ({ ctx, actor }) => {
      const rows = await tokensOf(ctx, actor.agentId);
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
    response: ZApiTokenCreated,
    handler: async ({ ctx, actor, body }) => {
      const t = await createOwnToken(ctx, actor, body);
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
    response: ZOk,
    handler: async ({ ctx, actor, params }) => {
      if (!(await deleteToken(ctx, actor.agentId, params.id))) throw notFound("token");
      return { ok: true as const };
    },
  }),
];
