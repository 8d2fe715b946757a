import type { Ctx } from "../../context";
import { fireBreaches } from "./clocks";

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
      await fireBreaches(ctx.db);
      const next = await ctx.db.selectFrom("sla_clocks").select("due_at").where("met_at", "is", null).where("breached_at", "is", null).where("due_at", "is not", null).orderBy("due_at").limit(1).executeTakeFirst();
      if (next?.due_at) sleep = Math.max(50, Math.min(MAX_SLEEP_MS, next.due_at - Date.now()));
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
