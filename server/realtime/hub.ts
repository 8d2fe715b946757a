import type { Redis } from "ioredis";
import type { ServerMessage } from "../../shared/realtime";

export interface Subscriber {
  audience: "agent" | "customer";
  send(data: string): void;
}

type Audience = "agents" | "everyone";

/**
 * Rooms of websocket subscribers on this node. With Redis, every publish goes through one pub/sub channel
 * so each node delivers to its own sockets; without it, delivery is a direct call.
 */
export class RealtimeHub {
  private readonly rooms = new Map<string, Set<Subscriber>>();
  private readonly memberships = new Map<Subscriber, Set<string>>();

  private constructor(
    private readonly pub: Redis | null,
    private readonly channel = "",
  ) {}

  static local(): RealtimeHub {
    return new RealtimeHub(null);
  }

  static async redis(pub: Redis, sub: Redis, prefix: string): Promise<RealtimeHub> {
    const hub = new RealtimeHub(pub, `${prefix}:realtime`);
    await sub.subscribe(hub.channel);
    sub.on("message", (_channel, raw) => {
      const { room, audience, data } = JSON.parse(raw) as { room: string; audience: Audience; data: string };
      hub.deliver(room, audience, data);
    });
    return hub;
  }

  /** Whether a publish could reach anyone: always with Redis (other nodes), only with sockets here otherwise. */
  get hasAudience(): boolean {
    return this.pub !== null || this.memberships.size > 0;
  }

  get connectionCount(): number {
    return this.memberships.size;
  }

  join(sub: Subscriber, room: string): void {
    let set = this.rooms.get(room);
    if (!set) this.rooms.set(room, (set = new Set()));
    set.add(sub);
    let mine = this.memberships.get(sub);
    if (!mine) this.memberships.set(sub, (mine = new Set()));
    mine.add(room);
  }

  register(sub: Subscriber): void {
    if (!this.memberships.has(sub)) this.memberships.set(sub, new Set());
  }

  leave(sub: Subscriber, room: string): void {
    this.rooms.get(room)?.delete(sub);
    this.memberships.get(sub)?.delete(room);
  }

  drop(sub: Subscriber): void {
    for (const room of this.memberships.get(sub) ?? []) {
      const set = this.rooms.get(room);
      set?.delete(sub);
      if (set && set.size === 0) this.rooms.delete(room);
    }
    this.memberships.delete(sub);
  }

  /** `agents`: internal data (notes, presence); `everyone`: also the customer's portal sockets. */
  async publish(room: string, message: ServerMessage, audience: Audience = "agents"): Promise<void> {
    const data = JSON.stringify(message);
    if (this.pub) await this.pub.publish(this.channel, JSON.stringify({ room, audience, data }));
    else this.deliver(room, audience, data);
  }

  private deliver(room: string, audience: Audience, data: string): void {
    for (const sub of this.rooms.get(room) ?? []) {
      if (audience === "agents" && sub.audience !== "agent") continue;
      try {
        sub.send(data);
      } catch {
        this.drop(sub);
      }
    }
  }
}
