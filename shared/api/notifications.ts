import { z } from "zod";
import { NOTIFICATION_DELIVERIES, NOTIFICATION_KINDS } from "../notifications";
import { ZDateTime, ZId, ZTicketNumber } from "./common";

// Notifications as the API answers them.

export const ZNotification = z.strictObject({
  id: ZId,
  kind: z.enum(NOTIFICATION_KINDS),
  ticket_number: ZTicketNumber.nullable(),
  /** The kind's payload (shared/notifications.ts NotificationPayloads). */
  payload: z.record(z.string(), z.unknown()),
  created_at: ZDateTime,
  read_at: ZDateTime.nullable(),
});
export type Notification = z.infer<typeof ZNotification>;

export const ZNotificationList = z.strictObject({ data: z.array(ZNotification), unread: z.number().int() });
export type NotificationList = z.infer<typeof ZNotificationList>;

export const ZUnreadCount = z.strictObject({ unread: z.number().int() });

export const ZNotificationSettings = z.strictObject({
  settings: z.record(z.enum(NOTIFICATION_KINDS), z.enum(NOTIFICATION_DELIVERIES)),
});
export type NotificationSettings = z.infer<typeof ZNotificationSettings>;

/** A ticket's followers (agents told of its changes) and CC (addresses copied on its replies). */
export const ZTicketFollowers = z.strictObject({ data: z.array(z.strictObject({ id: ZId, name: z.string() })) });
export type TicketFollowers = z.infer<typeof ZTicketFollowers>;
export const ZTicketCc = z.strictObject({ addresses: z.array(z.string()) });
export type TicketCc = z.infer<typeof ZTicketCc>;

/** A public reply held for the undo window: sent at send_at unless undone (message_id once sent at once). */
export const ZHeldReply = z.strictObject({
  id: ZId.nullable(),
  send_at: z.iso.datetime(),
  seconds: z.number().int(),
  message_id: ZId.nullable(),
});
export type HeldReply = z.infer<typeof ZHeldReply>;
/** What an undone reply gives back to the composer. */
export const ZUndoneReply = z.strictObject({
  body_text: z.string(),
  attachment_ids: z.array(ZId),
  status: z.string().nullable(),
});
export type UndoneReply = z.infer<typeof ZUndoneReply>;
