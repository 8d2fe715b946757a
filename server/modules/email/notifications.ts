import crypto from "node:crypto";
import type { Ctx } from "../../context";
import type { Db } from "../../db/index";
import { newOutboxMail } from "../../db/mail-outbox";
import type { OutboxEvent } from "../../events/events";
import { MAIL_MAX_ATTEMPTS, newMailStatus, senderFor, threadHeaders } from "./outbound";
import { duePhrase, languageFor } from "./templates";
import {
  acknowledgementsTo,
  firstInboundEmail,
  mailboxForTeam,
  outboxRowForEvent,
  threadOf,
  ticketForMail,
} from "./templates.queries";
import { composeTicketMail } from "./templates.service";

// Automatic emails to the requester, rendered from the workspace's templates in the customer's language (else
// the workspace's). All are marked Auto-Submitted: auto-replied when sent (any kind but "reply").

const AUTOMATIC = ["auto_reply", "bounce", "complaint", "rate_limited", "unreadable"];

/** A ticket opened by an auto-reply, a bounce or a suspected mail loop gets no automatic answer, ever. */
async function openedByAutomaticMail(db: Db, ticketId: number) {
  const inbound = await firstInboundEmail(db, ticketId);
  return {
    inbound,
    automatic: !!inbound && (JSON.parse(inbound.flags) as string[]).some((f) => AUTOMATIC.includes(f)),
  };
}

/**
 * Outbox listener: a ticket that arrived by email or the web form gets an acknowledgement with its number and
 * the promise of its first answer ("received" template). Never for automatic mail, so that two autoresponders
 * cannot answer each other, nor once the request has been answered.
 */
