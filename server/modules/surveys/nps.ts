import crypto from "node:crypto";
import type { NpsSendResult } from "../../../shared/api/surveys";
import type { Ctx } from "../../context";
import { newOutboxMail } from "../../db/mail-outbox";
import { ApiError } from "../../http/errors";
import { JobDeferred } from "../../jobs/queue";
import { MAIL_MAX_ATTEMPTS, newMailStatus, sendMail } from "../email/outbound";
import { countRows, dayOf, DAY_MS } from "./counts";
import { surveyMail } from "./mail";
import { readSettings } from "./settings";
import {
  addCounts,
  claimNpsMails,
  customersSurveyedSince,
  insertMails,
  insertSurveys,
  npsCandidates,
  npsMailsWaiting,
  workspaceMailbox,
} from "./surveys.queries";
import type { Lang } from "./texts";
import { signSurveyToken } from "./token";

// NPS: "how likely are you to recommend us?" (0-10) and "why?", to a list of people or an organization's, never
// to one person more than once in interval_days. Sending queues: surveys, counters and emails are written in
// batches (a few statements per 1,000 people), and a drip job sends the emails a few at a time, so the replies'
// emails (their own mail.send jobs) never wait behind thousands of surveys.

const BATCH = 1000;
/** NPS links stay valid a little longer than CSAT's: nobody answers a loyalty survey the same day. */
const NPS_EXPIRES_DAYS = 30;
/** Emails a drip job sends before it queues itself again behind whatever else is waiting. */
const DRIP = 20;

export async function sendNps(
  ctx: Ctx,
  workspaceId: number,
  target: { customer_ids?: number[]; organization_id?: number; plan?: string; everyone?: boolean },
): Promise<NpsSendResult> {
  if (!target.customer_ids?.length && !target.organization_id && !target.plan && !target.everyone)
    throw new ApiError(400, "validation_error", "Say whom to survey: customer_ids, organization_id or plan");
  const settings = (await readSettings(ctx.db, workspaceId)).nps;
  if (!settings.enabled) throw new ApiError(409, "nps_disabled", "NPS surveys are switched off in the survey settings");
  const mailbox = await workspaceMailbox(ctx.db, workspaceId);
  if (!mailbox) throw new ApiError(409, "no_mailbox", "Add a mailbox first: surveys leave from it");
  const people = await npsCandidates(ctx.db, workspaceId, {
    customerIds: target.customer_ids ? [...new Set(target.customer_ids)] : undefined,
    organizationId: target.organization_id,
    plan: target.plan,
  });
  const asked = target.customer_ids ? new Set(target.customer_ids).size : people.length;
  const now = Date.now();
  const since = now - settings.interval_days * DAY_MS;
  const expiresAt = now + NPS_EXPIRES_DAYS * DAY_MS;
  const from = mailbox.display_name
    ? `"${mailbox.display_name.replace(/"/g, "")}" <${mailbox.address}>`
    : mailbox.address;
  const domain = mailbox.address.split("@")[1] ?? "localhost";
  const status = newMailStatus(ctx);
  let queued = 0;
  for (let i = 0; i < people.length; i += BATCH) {
    const chunk = people.slice(i, i + BATCH).filter((p) => p.email);
    queued += await ctx.db.transaction().execute(async (trx) => {
      const recent = new Set(
        await customersSurveyedSince(
          trx,
          chunk.map((p) => Number(p.id)),
          "nps",
          since,
        ),
      );
      const todo = chunk.filter((p) => !recent.has(Number(p.id)));
      if (!todo.length) return 0;
      const rows = todo.map((p) => ({
        workspace_id: workspaceId,
        kind: "nps" as const,
        customer_id: Number(p.id),
        ticket_id: null,
        solve_id: null,
        scale: 11,
        language: (p.language === "en" || p.language === "it" ? p.language : mailbox.default_language) as Lang,
        sent_at: now,
        sent_day: dayOf(now),
        expires_at: expiresAt,
        agent_id: null,
        team_id: null,
        organization_id: p.organization_id,
        owner_id: p.account_owner_id,
        plan: p.plan_name,
        channel: null,
        score: null,
        comment: null,
        resolved: null,
        answered_at: null,
        mail_id: null,
      }));
      const ids = await insertSurveys(trx, rows);
      await addCounts(
        trx,
        countRows(
          workspaceId,
          rows.map((r) => ({ ...r, delta: { sent: 1, answered: 0, good: 0, bad: 0 } })),
        ),
      );
      const byCustomer = new Map(ids.map((r) => [Number(r.customer_id), Number(r.id)]));
      await insertMails(
        trx,
        todo.map((p, j) => {
          const surveyId = byCustomer.get(Number(p.id))!;
          const mail = surveyMail({
            lang: rows[j].language,
            kind: "nps",
            scale: 11,
            link: `${ctx.config.publicUrl}/s/${signSurveyToken(ctx.secrets, surveyId, expiresAt)}`,
            customerName: null,
            workspaceName: mailbox.name,
            expiresDays: NPS_EXPIRES_DAYS,
          });
          return newOutboxMail({
            workspace_id: workspaceId,
            kind: "nps",
            to_address: p.email,
            from_address: from,
            reply_to: mailbox.address,
            subject: mail.subject,
            header_message_id: `<sp.nps.${surveyId}.${crypto.randomBytes(4).toString("hex")}@${domain}>`,
            body_text: mail.text,
            body_html: mail.html,
            status,
            created_at: now,
          });
        }),
      );
      return todo.length;
    });
  }
  if (queued && status === "queued") await ctx.jobs.enqueue("survey.drip", {}, { attempts: 3 });
  return { queued, skipped: asked - queued };
}

/**
 * The drip job: claims a few waiting NPS emails and sends them, then queues itself again, behind the jobs that
 * arrived meanwhile. An email that fails goes on with mail.send's own retries; a relay that is down defers the drip.
 */
export async function dripNps(ctx: Ctx): Promise<void> {
  const ids = await claimNpsMails(ctx.db, DRIP);
  for (const [i, id] of ids.entries()) {
    try {
      await sendMail(ctx, id, 1);
    } catch (err) {
      if (err instanceof JobDeferred) {
        // The relay is paused: this email and the rest of the claim wait for mail.send at the end of the pause.
        for (const rest of ids.slice(i))
          await ctx.jobs.enqueue(
            "mail.send",
            { mail_id: rest },
            { jobId: `mail-${rest}`, attempts: MAIL_MAX_ATTEMPTS, delayMs: err.untilMs - Date.now() },
          );
        break;
      }
      await ctx.jobs.enqueue(
        "mail.send",
        { mail_id: id },
        { jobId: `mail-${id}`, attempts: MAIL_MAX_ATTEMPTS, delayMs: 2000 },
      );
    }
  }
  if (ids.length && (await npsMailsWaiting(ctx.db))) await ctx.jobs.enqueue("survey.drip", {}, { attempts: 3 });
}
