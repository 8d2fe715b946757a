import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { conflict, notFound } from "../../http/errors";
import { MAIL_MAX_ATTEMPTS } from "./outbound";
import { decodeCursor, encodeCursor, iso } from "../../lib/cursor";
import { capturedMail, capturedPage, outboxPage, outboxStatus, releaseCaptured, requeueMail } from "./outbound.queries";

// Use cases of the outgoing mail queue as agents see it: the list with its dead letters, and a retry by hand.

export async function listOutbox(
  ctx: Ctx,
  actor: AgentActor,
  query: { status?: "queued" | "sent" | "dead" | "captured"; limit: number; cursor?: string },
) {
  const page = await outboxPage(ctx, actor.workspaceId, query.status, query.limit, query.cursor);
  return {
    data: page.rows.map((m) => ({ ...m, created_at: iso(m.created_at), sent_at: iso(m.sent_at) })),
    next_cursor: page.next_cursor,
  };
}

/** A dead letter is queued again and sent with its Message-ID; anything else is refused. */
export async function retryDeadLetter(ctx: Ctx, actor: AgentActor, id: number, requestId: string) {
  const m = await outboxStatus(ctx, actor.workspaceId, id);
  if (!m) throw notFound("email");
  if (m.status !== "dead")
    throw conflict("not_dead", `this email is ${m.status}; only dead letters are retried by hand`);
  await requeueMail(ctx, m.id);
  await ctx.jobs.enqueue(
    "mail.send",
    { mail_id: m.id, request_id: requestId },
    { jobId: `mail-${m.id}-retry-${Date.now()}`, attempts: MAIL_MAX_ATTEMPTS },
  );
  return { ok: true as const };
}

// Captured mail: what would have been sent while no SMTP_RELAY_URL was configured, for admins to read (the
// demo's sign-in links included) and to send by hand once a relay is set. Setting a relay sends none of it.

const presentCapturedRow = (m: {
  id: number;
  ticket_id: number | null;
  kind: "reply" | "notification" | "portal_link" | "waiting" | "solved" | "survey" | "nps";
  from_address: string;
  to_address: string;
  subject: string;
  created_at: number;
}) => ({
  id: m.id,
  ticket_id: m.ticket_id,
  kind: m.kind,
  from_address: m.from_address,
  to_address: m.to_address,
  subject: m.subject,
  created_at: iso(m.created_at)!,
});

export async function listCaptured(ctx: Ctx, actor: AgentActor, query: { limit: number; cursor?: string }) {
  const before = decodeCursor(query.cursor, 1)?.[0] ?? null;
  const rows = await capturedPage(ctx, actor.workspaceId, query.limit, before === null ? null : Number(before));
  const page = rows.slice(0, query.limit);
  return {
    data: page.map(presentCapturedRow),
    next_cursor: rows.length > query.limit ? encodeCursor([page[page.length - 1].id]) : null,
  };
}

export async function readCaptured(ctx: Ctx, actor: AgentActor, id: number) {
  const m = await capturedMail(ctx, actor.workspaceId, id);
  if (!m) throw notFound("captured email");
  const headers = [
    { name: "From", value: m.from_address },
    { name: "To", value: m.to_address },
    { name: "Reply-To", value: m.reply_to },
    { name: "Subject", value: m.subject },
    { name: "Message-ID", value: m.header_message_id },
    ...(m.in_reply_to ? [{ name: "In-Reply-To", value: m.in_reply_to }] : []),
    ...(m.refs ? [{ name: "References", value: m.refs }] : []),
    ...(m.kind !== "reply" ? [{ name: "Auto-Submitted", value: "auto-replied" }] : []),
    { name: "Date", value: new Date(m.created_at).toUTCString() },
  ];
  return { ...presentCapturedRow(m), headers, text: m.body_text, html: m.body_html };
}

/** An admin sends a captured email through the relay now configured, with its Message-ID. */
export async function sendCaptured(ctx: Ctx, actor: AgentActor, id: number, requestId: string) {
  const m = await outboxStatus(ctx, actor.workspaceId, id);
  if (!m) throw notFound("email");
  if (!ctx.config.smtpRelayUrl)
    throw conflict("no_relay", "SMTP_RELAY_URL is not set: a captured email can be sent once a relay is configured");
  if (m.status !== "captured" || !(await releaseCaptured(ctx, m.id)))
    throw conflict("not_captured", `this email is ${m.status}; only captured email is sent from here`);
  await ctx.jobs.enqueue(
    "mail.send",
    { mail_id: m.id, request_id: requestId },
    { jobId: `mail-${m.id}-captured-${Date.now()}`, attempts: MAIL_MAX_ATTEMPTS },
  );
  return { ok: true as const };
}
