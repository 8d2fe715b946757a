import crypto from "node:crypto";
import type { Ctx } from "../../context";
import type { OutboxEvent } from "../../events/events";
import { iso } from "../../lib/cursor";
import { DeliveryFailed, postWebhook, TargetRefused } from "./webhooks.target";

const MAX_ATTEMPTS = 8;

export function sign(secret: string, timestamp: number, body: string): string {
  return crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/** Outbox listener: one delivery row per matching subscription (unique per event), then one job each. */
export async function fanOutWebhooks(ctx: Ctx, event: OutboxEvent): Promise<void> {
  const hooks = await ctx.db
    .selectFrom("webhooks")
    .select(["id", "events"])
    .where("workspace_id", "=", event.workspace_id)
    .where("active", "=", 1)
    .execute();
  for (const h of hooks) {
    const wanted = JSON.parse(h.events) as string[];
    if (!wanted.includes("*") && !wanted.includes(event.event)) continue;
    const now = Date.now();
    const row = await ctx.db
      .insertInto("webhook_deliveries")
      .values({
        workspace_id: event.workspace_id,
        webhook_id: h.id,
        outbox_id: event.id,
        event: event.event,
        status: "pending",
        attempts: 0,
        response_status: null,
        error: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(["webhook_id", "outbox_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (row)
      await ctx.jobs.enqueue(
        "webhook.deliver",
        { delivery_id: row.id, request_id: event.request_id },
        { jobId: `webhook-${row.id}`, attempts: MAX_ATTEMPTS },
      );
  }
}

/** The job: POST the event, signed; throw to have the queue retry with backoff. */
export async function deliverWebhook(ctx: Ctx, deliveryId: number, attempt: number): Promise<void> {
  const d = await ctx.db
    .selectFrom("webhook_deliveries")
    .innerJoin("webhooks", "webhooks.id", "webhook_deliveries.webhook_id")
    .innerJoin("outbox", "outbox.id", "webhook_deliveries.outbox_id")
    .select([
      "webhook_deliveries.id",
      "webhook_deliveries.status",
      "webhooks.url",
      "webhooks.secret",
      "outbox.event",
      "outbox.payload",
      "outbox.created_at",
      "outbox.id as event_id",
    ])
    .where("webhook_deliveries.id", "=", deliveryId)
    .executeTakeFirst();
  if (!d || d.status === "delivered") return;
  const body = JSON.stringify({
    id: d.event_id,
    event: d.event,
    created_at: iso(d.created_at),
    data: JSON.parse(d.payload),
  });
  const ts = Math.floor(Date.now() / 1000);
  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await postWebhook(
      ctx.config.webhookAllowPrivate,
      d.url,
      {
        "content-type": "application/json",
        "user-agent": "Sportello-Webhooks/1",
        "x-sportello-event": d.event,
        "x-sportello-delivery": String(d.id),
        "x-sportello-timestamp": String(ts),
        "x-sportello-signature": `sha256=${sign(d.secret, ts, body)}`,
      },
      body,
    );
    status = res.status;
    if (status >= 300 && status < 400) error = `HTTP ${status}: redirects are not followed`;
    else if (status < 200 || status >= 300) error = `HTTP ${status}`;
  } catch (err) {
    error = err instanceof TargetRefused ? err.message : new DeliveryFailed().message;
  }
  const done = error === null;
  await ctx.db
    .updateTable("webhook_deliveries")
    .set({
      status: done ? "delivered" : attempt >= MAX_ATTEMPTS ? "failed" : "pending",
      attempts: attempt,
      response_status: status,
      error,
      updated_at: Date.now(),
    })
    .where("id", "=", deliveryId)
    .execute();
  if (!done) throw new Error(`webhook delivery ${deliveryId} failed: ${error}`);
}
