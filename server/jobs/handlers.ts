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
    // Idempotent by its key, as every handler must be: a queue delivers at least once, and a job whose
    // worker died after its effect but before its acknowledgement runs again.
    "test.record": async (p) => {
      if (p.sleep_ms) await new Promise((r) => setTimeout(r, p.sleep_ms));
      await ctx.db.transaction().execute(async (trx) => {
        const done = await trx.selectFrom("job_probe").select("key").where("key", "=", p.key).executeTakeFirst();
        if (!done) await trx.insertInto("job_probe").values({ key: p.key, pid: process.pid, ran_at: Date.now() }).execute();
      });
    },
  };
}
