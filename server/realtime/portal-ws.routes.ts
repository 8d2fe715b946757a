import type { FastifyInstance } from "fastify";
import { rooms } from "../../shared/realtime";
import type { Ctx } from "../context";
import type { Declaration, ResolveActor } from "../http/route";
import { visibleTicket } from "../modules/portal/portal.read";
import type { Subscriber } from "./hub";

/**
 * GET /api/v1/portal/realtime (websocket), for a signed-in customer. The client sends
 * {"type":"follow","ticket_number":N}; the socket then receives {"type":"portal.changed"} whenever something
 * public happens on that request, and nothing else.
 */
export function registerPortalRealtime(
  app: FastifyInstance,
  ctx: Ctx,
  resolveActor: ResolveActor,
  registry: { method: string; url: string; access: string; policy: string | null; summary: string; tag: string }[],
) {
  registry.push({
    method: "GET",
    url: "/api/v1/portal/realtime",
    access: "customer",
    policy: null,
    summary: "Websocket: a signal when a followed request changes",
    tag: "portal",
  });
  // Declared on Fastify's table too, as mount() does: the route guard test reads it there.
  const declaration: Declaration = { access: "customer", policy: null };
  app.get("/api/v1/portal/realtime", { websocket: true, config: { declaration } }, (socket, req) => {
    const ready = (async () => {
      const actor = await resolveActor(req).catch(() => null);
      if (!actor || actor.kind !== "customer") {
        socket.send(JSON.stringify({ type: "error", code: "unauthenticated", message: "Open the portal link again" }));
        socket.close(4401, "unauthenticated");
        return null;
      }
      const sub: Subscriber = { audience: "customer", send: (d) => socket.send(d) };
      ctx.hub.register(sub);
      return { actor, sub };
    })();
    socket.on("message", async (raw: Buffer) => {
      const s = await ready;
      if (!s) return;
      try {
        const msg = JSON.parse(raw.toString()) as { type?: string; ticket_number?: number };
        const n = Number(msg.ticket_number);
        if (msg.type !== "follow" || !Number.isInteger(n) || n <= 0) throw new Error("bad message");
        await visibleTicket(ctx, s.actor, n); // 404 for a request that is not theirs
        ctx.hub.join(s.sub, rooms.portal(s.actor.workspaceId, n));
        socket.send(JSON.stringify({ type: "subscribed", room: `request:${n}` }));
      } catch {
        socket.send(
          JSON.stringify({
            type: "error",
            code: "forbidden",
            message: 'send {"type":"follow","ticket_number":N} for one of your requests',
          }),
        );
      }
    });
    socket.on("close", async () => {
      const s = await ready;
      if (s) ctx.hub.drop(s.sub);
    });
  });
}
