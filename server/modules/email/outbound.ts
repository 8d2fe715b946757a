import crypto from "node:crypto";
import { ccOf } from "../tickets/followers.queries";
import fs from "node:fs";
import type { Transporter } from "nodemailer";
import type { Ctx } from "../../context";
import type { Db } from "../../db/index";
import { newOutboxMail } from "../../db/mail-outbox";
import type { OutboxEvent } from "../../events/events";
import { JobDeferred } from "../../jobs/queue";
import { firstName } from "./templates";
import { agentName, mailboxForTeam, threadOf, ticketForMail } from "./templates.queries";
import { composeTicketMail } from "./templates.service";
import { backgroundWaitMs } from "./inbound";

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

/** The threading headers of an email on a ticket: In-Reply-To the last message received, References the last 20. */
export function threadHeaders(thread: { header_message_id: string; direction: "in" | "out" }[]) {
  const lastIn = [...thread].reverse().find((h) => h.direction === "in");
  return {
    in_reply_to: lastIn?.header_message_id ?? null,
    refs:
      thread
        .slice(-20)
        .map((h) => h.header_message_id)
        .join(" ") || null,
  };
}

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
  // A public review's answer is published on its platform, never emailed (its author has no address of ours).
  if (!ticket || !ticket.email || ticket.channel === "review") return;
  const mailbox = await mailboxForTeam(ctx.db, event.workspace_id, ticket.team_id);
  if (!mailbox) return; // no mailbox: this workspace does not do email
  const history = await threadOf(ctx.db, ticket.id);
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
    .values(
      newOutboxMail({
        workspace_id: event.workspace_id,
        ticket_id: ticket.id,
        message_id: msg.id,
        kind: "reply",
        to_address: ticket.email,
        cc: (await ccOf(ctx.db, ticket.id)).join(", ") || null,
        from_address: sender.from,
        reply_to: sender.replyTo,
        subject: mail.subject,
        header_message_id: `<sp.${ticket.number}.${msg.id}.${crypto.randomBytes(4).toString("hex")}@${sender.domain}>`,
        ...threadHeaders(history),
        body_text: mail.text,
        body_html: mail.html,
        status: newMailStatus(ctx),
      }),
    )
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

/**
 * The health of each relay this process sends through. A relay that cannot be reached (refused, timed out, no
 * greeting) is paused with exponential backoff (1 s, 2 s … 5 min), for all its mail at once: the emails waiting
 * for it are deferred to the end of the pause without counting an attempt, and once it ends one email at a time
 * probes the relay while the others wait. Before this, each email retried on its own schedule, so a dead relay
 * meant a connection attempt and a logged failure per email per retry, for as long as the relay was down.
 * An answer from the relay about one message (a 4xx or 5xx to it) is that message's own failure, retried per message.
 */
type RelayHealth = { failures: number; pausedUntil: number; probing: boolean };
const relays = new Map<string, RelayHealth>();
export const RELAY_MAX_PAUSE_MS = 5 * 60_000;
/** How long an email waits for the probe under way before it asks again. */
const PROBE_WAIT_MS = 1000;
const relayUnreachable = (err: unknown) => {
  const e = err as { code?: string; responseCode?: number };
  return (
    !e.responseCode &&
    /^(ECONNECTION|ETIMEDOUT|ESOCKET|EDNS|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|EPROTOCOL)$/.test(e.code ?? "")
  );
};

/** Whether this email may try the relay now; when not, the time to try again. */
function relayTurn(relay: string): { go: true; probe: boolean } | { go: false; until: number } {
  const h = relays.get(relay);
  if (!h || h.failures === 0) return { go: true, probe: false };
  const now = Date.now();
  if (now < h.pausedUntil) return { go: false, until: h.pausedUntil };
  if (h.probing) return { go: false, until: now + PROBE_WAIT_MS };
  h.probing = true;
  return { go: true, probe: true };
}

