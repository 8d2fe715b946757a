import { tx, type Ctx } from "../../context";
import type { TicketRow } from "../../db/schema";
import type { AgentActor } from "../../http/actor";
import { conflict, notFound } from "../../http/errors";
import { json } from "../../lib/cursor";
import { messagesOf } from "./tickets.queries";
import { createTicketWithMessage } from "./tickets.service";
import { applyPatch, loadTicketForUpdate, recordEvent } from "./tickets.write";

/**
 * Split: one message of a ticket (a customer who asked a second, unrelated question) becomes the first message
 * of a new ticket of the same customer, with the same priority, channel and team. The message moves, with its
 * email record, so a reply to that email threads into the new ticket. The ticket keeps at least one message.
 */
export async function splitTicket(
  ctx: Ctx,
  actor: AgentActor,
  number: number,
  input: { message_id: number; subject?: string },
  requestId: string | null = null,
): Promise<TicketRow> {
  return tx(ctx, requestId, async (uow) => {
    const trx = uow.trx;
    const source = await loadTicketForUpdate(trx, actor.workspaceId, number, ctx.dialect);
    if (source.merged_into_id) throw conflict("ticket_merged", `ticket #${number} was merged and can no longer change`);
    const messages = await messagesOf(trx, source.id, { includeInternal: true });
    const message = messages.find((m) => m.id === input.message_id);
    if (!message) throw notFound("message");
    if (messages.length < 2) throw conflict("split_last_message", "a ticket keeps at least one message");
    const { ticket } = await createTicketWithMessage(
      ctx,
      uow,
      actor,
      {
        subject: input.subject ?? source.subject,
        body_text: message.body_text,
        requester: { email: "unused@invalid" },
        priority: source.priority,
        channel: source.channel,
        tags: json<string[]>(source.tags, []),
        team_id: source.team_id,
      },
      { requesterId: source.requester_id, moveMessage: message },
    );
    await applyPatch(uow, source, { updated_at: Date.now() });
    await recordEvent(trx, source, actor, "split_to", { number: ticket.number, message_id: message.id });
    await recordEvent(trx, ticket, actor, "split_from", { number: source.number, message_id: message.id });
    await uow.emit(actor.workspaceId, "ticket.updated", { ticket_id: source.id, number, changes: {} });
    return ticket;
  });
}
