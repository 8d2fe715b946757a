import crypto from "node:crypto";
import type WebSocket from "ws";
import { Redis } from "ioredis";
import { RealtimeHub } from "../realtime/hub";
import type { Runtime } from "../runtime";

/**
 * Resolves once an agent's realtime socket has joined its workspace room: the server says so with its first
 * "subscribed" message, after authenticating. A push sent between "open" and then would not reach the socket.
 */
export function joined(ws: WebSocket, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the realtime socket did not join its workspace room")), ms);
    const onMessage = (d: WebSocket.RawData) => {
      const m = JSON.parse(d.toString());
      if (m.type === "subscribed" && String(m.room).startsWith("workspace:")) {
        clearTimeout(timer);
        ws.off("message", onMessage);
        resolve();
      }
    };
    ws.on("message", onMessage);
    ws.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/**
 * Resolves once a marker published to `room` (a room the socket is in) through `hub` reaches `ws`. One hub, one
 * socket: messages keep their order, so nothing published through it before the marker is still on its way. The
 * marker is a "subscribed" message naming a room no one joins.
 */
export async function markerArrived(ws: WebSocket, hub: RealtimeHub, room: string, ms = 10_000): Promise<void> {
  const marker = `barrier:${crypto.randomUUID()}`;
  const arrived = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the realtime marker sent to ${room} did not arrive`)), ms);
    const onMessage = (d: WebSocket.RawData) => {
      const m = JSON.parse(d.toString());
      if (m.type === "subscribed" && m.room === marker) {
        clearTimeout(timer);
        ws.off("message", onMessage);
        resolve();
      }
    };
    ws.on("message", onMessage);
  });
  await hub.publish(room, { type: "subscribed", room: marker }, "everyone");
  await arrived;
}

/** Resolves once every realtime push caused by the changes this runtime made so far has reached `ws`. */
export async function pushesArrived(rt: Runtime, ws: WebSocket, room: string): Promise<void> {
  await rt.pushesDone();
  await markerArrived(ws, rt.ctx.hub, room);
}

/** The hub of nodes run as processes (their REDIS_URL and REDIS_PREFIX), to publish a marker through it. */
export async function redisHub(redisUrl: string, prefix: string) {
  const pub = new Redis(redisUrl);
  const sub = new Redis(redisUrl);
  const hub = await RealtimeHub.redis(pub, sub, prefix);
  return {
    hub,
    close: () => {
      pub.disconnect();
      sub.disconnect();
    },
  };
}
