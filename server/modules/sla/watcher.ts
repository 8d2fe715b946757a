import type { Ctx } from "../../context";
import { rooms } from "../../../shared/realtime";
import { type Due, fireBreaches, fireWarnings } from "./clocks";

/**
 * A warning or a breach goes to the agents' realtime room of the workspace, naming the assignee: the agent app
 * shows it to the assignee and to supervisors and admins (who see all). Whoever was offline finds it in
 * GET /api/v1/sla/alerts, read from the clocks themselves.
 */
async function notify(ctx: Ctx, type: "sla.warning" | "sla.breached", c: Due) {
  if (!ctx.hub.hasAudience) return;
  const t = await ctx.db
    .selectFrom("tickets")
    .select(["number", "assignee_id", "subject"])
    .where("id", "=", c.ticket_id)
    .executeTakeFirst();
  if (!t) return;
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
  const [nextDue, nextWarn] = await Promise.all([
    ctx.db
      .selectFrom("sla_clocks")
      .select("due_at as at")
      .where("met_at", "is", null)
      .where("breached_at", "is", null)
      .where("due_at", "is not", null)
      .orderBy("due_at")
      .limit(1)
      .executeTakeFirst(),
    ctx.db
      .selectFrom("sla_clocks")
      .select("warn_at as at")
      .where("met_at", "is", null)
      .where("warned_at", "is", null)
      .where("warn_at", "is not", null)
      .orderBy("warn_at")
      .limit(1)
      .executeTakeFirst(),
  ]);
  return Math.min(nextDue?.at ?? Infinity, nextWarn?.at ?? Infinity);
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
