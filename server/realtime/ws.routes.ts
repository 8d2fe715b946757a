import type { FastifyInstance } from "fastify";
import { type ClientMessage, type PresenceEntry, rooms } from "../../shared/realtime";
import type { Ctx } from "../context";
import type { AgentActor } from "../http/actor";
import { can } from "../policy";
import type { Declaration, ResolveActor } from "../http/route";
import type { Subscriber } from "./hub";
import { agentTeamIds, teamOfWorkspace, ticketOfWorkspace } from "./realtime.queries";

const VIEWING_TTL = 30_000;
const TYPING_TTL = 6_000;

async function presence(ctx: Ctx, ws: number, number: number) {
  const parse = (m: string): PresenceEntry => JSON.parse(m);
  const [viewing, typing] = await Promise.all([
    ctx.store.members(`viewing:${ws}:${number}`),
    ctx.store.members(`typing:${ws}:${number}`),
  ]);
  return { type: "presence" as const, ticket_number: number, viewing: viewing.map(parse), typing: typing.map(parse) };
}

/** A room's name, read strictly: ids are canonical decimal numbers ("team:0x8" is no room). */
const ROOM = /^(workspace|team|ticket):([1-9][0-9]{0,15})(?::([1-9][0-9]{0,15}))?$/;

/**
 * Whether an agent may join a room: the same rule as the API read of what the room carries. Every room holds
 * ticket objects, so every one needs `ticket.read`, and its object must be of the agent's workspace (a team and a
 * ticket are looked up there, as GET /tickets?team_id= and GET /tickets/:number do). An agent of role "agent"
 * joins only the rooms of their own teams.
 */
async function allowedRoom(ctx: Ctx, actor: AgentActor, room: string, teamIds: number[]): Promise<boolean> {
  const m = ROOM.exec(room);
  if (!m || !can(actor, "ticket.read")) return false;
  const [, kind, a, b] = m;
  if (kind === "workspace") return b === undefined && Number(a) === actor.workspaceId;
  if (kind === "team")
    return (
      b === undefined &&
      (await teamOfWorkspace(ctx, actor.workspaceId, Number(a))) &&
      (teamIds.includes(Number(a)) || actor.role !== "agent")
    );
  return (
    b !== undefined && Number(a) === actor.workspaceId && (await ticketOfWorkspace(ctx, actor.workspaceId, Number(b)))
  );
}

/**
 * GET /api/v1/realtime (websocket). Authenticated like the API: session cookie, Authorization header, or
 * ?token= for clients that cannot set headers. Agents join their workspace room on connect.
 */
export function registerRealtime(
  app: FastifyInstance,
  ctx: Ctx,
  resolveActor: ResolveActor,
  registry: { method: string; url: string; access: string; policy: string | null; summary: string; tag: string }[],
) {
  registry.push({
    method: "GET",
    url: "/api/v1/realtime",
    access: "agent",
    policy: "realtime.connect",
    summary: "Websocket: pushes of tickets, messages and presence",
    tag: "realtime",
  });
  // Declared on Fastify's table too, as mount() does: the route guard test reads it there.
  const declaration: Declaration = { access: "agent", policy: "realtime.connect" };
  app.get("/api/v1/realtime", { websocket: true, config: { declaration } }, (socket, req) => {
    // Listeners are attached at once: messages a client sends right after "open" must not be lost while
    // the connection is still being authenticated.
    const ready = authenticate();
    socket.on("message", async (raw: Buffer) => {
      const session = await ready;
      if (session) await onMessage(session, raw);
    });
    socket.on("close", async () => {
      const session = await ready;
      if (session) await onClose(session);
    });

    async function authenticate() {
      const token = (req.query as { token?: string }).token;
      if (token && !req.headers.authorization) req.headers.authorization = `Bearer ${token}`;
      const actor = await resolveActor(req).catch(() => null);
      if (!actor || actor.kind !== "agent" || !can(actor, "realtime.connect")) {
        socket.send(JSON.stringify({ type: "error", code: "unauthenticated", message: "Sign in or pass a token" }));
        socket.close(4401, "unauthenticated");
        return null;
      }
      const teamIds = await agentTeamIds(ctx, actor.agentId);
      const sub: Subscriber = { audience: "agent", send: (d) => socket.send(d) };
      ctx.hub.register(sub);
      ctx.hub.join(sub, rooms.workspace(actor.workspaceId));
      ctx.hub.join(sub, rooms.agent(actor.workspaceId, actor.agentId));
      // From here on the socket receives the workspace's pushes; a client that must not miss one waits for this.
      socket.send(JSON.stringify({ type: "subscribed", room: rooms.workspace(actor.workspaceId) }));
      return {
        actor,
        teamIds,
        sub,
        me: JSON.stringify({ agent_id: actor.agentId, name: actor.name }),
        watching: new Set<number>(),
      };
    }

    type Session = NonNullable<Awaited<typeof ready>>;

    async function onMessage({ actor, teamIds, sub, me, watching }: Session, raw: Buffer) {
      let msg: ClientMessage;
      try {
        msg = JSON.parse(raw.toString());
      } catch {
        return socket.send(JSON.stringify({ type: "error", code: "invalid_json", message: "messages are JSON" }));
      }
      const ws = actor.workspaceId;
      try {
        if (msg.type === "subscribe" || msg.type === "unsubscribe") {
          if (!(await allowedRoom(ctx, actor, String(msg.room), teamIds)))
            return socket.send(
              JSON.stringify({ type: "error", code: "forbidden_room", message: `cannot join ${msg.room}` }),
            );
          if (msg.type === "unsubscribe") return ctx.hub.leave(sub, msg.room);
          ctx.hub.join(sub, msg.room);
          socket.send(JSON.stringify({ type: "subscribed", room: msg.room }));
          // A newcomer to a ticket learns at once who is already there.
          const [kind, , n] = msg.room.split(":");
          if (kind === "ticket") socket.send(JSON.stringify(await presence(ctx, ws, Number(n))));
        } else if (msg.type === "viewing" || msg.type === "typing" || msg.type === "left") {
          const n = Number(msg.ticket_number);
          if (!Number.isInteger(n) || n <= 0) return;
          if (msg.type === "left") {
            watching.delete(n);
            await ctx.store.remove(`viewing:${ws}:${n}`, me);
            await ctx.store.remove(`typing:${ws}:${n}`, me);
          } else {
            // Joining a ticket's room by showing presence on it: the same check as a subscription.
            if (!watching.has(n) && !(await ticketOfWorkspace(ctx, ws, n))) return;
            watching.add(n);
            ctx.hub.join(sub, rooms.ticket(ws, n));
            await ctx.store.touch(`${msg.type}:${ws}:${n}`, me, msg.type === "typing" ? TYPING_TTL : VIEWING_TTL);
          }
          await ctx.hub.publish(rooms.ticket(ws, n), await presence(ctx, ws, n));
        } else {
          socket.send(JSON.stringify({ type: "error", code: "unknown_type", message: "unknown message type" }));
        }
      } catch (err) {
        ctx.log.warn({ err }, "realtime message failed");
      }
    }

    async function onClose({ actor, sub, me, watching }: Session) {
      ctx.hub.drop(sub);
      for (const n of watching) {
        await ctx.store.remove(`viewing:${actor.workspaceId}:${n}`, me).catch(() => {});
        await ctx.store.remove(`typing:${actor.workspaceId}:${n}`, me).catch(() => {});
        await ctx.hub
          .publish(rooms.ticket(actor.workspaceId, n), await presence(ctx, actor.workspaceId, n))
          .catch(() => {});
      }
    }
  });
}
