import { rooms } from "../../shared/realtime";
import type { Ctx } from "../context";
import type { OutboxEvent } from "../events/events";
import { getThread, presentOne } from "../modules/tickets/tickets.read";
import { findTicketByNumber } from "../modules/tickets/tickets.queries";

/**
 * After-commit fast path: the node that made the change pushes it to the rooms at once, with the API's
 * presenters. Best effort by design (a client that missed a push refetches); durable work goes through the outbox.
 */
export async function pushRealtime(ctx: Ctx, events: OutboxEvent[]): Promise<void> {
  // Presenting costs queries: skip it when no socket anywhere could receive the push.
  if (!ctx.hub.hasAudience) return;
  for (const e of events) {
    const ws = e.workspace_id;
    if (e.event === "ticket.created" || e.event === "ticket.updated" || e.event === "ticket.merged") {
      const t = await findTicketByNumber(ctx.db, ws, (e as OutboxEvent<"ticket.updated">).payload.number);
      if (!t) continue;
      const ticket = await presentOne(ctx, t);
      const type = e.event === "ticket.created" ? "ticket.created" : "ticket.updated";
      await ctx.hub.publish(rooms.workspace(ws), { type, ticket });
      if (t.team_id) await ctx.hub.publish(rooms.team(t.team_id), { type, ticket });
      await ctx.hub.publish(rooms.ticket(ws, t.number), { type, ticket });
      await ctx.hub.publish(
        rooms.portal(ws, t.number),
        { type: "portal.changed", ticket_number: t.number },
        "everyone",
      );
    } else if (e.event === "message.created") {
      const payload = (e as OutboxEvent<"message.created">).payload;
      const [message] = await getThread(ctx, ws, payload.number, {
        includeInternal: true,
        messageId: payload.message_id,
      });
      if (!message) continue;
      const msg = { type: "message.created" as const, ticket_number: payload.number, message };
      await ctx.hub.publish(rooms.ticket(ws, payload.number), msg);
      // A customer's socket gets a bare "changed" signal and fetches through the portal API, which shows only
      // what a customer may see; internal notes do not even cause a signal.
      if (!message.internal)
        await ctx.hub.publish(
          rooms.portal(ws, payload.number),
          { type: "portal.changed", ticket_number: payload.number },
          "everyone",
        );
      await ctx.hub.publish(rooms.workspace(ws), msg);
    }
  }
}
