import { z } from "zod";

// In-app notifications: the kinds any module may add (one line here and its payload type below), how each
// agent wants each kind delivered, and the request schemas of /api/v1/notifications.

export const NOTIFICATION_KINDS = [
  "assigned",
  "customer_replied",
  "mentioned",
  "sla_warning",
  "sla_breached",
  "kb_feedback",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What each kind carries, besides its ticket. Add a kind: a line in NOTIFICATION_KINDS and one here. */
export interface NotificationPayloads {
  assigned: { subject: string; by: string | null };
  customer_replied: { subject: string; customer: string | null };
  mentioned: { subject: string; by: string | null; excerpt: string };
  sla_warning: { subject: string; target: string };
  sla_breached: { subject: string; target: string };
  /** A reader's comment on "was this helpful?", to the article's owner: plain text, cut short. */
  kb_feedback: { article_id: number; title: string; helpful: boolean; excerpt: string };
}

/** In the app only; in the app and an email each; in the app and one email a day. */
export const NOTIFICATION_DELIVERIES = ["in_app", "email", "digest"] as const;
export type NotificationDelivery = (typeof NOTIFICATION_DELIVERIES)[number];
/** What an agent who changed nothing gets. */
export const DEFAULT_DELIVERY: NotificationDelivery = "in_app";

export const ZNotificationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** Notifications older than this id (the last one of the previous page). */
  before: z.coerce.number().int().positive().optional(),
  unread: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});

export const ZMarkNotificationsRead = z.union([
  z.object({ ids: z.array(z.number().int().positive()).min(1).max(500) }),
  z.object({ all: z.literal(true) }),
]);

export const ZNotificationSettingsInput = z.object({
  settings: z.partialRecord(z.enum(NOTIFICATION_KINDS), z.enum(NOTIFICATION_DELIVERIES)),
});
