import type { Insertable } from "kysely";
import type { Ctx } from "../../context";
import type { AuditEventTable } from "../../db/schema";

export const loginAttempt = (ctx: Ctx, email: string) =>
  ctx.db.selectFrom("login_attempts").selectAll().where("email", "=", email).executeTakeFirst();

/** One more wrong password for this address; the count after it. */
export const countFailure = async (ctx: Ctx, email: string, now: number) =>
  (
    await ctx.db
      .insertInto("login_attempts")
      .values({ email, failures: 1, delay_until: 0, locked_until: null, updated_at: now })
      .onConflict((oc) =>
        oc.column("email").doUpdateSet((eb) => ({
          failures: eb(eb.ref("login_attempts.failures"), "+", 1),
          updated_at: now,
        })),
      )
      .returning("failures")
      .executeTakeFirstOrThrow()
  ).failures;

export const setLoginLimits = (ctx: Ctx, email: string, delayUntil: number, lockedUntil: number | null) =>
  ctx.db
    .updateTable("login_attempts")
    .set({ delay_until: delayUntil, locked_until: lockedUntil })
    .where("email", "=", email)
    .execute();

/** Forgets an address's wrong passwords; whether there were any. */
export const clearLoginAttempts = async (ctx: Ctx, email: string) =>
  Number((await ctx.db.deleteFrom("login_attempts").where("email", "=", email).executeTakeFirst()).numDeletedRows) > 0;

export const agentsByEmail = (ctx: Ctx, email: string) =>
  ctx.db.selectFrom("agents").select(["id", "workspace_id"]).where("email", "=", email).execute();

export const agentEmail = (ctx: Ctx, workspaceId: number, id: number) =>
  ctx.db
    .selectFrom("agents")
    .select("email")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();

export const insertAuditEvent = (ctx: Ctx, row: Insertable<AuditEventTable>) =>
  ctx.db.insertInto("audit_events").values(row).execute();

export const auditEventsOf = (ctx: Ctx, workspaceId: number) =>
  ctx.db
    .selectFrom("audit_events")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(200)
    .execute();
