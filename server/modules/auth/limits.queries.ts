import { dbOf, type Runner } from "../../db/index";
import type { Insertable } from "kysely";
import type { AuditEventTable } from "../../db/schema";

export const loginAttempt = (on: Runner, email: string) =>
  dbOf(on).selectFrom("login_attempts").selectAll().where("email", "=", email).executeTakeFirst();

/** One more wrong password for this address; the count after it. */
export const countFailure = async (on: Runner, email: string, now: number) =>
  (
    await dbOf(on)
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

export const setLoginLimits = (on: Runner, email: string, delayUntil: number, lockedUntil: number | null) =>
  dbOf(on)
    .updateTable("login_attempts")
    .set({ delay_until: delayUntil, locked_until: lockedUntil })
    .where("email", "=", email)
    .execute();

/** Forgets an address's wrong passwords; whether there were any. */
export const clearLoginAttempts = async (on: Runner, email: string) =>
  Number((await dbOf(on).deleteFrom("login_attempts").where("email", "=", email).executeTakeFirst()).numDeletedRows) >
  0;

export const agentsByEmail = (on: Runner, email: string) =>
  dbOf(on).selectFrom("agents").select(["id", "workspace_id"]).where("email", "=", email).execute();

export const agentEmail = (on: Runner, workspaceId: number, id: number) =>
  dbOf(on)
    .selectFrom("agents")
    .select("email")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();

export const insertAuditEvent = (on: Runner, row: Insertable<AuditEventTable>) =>
  dbOf(on).insertInto("audit_events").values(row).execute();

export const auditEventsOf = (on: Runner, workspaceId: number) =>
  dbOf(on)
    .selectFrom("audit_events")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(200)
    .execute();
