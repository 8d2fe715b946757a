import { sql } from "kysely";
import { autoAssign } from "../modules/queue/assignment";
import type { Ctx } from "../context";
import { queueAcknowledgement, queueStatusEmail } from "../modules/email/notifications";
import { queueReplyEmail } from "../modules/email/outbound";
import { fanOutWebhooks } from "../modules/webhooks/webhooks.delivery";
import type { EventName, OutboxEvent } from "./events";

// Durable listeners: they run from the outbox, so a crash after commit delays them but never loses them.
// Each must be idempotent (an event can be handed out again if a worker dies mid-batch).
type Listener = (ctx: Ctx, event: OutboxEvent) => Promise<void>;
const LISTENERS: Record<EventName, Listener[]> = {
  "ticket.created": [fanOutWebhooks, queueAcknowledgement, autoAssign],
  "ticket.updated": [fanOutWebhooks, autoAssign, queueStatusEmail],
  "message.created": [fanOutWebhooks, queueReplyEmail],
  "ticket.merged": [fanOutWebhooks],
};

const LEASE_MS = 60_000;

/**
 * Claims a batch of undispatched events with a lease (SKIP LOCKED on PostgreSQL, so two workers never claim
 * the same one), runs the listeners outside any transaction, then marks them dispatched. A worker that dies
 * mid-batch leaves its lease to expire, and another worker runs the batch again.
 */
export async function dispatchBatch(ctx: Ctx, batch = 100): Promise<number> {
  const now = Date.now();
  const lock = ctx.dialect === "postgres" ? sql`FOR UPDATE SKIP LOCKED` : sql``;
  const { rows } = await sql<{
    id: number;
    workspace_id: number;
    event: EventName;
    payload: string;
    request_id: string | null;
    created_at: number;
  }>`
    UPDATE outbox SET claimed_until = ${now + LEASE_MS}
    WHERE id IN (SELECT id FROM outbox WHERE dispatched_at IS NULL AND (claimed_until IS NULL OR claimed_until < ${now}) ORDER BY id LIMIT ${batch} ${lock})
    RETURNING id, workspace_id, event, payload, request_id, created_at`.execute(ctx.db);
  rows.sort((a, b) => Number(a.id) - Number(b.id));
  for (const r of rows) {
    const event: OutboxEvent = {
      ...r,
      id: Number(r.id),
      workspace_id: Number(r.workspace_id),
      payload: JSON.parse(r.payload),
    };
    for (const listener of LISTENERS[event.event] ?? []) await listener(ctx, event);
    await ctx.db.updateTable("outbox").set({ dispatched_at: Date.now() }).where("id", "=", event.id).execute();
  }
  return rows.length;
}

export class Dispatcher {
  private stopped = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly ctx: Ctx) {}

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        let n = 0;
        try {
          n = await dispatchBatch(this.ctx);
        } catch (err) {
          this.ctx.log.error({ err }, "outbox dispatch failed");
        }
        if (n === 0 && !this.stopped)
          await new Promise<void>((r) => {
            this.wake = r;
            setTimeout(r, 250);
          });
      }
    })();
  }

  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }
}
