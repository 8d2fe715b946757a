import type { HeldReply, UndoneReply } from "../../../shared/api/notifications";
import type { TicketStatus } from "../../../shared/enums";
import { tx, type Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { ApiError, conflict, notFound } from "../../http/errors";
import { iso, json } from "../../lib/cursor";
import { upsertDraft } from "./drafts.queries";
import { claimHeld, dueHeld, heldAuthor, heldTicket, insertHeld, undoSeconds } from "./held-replies.queries";
import { addMessage, addMessageIn } from "./tickets.service";
import { findTicketByNumber } from "./tickets.queries";

// "Undo send": a public reply is stored and held for the workspace's window (0–30 s) before it becomes a message
// (and so an email in the outbox). The worker's watchHeldReplies sends what is due, also what a killed process
// left: the held row is in the database, and taking it and writing its message share one transaction, so a
// reply is sent once or not at all, and never lost.

export async function holdReply(
  ctx: Ctx,
  actor: AgentActor,
  number: number,
  input: { body_text: string; attachment_ids: number[]; status?: TicketStatus },
  requestId: string | null = null,
): Promise<HeldReply> {
  const ticket = await findTicketByNumber(ctx, actor.workspaceId, number);
  if (!ticket) throw notFound("ticket");
  const { undo_send_seconds: seconds } = await undoSeconds(ctx, actor.workspaceId);
  if (seconds <= 0) {
    const { message } = await addMessage(ctx, actor, number, { ...input, internal: false }, requestId);
    return { id: null, send_at: iso(Date.now()), seconds: 0, message_id: message.id };
  }
  if (ticket.merged_into_id)
    throw conflict("ticket_merged", `ticket #${number} was merged; write to the ticket it was merged into`);
  const send_at = Date.now() + seconds * 1000;
  const id = await insertHeld(ctx, {
    workspace_id: actor.workspaceId,
    ticket_id: ticket.id,
    agent_id: actor.agentId,
    body_text: input.body_text,
    attachment_ids: JSON.stringify(input.attachment_ids),
    status: input.status ?? null,
    send_at,
  });
  return { id, send_at: iso(send_at), seconds, message_id: null };
}

/** Undo: the held reply comes back to its author (409 when it has been sent already). */
export async function undoReply(ctx: Ctx, actor: AgentActor, id: number): Promise<UndoneReply> {
  const row = await claimHeld(ctx, id, actor.agentId);
  if (!row) throw conflict("held_reply_gone", "the reply has been sent already (or was never yours)");
  return { body_text: row.body_text, attachment_ids: json<number[]>(row.attachment_ids, []), status: row.status };
}

/** Sends one held reply if it is still held. A reply the ticket no longer takes becomes its author's draft. */
export async function releaseHeld(ctx: Ctx, id: number): Promise<boolean> {
  try {
    return await tx(ctx, null, async (uow) => {
      const row = await claimHeld(uow.trx, id);
      if (!row) return false;
      const [agent, ticket] = await Promise.all([
        heldAuthor(uow.trx, row.agent_id),
        heldTicket(uow.trx, row.ticket_id),
      ]);
      if (!agent || !ticket) return false;
      const actor: AgentActor = {
        kind: "agent",
        workspaceId: agent.workspace_id,
        agentId: agent.id,
        name: agent.name,
        role: agent.role,
        tier: agent.tier,
        via: "session",
      };
      await addMessageIn(ctx, uow, actor, ticket.number, {
        body_text: row.body_text,
        internal: false,
        attachment_ids: json<number[]>(row.attachment_ids, []),
        ...(row.status ? { status: row.status as TicketStatus } : {}),
      });
      return true;
    });
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    // The ticket was merged or the reply is refused: its words go back to the author as a draft.
    await tx(ctx, null, async (uow) => {
      const row = await claimHeld(uow.trx, id);
      if (row)
        await upsertDraft(uow.trx, {
          ticket_id: row.ticket_id,
          agent_id: row.agent_id,
          workspace_id: row.workspace_id,
          body_text: row.body_text,
          internal: 0,
        });
    });
    ctx.log.warn({ held: id, code: err.code }, "held reply not sent: kept as its author's draft");
    return false;
  }
}

export async function releaseDue(ctx: Ctx, now = Date.now()): Promise<number> {
  let sent = 0;
  for (const id of await dueHeld(ctx, now)) if (await releaseHeld(ctx, id)) sent++;
  return sent;
}

/** Worker loop: sends the held replies whose window has passed (every 500 ms; each is taken by one worker). */
export function watchHeldReplies(ctx: Ctx, everyMs = 500): () => void {
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      await releaseDue(ctx);
    } catch (err) {
      ctx.log.warn({ err }, "sending held replies failed; will try again");
    } finally {
      busy = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
