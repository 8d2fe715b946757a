import type { Redis } from "ioredis";

/**
 * Small shared state that must agree across nodes: presence and counters with a time window.
 * In memory on one process; in Redis when REDIS_URL is set.
 */
export interface SharedStore {
  /** Adds `member` to set `key` for `ttlMs`; returns nothing. */
  touch(key: string, member: string, ttlMs: number): Promise<void>;
  remove(key: string, member: string): Promise<void>;
  /** Members whose TTL has not expired. */
  members(key: string): Promise<string[]>;
  close(): Promise<void>;
}

export class MemoryStore implements SharedStore {
  private sets = new Map<string, Map<string, number>>();
  async touch(key: string, member: string, ttlMs: number) {
    let s = this.sets.get(key);
    if (!s) this.sets.set(key, (s = new Map()));
    s.set(member, Date.now() + ttlMs);
  }
  async remove(key: string, member: string) {
    this.sets.get(key)?.delete(member);
  }
  async members(key: string) {
    const s = this.sets.get(key);
    if (!s) return [];
    const now = Date.now();
    for (const [m, exp] of s) if (exp <= now) s.delete(m);
    return [...s.keys()];
  }
  async close() {}
}

// A sorted set scored by expiry time: one ZADD to touch, ZREMRANGEBYSCORE to forget the expired.
export class RedisStore implements SharedStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}
  async touch(key: string, member: string, ttlMs: number) {
    await this.redis
      .multi()
      .zadd(`${this.prefix}:${key}`, Date.now() + ttlMs, member)
      .pexpire(`${this.prefix}:${key}`, ttlMs * 2)
      .exec();
  }
  async remove(key: string, member: string) {
    await this.redis.zrem(`${this.prefix}:${key}`, member);
  }
  async members(key: string) {
    await this.redis.zremrangebyscore(`${this.prefix}:${key}`, 0, Date.now());
    return this.redis.zrange(`${this.prefix}:${key}`, 0, -1);
  }
  async close() {}
}
