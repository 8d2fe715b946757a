import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { conflict, notFound } from "../../http/errors";
import { iso } from "../../lib/cursor";
import { MAIL_MAX_ATTEMPTS } from "./outbound";
import { outboxPage, outboxStatus, requeueMail } from "./outbound.queries";

// Use cases of the outgoing mail queue as agents see it: the list with its dead letters, and a retry by hand.

export async function listOutbox(
  ctx: Ctx,
  actor: AgentActor,
  query: { status?: "queued" | "sent" | "dead"; limit: number; cursor?: string },
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