function relayResult(relay: string, reachable: boolean, probe: boolean) {
  const h = relays.get(relay) ?? { failures: 0, pausedUntil: 0, probing: false };
  if (probe) h.probing = false;
  if (reachable) h.failures = 0;
  // Emails that were already connecting when the relay went down fail too: one pause, not one per email.
  else if (probe || h.failures === 0) {
    h.failures++;
    h.pausedUntil = Date.now() + Math.min(RELAY_MAX_PAUSE_MS, 1000 * 2 ** (h.failures - 1));
  }
  relays.set(relay, h);
}

/** The relay URL with pool=true unless it says otherwise (SMTP_RELAY_URL may carry nodemailer's options). */
const pooled = (relay: string) => {
  try {
    const url = new URL(relay);
    if (!url.searchParams.has("pool")) url.searchParams.set("pool", "true");
    return url.toString();
  } catch {
    return relay;
  }
};

/** The relay's pause as this process sees it (for the tests and the logs). */
export const relayPause = (relay: string) => {
  const h = relays.get(relay);
  return h && h.failures ? { failures: h.failures, until: h.pausedUntil } : null;
};

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
/** Emails someone is waiting for: an agent's reply, a sign-in link, a password reset. */
const SENT_AT_ONCE = new Set(["reply", "portal_link", "password_reset"]);

/**
 * Automatic emails (acknowledgements, notifications) wait for a pause in incoming mail, as the outbox's listeners
 * do (backgroundWaitMs, 30 s at most from the start of the burst): sending costs the main thread about 1 ms each
 * (nodemailer), and a 2,000-message mailbox read with its acknowledgements sent beside it took 6.8 s instead of 4.5
 * (bench/imap.bench.ts, real path, relay). SENT_AT_ONCE never wait.
 */
async function intakePause(ctx: Ctx) {
  for (let wait = backgroundWaitMs(ctx); wait > 0; wait = backgroundWaitMs(ctx))
    await new Promise((r) => setTimeout(r, Math.min(wait, 100)));
}

export async function sendMail(ctx: Ctx, mailId: number, attempt: number): Promise<boolean> {
  const m = await ctx.db.selectFrom("mail_outbox").selectAll().where("id", "=", mailId).executeTakeFirst();
  if (!m || m.status === "sent") return true;
  // Captured mail leaves only when an admin asks, which queues it first.
  if (m.status === "captured") return false;
  const relay = ctx.config.smtpRelayUrl;
  let error: string | null = null;
  if (!relay) return keepWithoutRelay(ctx, m.id, attempt);
  else {
    if (!SENT_AT_ONCE.has(m.kind)) await intakePause(ctx);
    const turn = relayTurn(relay);
    if (!turn.go) throw new JobDeferred(turn.until);
    let transport = transports.get(relay);
    // Pooled: connections to the relay are kept and reused (a new one per email cost a TCP and SMTP handshake each).
    // nodemailer is loaded with the first email sent (15 MB a product without a relay never needs).
    if (!transport) {
      const { default: nodemailer } = await import("nodemailer");
      transport = transports.get(relay) ?? nodemailer.createTransport(pooled(relay));
      transports.set(relay, transport);
    }
    try {
      await transport.sendMail({
        from: m.from_address,
        to: m.to_address,
        cc: m.cc || undefined,
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
      relayResult(relay, true, turn.probe);
    } catch (err) {
      error = String((err as Error).message ?? err);
      const down = relayUnreachable(err);
      relayResult(relay, !down, turn.probe);
      if (down) {
        const pause = relayPause(relay);
        ctx.log.warn(
          { err, relay: relay.replace(/\/\/[^@/]*@/, "//"), failures: pause?.failures },
          "the mail relay cannot be reached: its mail waits until it answers again",
        );
        await ctx.db.updateTable("mail_outbox").set({ last_error: error }).where("id", "=", m.id).execute();
        throw new JobDeferred(pause?.until ?? Date.now() + 1000);
      }
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
  relays.clear();
}
