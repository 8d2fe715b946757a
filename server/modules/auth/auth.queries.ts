import type { Insertable } from "kysely";
import type { Ctx } from "../../context";
import type { Db, DbOrTrx } from "../../db/index";
import type { ApiTokenTable, SessionTable } from "../../db/schema";
import { customerSession } from "../portal-links/portal-links";

/** ctx's database, for the functions that tests, benchmarks and the CLI call with a bare one (createApiToken). */
export const databaseOf = (ctx: Ctx): Db => ctx.db;

export const activeAgentByEmail = (ctx: Ctx, email: string) =>
  ctx.db.selectFrom("agents").selectAll().where("email", "=", email).where("active", "=", 1).executeTakeFirst();

export const insertSession = (ctx: Ctx, row: Insertable<SessionTable>) =>
  ctx.db.insertInto("sessions").values(row).execute();

export const deleteSession = (ctx: Ctx, id: string) => ctx.db.deleteFrom("sessions").where("id", "=", id).execute();

const agentCols = ["agents.id", "agents.workspace_id", "agents.name", "agents.role", "agents.tier"] as const;

/** The active agent a session belongs to, with the session's CSRF token and expiry. */
export const sessionAgent = (ctx: Ctx, sessionId: string) =>
  ctx.db
    .selectFrom("sessions")
    .innerJoin("agents", "agents.id", "sessions.agent_id")
    .select([...agentCols, "sessions.csrf_token", "sessions.expires_at"])
    .where("sessions.id", "=", sessionId)
    .where("agents.active", "=", 1)
    .executeTakeFirst();

/** The active agent an API token belongs to, with the token's id and last use. */
export const tokenAgent = (ctx: Ctx, tokenHash: string) =>
  ctx.db
    .selectFrom("api_tokens")
    .innerJoin("agents", "agents.id", "api_tokens.agent_id")
    .select([...agentCols, "api_tokens.id as token_id", "api_tokens.last_used_at"])
    .where("api_tokens.token_hash", "=", tokenHash)
    .where("agents.active", "=", 1)
    .executeTakeFirst();

export const touchToken = (ctx: Ctx, id: number, at: number) =>
  ctx.db.updateTable("api_tokens").set({ last_used_at: at }).where("id", "=", id).execute();

export const insertApiToken = (db: DbOrTrx, row: Insertable<ApiTokenTable>) =>
  db.insertInto("api_tokens").values(row).returning(["id", "name", "prefix", "created_at"]).executeTakeFirstOrThrow();

export const tokensOf = (ctx: Ctx, agentId: number) =>
  ctx.db
    .selectFrom("api_tokens")
    .select(["id", "name", "prefix", "created_at", "last_used_at"])
    .where("agent_id", "=", agentId)
    .orderBy("id")
    .execute();

/** Whether the agent had such a token. */
export const deleteToken = async (ctx: Ctx, agentId: number, id: number) =>
  Number(
    (await ctx.db.deleteFrom("api_tokens").where("id", "=", id).where("agent_id", "=", agentId).executeTakeFirst())
      .numDeletedRows,
  ) > 0;

/** The signed-in agent's own record and teams. */
export async function profile(ctx: Ctx, agentId: number) {
  const agent = await ctx.db
    .selectFrom("agents")
    .select(["id", "name", "email", "role", "tier", "languages", "available"])
    .where("id", "=", agentId)
    .executeTakeFirstOrThrow();
  const teams = await ctx.db
    .selectFrom("teams")
    .innerJoin("team_members", "team_members.team_id", "teams.id")
    .select(["teams.id", "teams.name"])
    .where("team_members.agent_id", "=", agentId)
    .execute();
  return { agent, teams };
}

export const setAvailable = (ctx: Ctx, agentId: number, available: boolean) =>
  ctx.db
    .updateTable("agents")
    .set({ available: available ? 1 : 0, updated_at: Date.now() })
    .where("id", "=", agentId)
    .execute();

export const portalSession = (ctx: Ctx, cookie: string) => customerSession(ctx.db, cookie);
