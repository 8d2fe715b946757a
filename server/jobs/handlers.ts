import type { Ctx } from "../context";
import { dispatchBatch } from "../events/dispatcher";
import { fetchMailbox } from "../modules/email/imap";
import { sendMail } from "../modules/email/outbound";
import { deliverWebhook } from "../modules/webhooks/webhooks.delivery";
import { sendCsatSurvey } from "../modules/surveys/csat";
import { dripNps } from "../modules/surveys/nps";
import type { JobHandlers } from "./queue";

/**
 * Runs a job body and logs its success with the id of the HTTP request that caused it (reqId, the same key
 * Fastify logs): one search in the logs finds the request and every job it led to. A failure is logged once, by
 * the queue (logJobFailure: the attempt and the next try), with the same reqId.
 */
async function logged(
  ctx: Ctx,
  job: string,
  requestId: string | null | undefined,
  meta: { jobId: string; attempt: number },
  fields: object,
  body: () => Promise<unknown>,
) {
  // false: nothing done, and nothing to retry (an email with no relay to leave by, kept as a dead letter).
  if ((await body()) === false) return;
  // At debug: at the default level a line per email sent was most of what a busy node wrote (1,583 of 1,587
  // lines while 2,000 emails were read, bench/imap.bench.ts); a failure is still logged at warn.
  ctx.log.debug(
    { reqId: requestId ?? undefined, job, jobId: meta.jobId, attempt: meta.attempt, ...fields },
    `${job} done`,
  );
}

export function jobHandlers(ctx: Ctx): JobHandlers {
  return {
    "outbox.dispatch": async () => {
      while ((await dispatchBatch(ctx)) > 0);
    },
    "webhook.deliver": (p, meta) =>
      logged(ctx, "webhook.deliver", p.request_id, meta, { delivery: p.delivery_id }, () =>
        deliverWebhook(ctx, p.delivery_id, meta.attempt),
      ),
    "mail.send": (p, meta) =>
      logged(ctx, "mail.send", p.request_id, meta, { mail: p.mail_id }, () => sendMail(ctx, p.mail_id, meta.attempt)),
    "imap.fetch": async (p) => {
      const r = await fetchMailbox(ctx, p.mailbox_id);
      if (r.imported || r.duplicates) ctx.log.info({ mailbox: p.mailbox_id, ...r }, "imap fetch");
    },
    "survey.csat": async (p) => void (await sendCsatSurvey(ctx, p.ticket_id, p.solve_id)),
    "survey.drip": () => dripNps(ctx),
    // Idempotent by its key, as every handler must be: a queue delivers at least once, and a job whose
    // worker died after its effect but before its acknowledgement runs again.
    "test.record": async (p) => {
      if (p.sleep_ms) await new Promise((r) => setTimeout(r, p.sleep_ms));
      await ctx.db.transaction().execute(async (trx) => {
        const done = await trx.selectFrom("job_probe").select("key").where("key", "=", p.key).executeTakeFirst();
        if (!done)
          await trx.insertInto("job_probe").values({ key: p.key, pid: process.pid, ran_at: Date.now() }).execute();
      });
    },
  };
}
