import type { Ctx } from "../../context";
import { rooms } from "../../../shared/realtime";
import { fireBreaches, fireWarnings } from "./clocks";

/** A warning goes to the agents' realtime room of the workspace, naming the assignee; supervisors see all. */
async function notifyWarning(ctx: Ctx, w: { workspace_id: number; ticket_id: number; target: string; due_at: number | null }) {
  const t = await ctx.db.selectFrom("tickets").select(["number", "assignee_id", "subject"]).where("id", "=", w.ticket_id).executeTakeFirst();
  if (!t) return;
  await ctx.hub.publish(rooms.workspace(w.workspace_id), { type: "sla.warning", ticket_number: t.number, subject: t.subject, target: w.target, due_at: w.due_at ? new Date(w.due_at).toISOString() : null, assignee_id: t.assignee_id });
}

const MAX_SLEEP_MS = 10_000;

/**
 * Worker loop: sleep until the next due time (read from the partial index, never a scan of open tickets),
 * at most 10 s so that clocks started on other nodes are seen, then record the breaches that are due.
 */
export function watchBreaches(ctx: Ctx): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const loop = async () => {
    if (stopped) return;
    let sleep = MAX_SLEEP_MS;
    try {
      await fireWarnings(ctx.db, Date.now(), (w) => notifyWarning(ctx, w));
      await fireBreaches(ctx.db);
      const [nextDue, nextWarn] = await Promise.all([
        ctx.db.selectFrom("sla_clocks").select("due_at as at").where("met_at", "is", null).where("breached_at", "is", null).where("due_at", "is not", null).orderBy("due_at").limit(1).executeTakeFirst(),
        ctx.db.selectFrom("sla_clocks").select("warn_at as at").where("met_at", "is", null).where("warned_at", "is", null).where("warn_at", "is not", null).orderBy("warn_at").limit(1).executeTakeFirst(),
      ]);
      const next = Math.min(nextDue?.at ?? Infinity, nextWarn?.at ?? Infinity);
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
