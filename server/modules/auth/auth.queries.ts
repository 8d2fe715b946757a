import { dbOf, type Runner } from "../../db/index";
import type { Insertable } from "kysely";
import type { Db } from "../../db/index";
import type { ApiTokenTable, SessionTable } from "../../db/schema";
import { customerSession } from "../portal-links/portal-links";

/** ctx's database, for the functions that tests, benchmarks and the CLI call with a bare one (createApiToken). */
export const databaseOf = (on: Runner): Db => dbOf(on);

export const activeAgentByEmail = (on: Runner, email: string) =>
  dbOf(on).selectFrom("agents").selectAll().where("email", "=", email).where("active", "=", 1).executeTakeFirst();

export const insertSession = (on: Runner, row: Insertable<SessionTable>) =>
  dbOf(on).insertInto("sessions").values(row).execute();

export const deleteSession = (on: Runner, id: string) => dbOf(on).deleteFrom("sessions").where("id", "=", id).execute();

const agentCols = ["agents.id", "agents.workspace_id", "agents.name", "agents.role", "agents.tier"] as const;

/** The active agent a session belongs to, with the session's CSRF token and expiry. */
export const sessionAgent = (on: Runner, sessionId: string) =>
  dbOf(on)
    .selectFrom("sessions")
    .innerJoin("agents", "agents.id", "sessions.agent_id")
    .select([...agentCols, "sessions.csrf_token", "sessions.expires_at"])
    .where("sessions.id", "=", sessionId)
    .where("agents.active", "=", 1)
    .executeTakeFirst();

/** The active agent an API token belongs to, with the token's id and last use. */
export const tokenAgent = (on: Runner, tokenHash: string) =>
  dbOf(on)
    .selectFrom("api_tokens")
    .innerJoin("agents", "agents.id", "api_tokens.agent_id")
    .select([...agentCols, "api_tokens.id as token_id", "api_tokens.last_used_at"])
    .where("api_tokens.token_hash", "=", tokenHash)
    .where("agents.active", "=", 1)
    .executeTakeFirst();

export const touchToken = (on: Runner, id: number, at: number) =>
  dbOf(on).updateTable("api_tokens").set({ last_used_at: at }).where("id", "=", id).execute();

export const insertApiToken = (on: Runner, row: Insertable<ApiTokenTable>) =>
  dbOf(on)
    .insertInto("api_tokens")
    .values(row)
    .returning(["id", "name", "prefix", "created_at"])
    .executeTakeFirstOrThrow();

export const tokensOf = (on: Runner, agentId: number) =>
  dbOf(on)
    .selectFrom("api_tokens")
    .select(["id", "name", "prefix", "created_at", "last_used_at"])
    .where("agent_id", "=", agentId)
    .orderBy("id")
    .execute();

/** Whether the agent had such a token. */
export const deleteToken = async (on: Runner, agentId: number, id: number) =>
  Number(
    (await dbOf(on).deleteFrom("api_tokens").where("id", "=", id).where("agent_id", "=", agentId).executeTakeFirst())
      .numDeletedRows,
  ) > 0;

/** The signed-in agent's own record and teams. */
export async function profile(on: Runner, agentId: number) {
  const db = dbOf(on);
  const agent = await db
    .selectFrom("agents")
    .select(["id", "name", "email", "role", "tier", "languages", "available", "time_zone", "language"])
    .where("id", "=", agentId)
    .executeTakeFirstOrThrow();
  const teams = await db
    .selectFrom("teams")
    .innerJoin("team_members", "team_members.team_id", "teams.id")
    .select(["teams.id", "teams.name"])
    .where("team_members.agent_id", "=", agentId)
    .execute();
  return { agent, teams };
}

/** Saves what was given of the agent's own settings and returns them all. */
export async function setMySettings(
  on: Runner,
  agentId: number,
  v: { available?: boolean; time_zone?: string | null; language?: "it" | "en" },
) {
  return dbOf(on)
    .updateTable("agents")
    .set({
      ...(v.available !== undefined && { available: v.available ? 1 : 0 }),
      ...(v.time_zone !== undefined && { time_zone: v.time_zone }),
      ...(v.language !== undefined && { language: v.language }),
      updated_at: Date.now(),
    })
    .where("id", "=", agentId)
    .returning(["available", "time_zone", "language"])
    .executeTakeFirstOrThrow();
}

export const portalSession = (on: Runner, cookie: string) => customerSession(dbOf(on), cookie);
