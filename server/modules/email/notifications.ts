import crypto from "node:crypto";
import { DateTime } from "luxon";
import type { Ctx } from "../../context";
import type { OutboxEvent } from "../../events/events";
import { portalFooter } from "../portal/portal.mail";
import { MAIL_MAX_ATTEMPTS, senderFor } from "./outbound";

// Notification texts in both languages, chosen by the customer's language (else the workspace's).
const TEXTS = {
  it: {
    receivedSubject: (n: number, subject: string) => `[#${n}] Abbiamo ricevuto la tua richiesta: ${subject}`,
    receivedBody: (v: { name: string; n: number; due: string | null; team: string }) =>
      [
        `Ciao ${v.name},`,
        "",
        `abbiamo ricevuto la tua richiesta e le abbiamo dato il numero #${v.n}.`,
        v.due ? `Ti risponderemo entro ${v.due}.` : "Ti risponderemo il prima possibile.",
        "",
        "Per aggiungere informazioni rispondi a questa email: il tuo messaggio si aggiungerà alla stessa richiesta.",
        "",
        v.team,
      ].join("\n"),
    at: "alle",
  },
  en: {
    receivedSubject: (n: number, subject: string) => `[#${n}] We have received your request: ${subject}`,
    receivedBody: (v: { name: string; n: number; due: string | null; team: string }) =>
      [
        `Hello ${v.name},`,
        "",
        `we have received your request and given it the number #${v.n}.`,
        v.due ? `We will answer by ${v.due}.` : "We will answer as soon as we can.",
        "",
        "To add anything, reply to this email: your message will join the same request.",
        "",
        v.team,
      ].join("\n"),
    at: "at",
  },
} as const;

/** "martedì 1 dicembre alle 11:00" / "Tuesday 1 December at 11:00", in the calendar's time zone. */
export function formatPromise(dueMs: number, language: "it" | "en", timezone: string): string {
  const d = DateTime.fromMillis(dueMs, { zone: timezone }).setLocale(language);
  return `${d.toFormat("cccc d LLLL")} ${TEXTS[language].at} ${d.toFormat("HH:mm")}`;
}

/**
 * Outbox listener: a ticket that arrived by email gets an acknowledgement with its number and the promise of
 * its first answer. Never for auto-replies, bounces or a suspected mail loop (no automatic answer to automatic
 * mail), and marked Auto-Submitted: auto-replied so well-behaved autoresponders do not answer it either.
 */
export async function queueAcknowledgement(ctx: Ctx, event: OutboxEvent): Promise<void> {
  if (event.event !== "ticket.created") return;
  const p = event.payload as OutboxEvent<"ticket.created">["payload"];
  const t = await ctx.db
    .selectFrom("tickets")
    .innerJoin("customers", "customers.id", "tickets.requester_id")
    .innerJoin("workspaces", "workspaces.id", "tickets.workspace_id")
    .select(["tickets.id", "tickets.number", "tickets.subject", "tickets.channel", "tickets.requester_id", "customers.email", "customers.name", "customers.language", "workspaces.default_language", "workspaces.name as workspace"])
    .where("tickets.id", "=", p.ticket_id)
    .executeTakeFirst();
  if (!t || (t.channel !== "email" && t.channel !== "web")) return;
  // An emailed request is answered from the mailbox it reached; a web-form request from the team's or the first one.
  const inbound = t.channel === "email" ? await ctx.db.selectFrom("email_messages").select(["flags", "header_message_id", "mailbox_id"]).where("ticket_id", "=", t.id).where("direction", "=", "in").orderBy("id").executeTakeFirst() : null;
  if (t.channel === "email" && !inbound) return;
  const flags = inbound ? (JSON.parse(inbound.flags) as string[]) : [];
  if (flags.some((f) => ["auto_reply", "bounce", "complaint", "rate_limited", "unreadable"].includes(f))) return;
  const already = await ctx.db.selectFrom("mail_outbox").select("id").where("ticket_id", "=", t.id).where("kind", "=", "notification").executeTakeFirst();
  if (already) return;
  const mailbox = inbound
    ? await ctx.db.selectFrom("mailboxes").select(["address", "display_name"]).where("id", "=", inbound.mailbox_id ?? -1).executeTakeFirst()
    : await ctx.db.selectFrom("mailboxes").select(["address", "display_name"]).where("workspace_id", "=", event.workspace_id).orderBy("id").executeTakeFirst();
  if (!mailbox) return;
  const language = (t.language === "en" || t.language === "it" ? t.language : t.default_language === "en" ? "en" : "it") as "it" | "en";
  const clock = await ctx.db
    .selectFrom("sla_clocks")
    .innerJoin("sla_policies", "sla_policies.id", "sla_clocks.policy_id")
    .innerJoin("calendars", "calendars.id", "sla_policies.calendar_id")
    .select(["sla_clocks.due_at", "calendars.timezone"])
    .where("sla_clocks.ticket_id", "=", t.id)
    .where("sla_clocks.target", "=", "first_response")
    .executeTakeFirst();
  const texts = TEXTS[language];
  const sender = await senderFor(ctx.db, t.id, mailbox);
  const row = await ctx.db
    .insertInto("mail_outbox")
    .values({
      workspace_id: event.workspace_id, ticket_id: t.id, message_id: null, kind: "notification", to_address: t.email,
      from_address: sender.from, reply_to: sender.replyTo, subject: texts.receivedSubject(t.number, t.subject),
      header_message_id: `<sp.ack.${t.number}.${crypto.randomBytes(4).toString("hex")}@${sender.domain}>`, in_reply_to: inbound?.header_message_id ?? null, refs: inbound?.header_message_id ?? null,
      body_text: texts.receivedBody({ name: t.name ?? t.email, n: t.number, due: clock?.due_at ? formatPromise(clock.due_at, language, clock.timezone) : null, team: mailbox.display_name ?? t.workspace }) + "\n\n" + (await portalFooter(ctx, { workspaceId: event.workspace_id, customerId: t.requester_id, number: t.number, language })),
      body_html: null, status: "queued", attempts: 0, last_error: null, created_at: Date.now(), sent_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await ctx.jobs.enqueue("mail.send", { mail_id: row.id, request_id: event.request_id }, { jobId: `mail-${row.id}`, attempts: MAIL_MAX_ATTEMPTS });
}
