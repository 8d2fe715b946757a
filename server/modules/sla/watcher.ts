import type { Ctx } from "../../context";
import type { Db } from "../../db/index";
import { iso } from "../../lib/cursor";
import { rooms } from "../../../shared/realtime";
import { notifyNow } from "../notifications/notifications.service";
import { alertedTicket, claimClock, type Due, dueClocks, nextAlarms } from "./sla.queries";

/**
 * Records each clock that reached `at` (warn_at or due_at) once: candidates come from a partial index, and a
 * conditional update on the matching `*_at` column claims each, so with several workers (threads or
 * processes) exactly one writes the timeline event. Claim and event share one transaction, so a process that
 * dies between them leaves neither; a clock met meanwhile is not claimed. `notify` runs after the commit.
 */
async function fireOnce(
  db: Db,
  now: number,
  at: "warn_at" | "due_at",
  done: "warned_at" | "breached_at",
  event: string,
  notify?: (d: Due) => Promise<void>,
) {
  const due = await dueClocks(db, now, at, done);
  let fired = 0;
  for (const c of due) {
    const won = await claimClock(
      db,
      c,
      done,
      { type: event, data: JSON.stringify({ target: c.target, due_at: iso(c.due_at) }) },
      now,
    );
    if (!won) continue;
    fired++;
    await notify?.(c);
  }
  return fired;
}

/** Warnings before a breach (the policy's share of a target used); `notify` tells the people who must act. */
export const fireWarnings = (db: Db, now = Date.now(), notify?: (d: Due) => Promise<void>) =>
  fireOnce(db, now, "warn_at", "warned_at", "sla_warning", notify);

/** Breaches: clocks past their due time; `notify` tells the people who must act. */
export const fireBreaches = (db: Db, now = Date.now(), notify?: (d: Due) => Promise<void>) =>
  fireOnce(db, now, "due_at", "breached_at", "sla_breached", notify);

/**
 * A warning or a breach goes to the agents' realtime room of the workspace, naming the assignee: the agent app
 * shows it to the assignee and to supervisors and admins (who see all). Whoever was offline finds it in
 * GET /api/v1/sla/alerts, read from the clocks themselves.
 */
async function notify(ctx: Ctx, type: "sla.warning" | "sla.breached", c: Due) {
  const t = await alertedTicket(ctx.db, c.ticket_id);
  if (!t) return;
  // The assignee's notification centre keeps it (after the claim: one worker writes it).
  if (t.assignee_id)
    await notifyNow(ctx, {
      workspaceId: c.workspace_id,
      agentId: t.assignee_id,
      kind: type === "sla.warning" ? "sla_warning" : "sla_breached",
      ticketId: c.ticket_id,
      payload: { subject: t.subject, target: c.target },
    });
  if (!ctx.hub.hasAudience) return;
  await ctx.hub.publish(rooms.workspace(c.workspace_id), {
    type,
    ticket_number: t.number,
    subject: t.subject,
    target: c.target,
    due_at: c.due_at ? new Date(c.due_at).toISOString() : null,
    assignee_id: t.assignee_id,
  });
}

const MAX_SLEEP_MS = 10_000;

/**
 * One look of the worker: records the warnings and breaches due at `now` and answers when the next one is
 * due (read from the partial indexes, never a scan of open tickets). The benchmark times exactly this.
 */
export async function checkDue(ctx: Ctx, now = Date.now()): Promise<number> {
  await fireWarnings(ctx.db, now, (c) => notify(ctx, "sla.warning", c));
  await fireBreaches(ctx.db, now, (c) => notify(ctx, "sla.breached", c));
  const next = await nextAlarms(ctx.db);
  return Math.min(next.due ?? Infinity, next.warn ?? Infinity);
}

/**
 * Worker loop: sleep until the next due time, at most 10 s so that clocks started on other nodes are seen,
 * then record what is due. Several workers may run it at once: each clock is claimed by one of them.
 */
export function watchBreaches(ctx: Ctx): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const loop = async () => {
    if (stopped) return;
    let sleep = MAX_SLEEP_MS;
    try {
      const next = await checkDue(ctx);
      if (Number.isFinite(next)) sleep = Math.max(50, Math.min(MAX_SLEEP_MS, next - Date.now()));
    } catch (err) {
      ctx.log.warn({ err }, "SLA breach check failed");
    }
    if (!stopped) timer = setTimeout(loop, sleep);
  };
  timer = setTimeout(loop, 100);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
