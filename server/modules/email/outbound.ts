import crypto from "node:crypto";
import fs from "node:fs";
import nodemailer, { type Transporter } from "nodemailer";
import type { Ctx } from "../../context";
import type { Db } from "../../db/index";
import type { OutboxEvent } from "../../events/events";
import { firstName } from "./templates";
import { agentName, mailboxForTeam, ticketForMail } from "./templates.queries";
import { composeTicketMail } from "./templates.service";

export const MAIL_MAX_ATTEMPTS = 8;

/**
 * What a new outgoing email starts as: queued for the relay, or, with no SMTP_RELAY_URL (the demo, a trial),
 * captured: kept in mail_outbox for admins to read (GET /api/v1/mail/captured), never handed to a job, and sent
 * later only when an admin asks (POST /api/v1/mail/captured/{id}/send).
 */
export const newMailStatus = (ctx: Pick<Ctx, "config">): "queued" | "captured" =>
  ctx.config.smtpRelayUrl ? "queued" : "captured";

const newToken = () =>
  crypto
    .randomBytes(6)
    .toString("base64url")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")
    .slice(0, 8) || crypto.randomInt(1e9).toString(36);

/**
 * The From and Reply-To of every email about a ticket: the mailbox with its display name, and the mailbox's
 * plus-address carrying the ticket's reply token (created on first use; concurrent callers agree on one).
 */
export async function senderFor(db: Db, ticketId: number, mailbox: { address: string; display_name: string | null }) {
  let token = (
    await db.selectFrom("tickets").select("reply_token").where("id", "=", ticketId).executeTakeFirstOrThrow()
  ).reply_token;
  if (!token) {
    await db
      .updateTable("tickets")
      .set({ reply_token: newToken() })
      .where("id", "=", ticketId)
      .where("reply_token", "is", null)
      .execute();
    token = (await db.selectFrom("tickets").select("reply_token").where("id", "=", ticketId).executeTakeFirstOrThrow())
      .reply_token!;
  }
  const [local, domain] = mailbox.address.split("@");
  return {
    from: mailbox.display_name ? `"${mailbox.display_name.replace(/"/g, "")}" <${mailbox.address}>` : mailbox.address,
    replyTo: `${local}+${token}@${domain}`,
    domain: domain ?? "localhost",
  };
}

/**
 * Outbox listener: a public agent reply becomes one email to the requester ("agent_reply" template), written to
 * mail_outbox (once per message, whatever the retries) and handed to the "mail.send" job.
 */
export async function queueReplyEmail(ctx: Ctx, event: OutboxEvent): Promise<void> {
  if (event.event !== "message.created") return;
  const p = event.payload as OutboxEvent<"message.created">["payload"];
  if (p.internal) return;
  const msg = await ctx.db
    .selectFrom("messages")
    .select(["id", "author_type", "author_agent_id", "body_text", "body_html"])
    .where("id", "=", p.message_id)
    .executeTakeFirst();
  if (!msg || msg.author_type !== "agent") return;
  const ticket = await ticketForMail(ctx.db, p.ticket_id);
  if (!ticket || !ticket.email) return;
  const mailbox = await mailboxForTeam(ctx.db, event.workspace_id, ticket.team_id);
  if (!mailbox) return; // no mailbox: this workspace does not do email
  const history = await ctx.db
    .selectFrom("email_messages")
    .select(["header_message_id", "direction"])
    .where("ticket_id", "=", ticket.id)
    .orderBy("id")
    .execute();
  const lastIn = [...history].reverse().find((h) => h.direction === "in");
  const sender = await senderFor(ctx.db, ticket.id, mailbox);
  const mail = await composeTicketMail(ctx, {
    kind: "agent_reply",
    ticket,
    mailbox,
    values: {
      reply: msg.body_text,
      agent_first_name: firstName(await agentName(ctx, msg.author_agent_id)) || undefined,
    },
    html: msg.body_html ? { reply: msg.body_html } : undefined,
  });
  await ctx.db
    .insertInto("mail_outbox")
    .values({
      workspace_id: event.workspace_id,
      ticket_id: ticket.id,
      message_id: msg.id,
      kind: "reply",
      to_address: ticket.email,
      from_address: sender.from,
      reply_to: sender.replyTo,
      subject: mail.subject,
      header_message_id: `<sp.${ticket.number}.${msg.id}.${crypto.randomBytes(4).toString("hex")}@${sender.domain}>`,
      in_reply_to: lastIn?.header_message_id ?? null,
      refs:
        history
          .slice(-20)
          .map((h) => h.header_message_id)
          .join(" ") || null,
      body_text: mail.text,
      body_html: mail.html,
      status: newMailStatus(ctx),
      attempts: 0,
      last_error: null,
      created_at: Date.now(),
      sent_at: null,
    })
    .onConflict((oc) => oc.columns(["message_id", "kind"]).doNothing())
    .execute();
  const row = await ctx.db
    .selectFrom("mail_outbox")
    .select(["id", "status"])
    .where("message_id", "=", msg.id)
    .where("kind", "=", "reply")
    .executeTakeFirstOrThrow();
  if (row.status === "queued")
    await ctx.jobs.enqueue(
      "mail.send",
      { mail_id: row.id, request_id: event.request_id },
      { jobId: `mail-${row.id}`, attempts: MAIL_MAX_ATTEMPTS },
    );
}