export async function queueAcknowledgement(ctx: Ctx, event: OutboxEvent): Promise<void> {
  if (event.event !== "ticket.created") return;
  const p = event.payload as OutboxEvent<"ticket.created">["payload"];
  if (p.by_agent) return;
  const t = await ticketForMail(ctx.db, p.ticket_id);
  if (!t || !t.email || (t.channel !== "email" && t.channel !== "web")) return;
  // Answered already (the event waited while the worker was stopped): "we received it, we will answer by …" after
  // the answer would only confuse.
  if (t.first_response_at !== null) {
    ctx.log.info({ ticket: t.number }, "acknowledgement not sent: the request was answered before it went out");
    return;
  }
  // An emailed request is answered from the mailbox it reached; a web-form request from the first one.
  const { inbound, automatic } = await openedByAutomaticMail(ctx.db, t.id);
  if ((t.channel === "email" && !inbound) || automatic) return;
  const already = await ctx.db
    .selectFrom("mail_outbox")
    .select("id")
    .where("ticket_id", "=", t.id)
    .where("kind", "=", "notification")
    .executeTakeFirst();
  if (already) return;
  // Anyone can fill in the public web form with anyone's address: a few acknowledgements an hour to one address,
  // then none (the requests are still taken, and the portal shows them).
  if (
    t.channel === "web" &&
    (await acknowledgementsTo(ctx.db, event.workspace_id, t.email, Date.now() - 3_600_000)) >= ctx.config.formAckPerHour
  ) {
    ctx.log.info({ ticket: t.number }, "web form acknowledgement not sent: the address had enough this hour");
    return;
  }
  const mailbox = inbound
    ? await ctx.db
        .selectFrom("mailboxes")
        .select(["address", "display_name"])
        .where("id", "=", inbound.mailbox_id ?? -1)
        .executeTakeFirst()
    : await ctx.db
        .selectFrom("mailboxes")
        .select(["address", "display_name"])
        .where("workspace_id", "=", event.workspace_id)
        .orderBy("id")
        .executeTakeFirst();
  if (!mailbox) return;
  const clock = await ctx.db
    .selectFrom("sla_clocks")
    .innerJoin("sla_policies", "sla_policies.id", "sla_clocks.policy_id")
    .innerJoin("calendars", "calendars.id", "sla_policies.calendar_id")
    .select(["sla_clocks.due_at", "calendars.timezone"])
    .where("sla_clocks.ticket_id", "=", t.id)
    .where("sla_clocks.target", "=", "first_response")
    .executeTakeFirst();
  const due = duePhrase(
    clock?.due_at ?? null,
    languageFor(t.language, t.default_language),
    clock?.timezone ?? t.timezone,
  );
  const mail = await composeTicketMail(ctx, { kind: "received", ticket: t, mailbox, values: { due } });
  const sender = await senderFor(ctx.db, t.id, mailbox);
  const row = await ctx.db
    .insertInto("mail_outbox")
    .values(
      newOutboxMail({
        workspace_id: event.workspace_id,
        ticket_id: t.id,
        event_id: event.id,
        kind: "notification",
        to_address: t.email,
        from_address: sender.from,
        reply_to: sender.replyTo,
        subject: mail.subject,
        header_message_id: `<sp.ack.${t.number}.${crypto.randomBytes(4).toString("hex")}@${sender.domain}>`,
        in_reply_to: inbound?.header_message_id ?? null,
        refs: inbound?.header_message_id ?? null,
        body_text: mail.text,
        status: newMailStatus(ctx),
      }),
    )
    .onConflict((oc) => oc.columns(["event_id", "kind"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (row && newMailStatus(ctx) === "queued")
    await ctx.jobs.enqueue(
      "mail.send",
      { mail_id: row.id, request_id: event.request_id },
      { jobId: `mail-${row.id}`, attempts: MAIL_MAX_ATTEMPTS },
    );
}

/** Which status change sends which email, and the mail_outbox kind it is kept under. */
const ON_STATUS = {
  pending: { template: "waiting_for_reply", kind: "waiting" },
  solved: { template: "solved", kind: "solved" },
} as const;

/**
 * Outbox listener: a ticket set to pending tells the requester we wait for their reply; a solved ticket tells
 * them, with the portal link and how to reopen it. One email per event (mail_outbox.event_id is unique per
 * kind), none when the ticket has already moved on (solved, then reopened before we got here).
 */
export async function queueStatusEmail(ctx: Ctx, event: OutboxEvent): Promise<void> {
  if (event.event !== "ticket.updated") return;
  const p = event.payload as OutboxEvent<"ticket.updated">["payload"];
  const change = p.changes.status as { from: string; to: string } | undefined;
  if (!change || change.from === change.to || !Object.hasOwn(ON_STATUS, change.to)) return;
  // "Send and wait" / "Send and solve": the customer gets the reply, one email, not the reply and a notice.
  if (p.with_reply_id) return;
  const { template, kind } = ON_STATUS[change.to as keyof typeof ON_STATUS];
  const existing = await outboxRowForEvent(ctx.db, event.id, kind);
  if (existing) {
    // Handed out again after a crash: the email is written; its job too, unless it never ran (the lease is a minute).
    const neverTried =
      existing.status === "queued" && existing.attempts === 0 && existing.created_at < Date.now() - 60_000;
    if (neverTried)
      await ctx.jobs.enqueue(
        "mail.send",
        { mail_id: existing.id, request_id: event.request_id },
        { jobId: `mail-${existing.id}`, attempts: MAIL_MAX_ATTEMPTS },
      );
    return;
  }
  const t = await ticketForMail(ctx.db, p.ticket_id);
  if (!t || !t.email || t.merged_into_id || t.status !== change.to || t.channel === "review") return;
  const { automatic } = await openedByAutomaticMail(ctx.db, t.id);
  if (automatic) return;
  const mailbox = await mailboxForTeam(ctx.db, event.workspace_id, t.team_id);
  if (!mailbox) return; // no mailbox: this workspace does not do email
  const mail = await composeTicketMail(ctx, { kind: template, ticket: t, mailbox });
  const thread = await threadOf(ctx.db, t.id);
  const sender = await senderFor(ctx.db, t.id, mailbox);
  const row = await ctx.db
    .insertInto("mail_outbox")
    .values(
      newOutboxMail({
        workspace_id: event.workspace_id,
        ticket_id: t.id,
        event_id: event.id,
        kind,
        to_address: t.email,
        from_address: sender.from,
        reply_to: sender.replyTo,
        subject: mail.subject,
        header_message_id: `<sp.${kind}.${t.number}.${event.id}.${crypto.randomBytes(4).toString("hex")}@${sender.domain}>`,
        ...threadHeaders(thread),
        body_text: mail.text,
        status: newMailStatus(ctx),
      }),
    )
    .onConflict((oc) => oc.columns(["event_id", "kind"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  // Only the writer enqueues: a concurrent run of the same event found the row taken and sends nothing.
  if (row && newMailStatus(ctx) === "queued")
    await ctx.jobs.enqueue(
      "mail.send",
      { mail_id: row.id, request_id: event.request_id },
      { jobId: `mail-${row.id}`, attempts: MAIL_MAX_ATTEMPTS },
    );
}
