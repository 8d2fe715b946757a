import { tx, type Ctx } from "../../context";
import type { TicketRow } from "../../db/schema";
import type { Actor } from "../../http/actor";
import { badRequest, conflict } from "../../http/errors";
import { moveDocs } from "../search/search.queries";
import { moveMessages } from "./tickets.queries";
import { applyPatch, loadTicketForUpdate, recordEvent, statusPatch } from "./tickets.write";

/** Merge `number` into `intoNumber`: messages move, the merged ticket closes and points to the survivor. */
export async function mergeTicket(
  ctx: Ctx,
  actor: Actor,
  number: number,
  intoNumber: number,
  requestId: string | null = null,
): Promise<TicketRow> {
  if (number === intoNumber) throw badRequest("invalid_merge", "a ticket cannot be merged into itself");
  return tx(ctx, requestId, async (uow) => {
    const trx = uow.trx;
    const source = await loadTicketForUpdate(trx, actor.workspaceId, number, ctx.dialect);
    const target = await loadTicketForUpdate(trx, actor.workspaceId, intoNumber, ctx.dialect);
    if (source.merged_into_id || target.merged_into_id)
      throw conflict("ticket_merged", "one of the tickets is already merged");
    if (source.requester_id !== target.requester_id)
      throw conflict("different_requesters", "only tickets of the same customer can be merged");
    await moveMessages(trx, source.id, target.id);
    await moveDocs(trx, ctx.dialect, source.id, target.id);
    const now = Date.now();
    await applyPatch(uow, source, {
      ...statusPatch(source, "closed", now),
      merged_into_id: target.id,
      updated_at: now,
    });
    const survivor = await applyPatch(uow, target, { updated_at: now });
    await recordEvent(trx, source, actor, "merged", { into: target.number });
    await recordEvent(trx, target, actor, "merged_from", { from: source.number });
    await uow.emit(actor.workspaceId, "ticket.merged", {
      ticket_id: source.id,
      number,
      into_id: target.id,
      into_number: target.number,
    });
    return survivor;
  });
}
