import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { ApiError, notFound } from "../../http/errors";
import {
  agentsByEmail,
  agentEmail,
  auditEventsOf,
  clearLoginAttempts,
  countFailure,
  insertAuditEvent,
  loginAttempt,
  setLoginLimits,
} from "./limits.queries";

/**
 * Wrong passwords per account (on top of the per-IP limit, which a botnet spreads thin): from the third in a row,
 * each next attempt waits a little longer (1 s, 2 s, 4 s … at most a minute) and is refused unchecked before then;
 * at LOGIN_LOCK_FAILURES the account is locked for LOGIN_LOCK_MINUTES, the right password included, unless an admin
 * unlocks it. Counted per email address whether or not an agent has it, so a lock tells nobody that one does.
 */
const FREE_FAILURES = 2;
const MAX_DELAY_MS = 60_000;

const delayAfter = (failures: number) =>
  failures <= FREE_FAILURES ? 0 : Math.min(1000 * 2 ** (failures - FREE_FAILURES - 1), MAX_DELAY_MS);

/** Throws when this address may not try now: locked (423) or within its delay (429). */
export async function checkLoginAllowed(ctx: Ctx, email: string, now = Date.now()): Promise<void> {
  const row = await loginAttempt(ctx, email);
  if (!row) return;
  if (row.locked_until !== null) {
    if (row.locked_until > now)
      throw new ApiError(423, "account_locked", "Too many wrong passwords: this account is locked for a while", {
        retry_after_seconds: Math.ceil((row.locked_until - now) / 1000),
      });
    // The lock is over: a fresh start.
    await clearLoginAttempts(ctx, email);
    return;
  }
  if (row.delay_until > now)
    throw new ApiError(429, "login_delayed", "Too many wrong passwords: wait before trying again", {
      retry_after_seconds: Math.ceil((row.delay_until - now) / 1000),
    });
}

export async function recordLoginFailure(ctx: Ctx, email: string, ip: string | null): Promise<void> {
  const now = Date.now();
  const failures = await countFailure(ctx, email, now);
  const lock = failures >= ctx.config.loginLockFailures;
  await setLoginLimits(ctx, email, now + delayAfter(failures), lock ? now + ctx.config.loginLockMs : null);
  if (!lock || failures !== ctx.config.loginLockFailures) return;
  ctx.log.warn({ ip, failures }, "account locked after wrong passwords");
  for (const agent of await agentsByEmail(ctx, email))
    await insertAuditEvent(ctx, {
      workspace_id: agent.workspace_id,
      action: "login.locked",
      agent_id: agent.id,
      actor_agent_id: null,
      ip,
      details: JSON.stringify({ failures, locked_until: new Date(now + ctx.config.loginLockMs).toISOString() }),
      created_at: now,
    });
}

export const recordLoginSuccess = (ctx: Ctx, email: string) => clearLoginAttempts(ctx, email);

/** An admin lifts an agent's lock (and delay) at once; recorded in the audit trail. */
export async function unlockAgent(ctx: Ctx, actor: AgentActor, agentId: number, ip: string | null) {
  const agent = await agentEmail(ctx, actor.workspaceId, agentId);
  if (!agent) throw notFound("agent");
  const wasLimited = await clearLoginAttempts(ctx, agent.email);
  await insertAuditEvent(ctx, {
    workspace_id: actor.workspaceId,
    action: "login.unlocked",
    agent_id: agentId,
    actor_agent_id: actor.agentId,
    ip,
    details: JSON.stringify({ was_limited: wasLimited }),
    created_at: Date.now(),
  });
  return { unlocked: wasLimited };
}

/** The workspace's audit trail, newest first. */
export const auditTrail = (ctx: Ctx, actor: AgentActor) => auditEventsOf(ctx, actor.workspaceId);
