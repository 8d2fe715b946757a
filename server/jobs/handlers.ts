import type { Ctx } from "../context";
import { dispatchBatch } from "../events/dispatcher";
import { fetchMailbox } from "../modules/email/imap";
import { sendMail } from "../modules/email/outbound";
import { deliverWebhook } from "../modules/webhooks/webhooks.delivery";
import type { JobHandlers } from "./queue";

export function jobHandlers(ctx: Ctx): JobHandlers {
  return {
    "outbox.dispatch": async () => {
      while ((await dispatchBatch(ctx)) > 0);
    },
    // reqId is the id of the HTTP request that caused the event: one search in the logs finds both.
    "webhook.deliver": async (p, meta) => {
      const log = ctx.log.child({ reqId: p.request_id ?? undefined, job: "webhook.deliver", jobId: meta.jobId, attempt: meta.attempt });
      try {
        await deliverWebhook(ctx, p.delivery_id, meta.attempt);
        log.info({ delivery: p.delivery_id }, "webhook delivered");
      } catch (err) {
        log.warn({ err, delivery: p.delivery_id }, "webhook delivery failed");
        throw err;
      }
    },
    "mail.send": async (p, meta) => {
      const log = ctx.log.child({ reqId: p.request_id ?? undefined, job: "mail.send", jobId: meta.jobId, attempt: meta.attempt });
      try {
        await sendMail(ctx, p.mail_id, meta.attempt);
        log.info({ mail: p.mail_id }, "email sent");
      } catch (err) {
        log.warn({ err, mail: p.mail_id }, "email not sent");
        throw err;
      }
    },
    "imap.fetch": async (p) => {
      const r = await fetchMailbox(ctx, p.mailbox_id);
      if (r.imported || r.duplicates) ctx.log.info({ mailbox: p.mailbox_id, ...r }, "imap fetch");
    },
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