let transports = new Map<string, Transporter>();

let dkimKey: { file: string; pem: string } | null = null;
/** DKIM signing with the From address's domain, when DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE are set. */
function dkimFor(ctx: Ctx, from: string) {
  const d = ctx.config.dkim;
  if (!d) return undefined;
  if (dkimKey?.file !== d.privateKeyFile)
    dkimKey = { file: d.privateKeyFile, pem: fs.readFileSync(d.privateKeyFile, "utf8") };
  const domain = from.match(/@([^>\s]+)>?\s*$/)?.[1]?.toLowerCase();
  return domain ? { domainName: domain, keySelector: d.selector, privateKey: dkimKey.pem } : undefined;
}

export const NO_RELAY = "SMTP_RELAY_URL is not set: outgoing email cannot leave";

/**
 * A job for an email queued while a relay was configured, run by a process without one: no retry can help, so
 * the email is captured (kept, readable by admins, sent when one asks), not failed.
 */
async function keepWithoutRelay(ctx: Ctx, mailId: number, attempt: number): Promise<false> {
  await ctx.db
    .updateTable("mail_outbox")
    .set({ status: "captured", attempts: attempt, last_error: null })
    .where("id", "=", mailId)
    .where("status", "=", "queued")
    .execute();
  return false;
}

/**
 * The job: send over SMTP_RELAY_URL with the stored Message-ID; throw to retry with backoff. False: not sent
 * and not to be retried (no relay).
 */
export async function sendMail(ctx: Ctx, mailId: number, attempt: number): Promise<boolean> {
  const m = await ctx.db.selectFrom("mail_outbox").selectAll().where("id", "=", mailId).executeTakeFirst();
  if (!m || m.status === "sent") return true;
  // Captured mail leaves only when an admin asks, which queues it first.
  if (m.status === "captured") return false;
  const relay = ctx.config.smtpRelayUrl;
  let error: string | null = null;
  if (!relay) return keepWithoutRelay(ctx, m.id, attempt);
  else {
    let transport = transports.get(relay);
    if (!transport) transports.set(relay, (transport = nodemailer.createTransport(relay)));
    try {
      await transport.sendMail({
        from: m.from_address,
        to: m.to_address,
        replyTo: m.reply_to,
        subject: m.subject,
        messageId: m.header_message_id,
        inReplyTo: m.in_reply_to ?? undefined,
        references: m.refs ?? undefined,
        text: m.body_text,
        html: m.body_html ?? undefined,
        // RFC 3834: automatic notifications say so, so that autoresponders leave them alone.
        headers: m.kind !== "reply" ? { "Auto-Submitted": "auto-replied" } : undefined,
        dkim: dkimFor(ctx, m.from_address),
      });
    } catch (err) {
      error = String((err as Error).message ?? err);
    }
  }
  const now = Date.now();
  if (!error) {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable("mail_outbox")
        .set({ status: "sent", attempts: attempt, last_error: null, sent_at: now })
        .where("id", "=", m.id)
        .execute();
      // What we sent is part of the thread: a reply quoting it finds its ticket through References.
      await trx
        .insertInto("email_messages")
        .values({
          workspace_id: m.workspace_id,
          mailbox_id: null,
          ticket_id: m.ticket_id,
          message_id: m.message_id,
          direction: "out",
          header_message_id: m.header_message_id,
          in_reply_to: m.in_reply_to,
          from_address: m.from_address,
          subject: m.subject,
          raw_sha256: "",
          raw_size: 0,
          flags: "[]",
          created_at: now,
        })
        .onConflict((oc) => oc.columns(["workspace_id", "header_message_id"]).doNothing())
        .execute();
    });
    return true;
  }
  const dead = attempt >= MAIL_MAX_ATTEMPTS;
  await ctx.db
    .updateTable("mail_outbox")
    .set({ status: dead ? "dead" : "queued", attempts: attempt, last_error: error })
    .where("id", "=", m.id)
    .execute();
  throw new Error(`mail ${m.id}: ${error}`);
}

export function closeTransports() {
  for (const t of transports.values()) t.close();
  transports = new Map();
}
