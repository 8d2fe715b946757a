import { ZNotificationList, ZNotificationSettings, ZUnreadCount } from "../../../shared/api/index";
import { ZMarkNotificationsRead, ZNotificationSettingsInput, ZNotificationsQuery } from "../../../shared/notifications";
import { route } from "../../http/route";
import {
  listNotifications,
  notificationSettings,
  readNotifications,
  updateNotificationSettings,
} from "./notifications.service";

// The signed-in agent's notifications and how they want each kind delivered.
export const notificationRoutes = [
  route({
    method: "GET",
    url: "/api/v1/notifications",
    access: "agent",
    policy: "notification.read",
    tag: "notifications",
    summary: "Your notifications, newest first (?before= the last id of the previous page), with the unread count",
    query: ZNotificationsQuery,
    response: ZNotificationList,
    handler: ({ ctx, actor, query }) => listNotifications(ctx, actor, query),
  }),
  route({
    method: "POST",
    url: "/api/v1/notifications/read",
    access: "agent",
    policy: "notification.read",
    tag: "notifications",
    summary: "Mark notifications read: { ids } or { all: true }; answers the unread count",
    body: ZMarkNotificationsRead,
    response: ZUnreadCount,
    handler: ({ ctx, actor, body }) => readNotifications(ctx, actor, body),
  }),
  route({
    method: "GET",
    url: "/api/v1/notifications/settings",
    access: "agent",
    policy: "notification.read",
    tag: "notifications",
    summary: "How each kind of notification reaches you: in_app, email (each) or digest (daily)",
    response: ZNotificationSettings,
    handler: ({ ctx, actor }) => notificationSettings(ctx, actor),
  }),
  route({
    method: "PUT",
    url: "/api/v1/notifications/settings",
    access: "agent",
    policy: "notification.read",
    tag: "notifications",
    summary: "Change how kinds of notification reach you (the kinds named; the others stay)",
    body: ZNotificationSettingsInput,
    response: ZNotificationSettings,
    handler: ({ ctx, actor, body }) => updateNotificationSettings(ctx, actor, body.settings),
  }),
];
