import type { Ctx } from "../context";
import { dispatchBatch } from "../events/dispatcher";
import { deliverWebhook } from "../modules/webhooks/webhooks.delivery";
import type { JobHandlers } from "./queue";

export function jobHandlers(ctx: Ctx): JobHandlers {
  return {
    "outbox.dispatch": async () => {
      while ((await dispatchBatch(ctx)) > 0);
    },
    "webhook.deliver": (p, meta) => deliverWebhook(ctx, p.delivery_id, meta.attempt),
    "test.record": async (p) => {
      if (p.sleep_ms) await new Promise((r) => setTimeout(r, p.sleep_ms));
      await ctx.db.insertInto("job_probe").values({ key: p.key, pid: process.pid, ran_at: Date.now() }).execute();
    },
  };
}
