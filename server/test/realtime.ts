import type WebSocket from "ws";

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
