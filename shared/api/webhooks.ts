import { z } from "zod";
import { WEBHOOK_EVENTS } from "../schemas";
import { ZDateTime, ZId, ZList, ZPage } from "./common";

// Webhook subscriptions and their delivery log.

export const ZWebhook = z.strictObject({
  id: ZId,
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  active: z.boolean(),
  created_at: ZDateTime,
});
export type Webhook = z.infer<typeof ZWebhook>;
export const ZWebhookList = ZList(ZWebhook);

/** A subscription just created: its signing secret is shown this once. */
export const ZWebhookCreated = ZWebhook.extend({ secret: z.string() });
export type WebhookCreated = z.infer<typeof ZWebhookCreated>;

export const ZWebhookDelivery = z.strictObject({
  id: ZId,
  event: z.string(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int().nonnegative(),
  /** The HTTP status the subscriber answered, when it answered. */
  response_status: z.number().int().nullable(),
  error: z.string().nullable(),
  created_at: ZDateTime,
  updated_at: ZDateTime,
});
export type WebhookDelivery = z.infer<typeof ZWebhookDelivery>;
export const ZWebhookDeliveryPage = ZPage(ZWebhookDelivery);
