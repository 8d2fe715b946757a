import crypto from "node:crypto";
import type { Ctx } from "../../context";
import { newOutboxMail } from "../../db/mail-outbox";
import type { OutboxEvent } from "../../events/events";
import { MAIL_MAX_ATTEMPTS, newMailStatus, senderFor } from "../email/outbound";
import { mailboxForTeam } from "../email/templates.queries";
import { countRows, dayOf, DAY_MS } from "./counts";
import { surveyMail } from "./mail";
import { readSettings } from "./settings";
import {
  addCounts,
  csatCountForTicket,
  firstInboundFlags,
  insertMails,
  insertSurvey,
  setSurveyMail,
  surveyedSince,
  ticketForSurvey,
  ticketHasBounce,
} from "./surveys.queries";
import type { Lang } from "./texts";
import { signSurveyToken } from "./token";

// CSAT: a solved ticket's requester is asked, delay_minutes later, how the support went. The outbox listener only
// schedules a job; the job decides (the rules below, read when it runs) and writes the survey, its counters and its
// email in one transaction, then hands the email to mail.send.

/** Flags of inbound mail that never get an automatic email: two robots must not talk to each other. */
const AUTOMATIC = ["auto_reply", "bounce", "complaint", "rate_limited", "unreadable"];

/** Outbox listener: a ticket that became solved gets a survey job, due after the configured delay. */
export async function scheduleCsat(ctx: Ctx, event: OutboxEvent): Promise<void> {
  if (event.event !== "ticket.updated") return;
  const p = event.payload as OutboxEvent<"ticket.updated">["payload"];
  const change = p.changes.status as { from: string; to: string } | undefined;
  if (!change || change.to !== "solved" || change.from === "solved") return;
  const settings = await readSettings(ctx.db, event.workspace_id);
  if (!settings.csat.enabled) return;
  await ctx.jobs.enqueue(
    "survey.csat",
    { ticket_id: p.ticket_id, solve_id: event.id },
    { delayMs: settings.csat.delay_minutes * 60_000, jobId: `csat-${p.ticket_id}-${event.id}`, attempts: 5 },
  );
}

export type CsatOutcome =
  | "sent"
  | "disabled"
  | "gone"
  | "not_solved"
  | "merged"
  | "no_address"
  | "automatic"
  | "bounced"
  | "not_first_solve"
  | "quiet"
  | "no_mailbox"
  | "already";

/** The job: survey the requester of a solved ticket, unless a rule says not to. Idempotent per ticket and solve. */
export async function sendCsatSurvey(ctx: Ctx, ticketId: number, solveId: number): Promise<CsatOutcome> {
  const written = await ctx.db.transaction().execute(async (trx): Promise<CsatOutcome | { mailId: number }> => {
    const t = await ticketForSurvey(trx, ticketId);
    if (!t) return "gone";
    const settings = (await readSettings(trx, t.workspace_id)).csat;
    if (!settings.enabled) return "disabled";
    // Reopened (or closed and merged) before the delay ran out: this solve is not the end of the conversation.
    if (t.merged_into_id) return "merged";
    // Closed since is still solved; reopened is not.
    if (t.status !== "solved" && t.status !== "closed") return "not_solved";
    if (!t.email) return "no_address";
    const flags = await firstInboundFlags(trx, t.id);
    if (flags && (JSON.parse(flags) as string[]).some((f) => AUTOMATIC.includes(f))) return "automatic";
    if (await ticketHasBounce(trx, t.id)) return "bounced";
    if (!settings.every_solve && (await csatCountForTicket(trx, t.id)) > 0) return "not_first_solve";
    const now = Date.now();
    if (
      settings.quiet_days > 0 &&
      (await surveyedSince(trx, t.customer_id, "csat", now - settings.quiet_days * DAY_MS))
    )
      return "quiet";
    const mailbox = await mailboxForTeam(trx, t.workspace_id, t.team_id);
    if (!mailbox) return "no_mailbox";
    const lang: Lang = t.language === "en" || t.language === "it" ? t.language : t.default_language;
    const expiresAt = now + settings.expires_days * DAY_MS;
    const dims = {
      kind: "csat" as const,
      agent_id: t.assignee_id,
      team_id: t.team_id,
      plan: t.plan_name,
      channel: t.channel,
      organization_id: t.organization_id,
      owner_id: t.account_owner_id,
    };
    const survey = await insertSurvey(trx, {
      workspace_id: t.workspace_id,
      customer_id: t.customer_id,
      ticket_id: t.id,
      solve_id: solveId,
      scale: settings.scale,
      language: lang,
      sent_at: now,
      sent_day: dayOf(now),
      expires_at: expiresAt,
      ...dims,
      score: null,
      comment: null,
      resolved: null,
      answered_at: null,
      mail_id: null,
    });
    if (!survey) return "already";
    await addCounts(
      trx,
      countRows(t.workspace_id, [{ ...dims, sent_day: dayOf(now), delta: { sent: 1, answered: 0, good: 0, bad: 0 } }]),
    );
    const link = `${ctx.config.publicUrl}/s/${signSurveyToken(ctx.secrets, Number(survey.id), expiresAt)}`;
    const mail = surveyMail({
      lang,
      kind: "csat",
      scale: settings.scale,
      link,
      customerName: t.customer_name,
      workspaceName: t.workspace_name,
      ticket: { number: t.number, subject: t.subject },
      expiresDays: settings.expires_days,
    });
    const sender = await senderFor(trx, t.id, mailbox);
    const [row] = await insertMails(trx, [
      newOutboxMail({
        workspace_id: t.workspace_id,
        ticket_id: t.id,
        kind: "survey",
        to_address: t.email,
        from_address: sender.from,
        reply_to: sender.replyTo,
        subject: mail.subject,
        header_message_id: `<sp.survey.${t.number}.${survey.id}.${crypto.randomBytes(4).toString("hex")}@${sender.domain}>`,
        body_text: mail.text,
        body_html: mail.html,
        status: newMailStatus(ctx),
        created_at: now,
      }),
    ]);
    await setSurveyMail(trx, Number(survey.id), Number(row.id));
    return { mailId: Number(row.id) };
  });
  if (typeof written === "string") {
    if (written !== "sent") ctx.log.debug({ ticket: ticketId, outcome: written }, "no satisfaction survey");
    return written;
  }
  if (newMailStatus(ctx) === "queued")
    await ctx.jobs.enqueue(
      "mail.send",
      { mail_id: written.mailId },
      { jobId: `mail-${written.mailId}`, attempts: MAIL_MAX_ATTEMPTS },
    );
  return "sent";
}
