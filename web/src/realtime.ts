import { useEffect, useRef } from "react";
import type { ClientMessage, ServerMessage } from "../../shared/realtime";

type Listener = (m: ServerMessage) => void;

/**
 * One websocket per tab, reconnecting with backoff. Messages sent while it is down are dropped on purpose:
 * presence is refreshed every few seconds anyway and everything else is fetched again on reconnect.
 */
class Socket {
  private ws: WebSocket | null = null;
  private listeners = new Set<Listener>();
  private retry = 0;
  private closed = true;
  private rooms = new Set<string>();
  onReconnect: (() => void) | null = null;

  constructor(private readonly path: string) {}

  open() {
    if (!this.closed) return;
    this.closed = false;
    this.connect(false);
  }

  private connect(isRetry: boolean) {
    const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${this.path}`);
    this.ws = ws;
    // A socket replaced by a newer one (closed and opened again quickly, as a remount does) stays silent: it
    // neither delivers messages nor reconnects, so a tab never holds two live sockets that both deliver.
    const current = () => this.ws === ws;
    ws.onopen = () => {
      if (!current()) return;
      this.retry = 0;
      for (const room of this.rooms) ws.send(room);
      if (isRetry) this.onReconnect?.();
    };
    ws.onmessage = (e) => {
      if (!current()) return;
      const m = JSON.parse(String(e.data)) as ServerMessage;
      for (const l of this.listeners) l(m);
    };
    ws.onclose = () => {
      if (this.closed || !current()) return;
      const wait = Math.min(10_000, 500 * 2 ** this.retry++);
      setTimeout(() => !this.closed && current() && this.connect(true), wait);
    };
  }

  close() {
    this.closed = true;
    this.ws?.close();
    this.ws = null;
  }

  send(m: object) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m));
  }

  /** A message re-sent after every reconnect (a subscription). */
  keep(m: object) {
    const s = JSON.stringify(m);
    this.rooms.add(s);
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(s);
    return () => {
      this.rooms.delete(s);
    };
  }

  listen(l: Listener) {
    this.listeners.add(l);
    return () => {
      this.listeners.delete(l);
    };
  }
}

export const agentSocket = new Socket("/api/v1/realtime");
export const portalSocket = new Socket("/api/v1/portal/realtime");

export const sendAgent = (m: ClientMessage) => agentSocket.send(m);

/** Calls `fn` for every pushed message while the component is mounted (always the latest `fn`). */
export function usePush(socket: Socket, fn: Listener) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => socket.listen((m) => ref.current(m)), [socket]);
}
