import crypto from "node:crypto";
import type { Notification, NotificationList, NotificationSettings } from "../../../shared/api/notifications";
import {
  DEFAULT_DELIVERY,
  NOTIFICATION_KINDS,
  type NotificationDelivery,
  type NotificationKind,
  type NotificationPayloads,
} from "../../../shared/notifications";
import { rooms } from "../../../shared/realtime";
import { notificationPath, notificationText } from "../../../shared/notification-texts";
import type { Ctx } from "../../context";
import type { Runner } from "../../db/index";
import type { UnitOfWork } from "../../events/outbox";
import type { AgentActor } from "../../http/actor";
import { iso } from "../../lib/cursor";
import {
  agentForMail,
  deliveryOf,
  firstMailbox,
  insertAgentMail,
  insertNotification,
  markEmailed,
  markRead,
  notificationsOf,
  settingsOf,
  ticketNumberOf,
  unreadCount,
  upsertSetting,
} from "./notifications.queries";

// The notification store. Every module tells an agent something with notify() (kinds and payloads are typed in
// shared/notifications.ts); the agent reads them in the app's bell, gets them live on their own websocket room,
// and, as each agent chose per kind, by email each or in a daily digest.

export type NotifyInput = {
  [K in NotificationKind]: {
    workspaceId: number;
    agentId: number;
    kind: K;
    ticketId?: number | null;
    payload: NotificationPayloads[K];
  };
}[NotificationKind];

type Stored = Awaited<ReturnType<typeof insertNotification>>;

/** Stores one notification on `on` (a transaction or the database); it shows in the app at once. */
export async function notify(on: Runner, input: NotifyInput): Promise<Stored> {
  return insertNotification(on, {
    workspace_id: input.workspaceId,
    agent_id: input.agentId,
    kind: input.kind,
    ticket_id: input.ticketId ?? null,
    payload: JSON.stringify(input.payload),
  });
}

/** notify() outside a transaction, then the live push and the email the agent asked for. */
export async function notifyNow(ctx: Ctx, input: NotifyInput): Promise<void> {
  const row = await notify(ctx, input);
  await delivered(ctx, row, input);
}

/** notify() inside a unit of work: pushed and emailed once it has committed. */
export async function notifyIn(ctx: Ctx, uow: UnitOfWork, input: NotifyInput): Promise<void> {
  const row = await notify(uow.trx, input);
  uow.afterCommit(() => void delivered(ctx, row, input).catch((e: unknown) => ctx.log.warn({ err: e }, "notify")));
}

async function delivered(ctx: Ctx, row: Stored, input: NotifyInput) {
  const [notification] = await present(ctx, [{ ...row, ticket_number: await numberOf(ctx, input.ticketId) }]);
  await ctx.hub.publish(rooms.agent(input.workspaceId, input.agentId), {
    type: "notification.created",
    notification,
    unread: await unreadCount(ctx, input.agentId),
  });
  const setting = (await deliveryOf(ctx, input.agentId, input.kind))?.delivery ?? DEFAULT_DELIVERY;
  if (setting === "email") await emailOne(ctx, row, notification);
}

async function numberOf(ctx: Ctx, ticketId: number | null | undefined) {
  return ticketId ? ((await ticketNumberOf(ctx, ticketId))?.number ?? null) : null;
}

/** The language of an email to an agent: the one they last chose in the app, else the workspace's default. */
export const mailLanguage = (a: { language: string | null; default_language: string }): "it" | "en" =>
  (a.language ?? a.default_language) === "en" ? "en" : "it";
export const MAIL_FOOTER = {
  it: "Scegli quali notifiche ricevere per email:",
  en: "Choose which notifications reach you by email:",
};

/** One email to the agent (kind agent_notification), captured like every other when no relay is set. */
async function emailOne(ctx: Ctx, row: Stored, n: Notification) {
  const agent = await agentForMail(ctx, row.agent_id);
  const mailbox = await firstMailbox(ctx, row.workspace_id);
  if (!agent || !agent.active || !mailbox) return;
  const lang = mailLanguage(agent);
  const line = notificationText(lang, n.kind, n.payload as Record<string, unknown>, n.ticket_number ?? null);
  const status = ctx.config.smtpRelayUrl ? "queued" : "captured";
  const link = `${ctx.config.publicUrl}${notificationPath(n) ?? "/"}`;
  const id = await insertAgentMail(ctx, {
    workspace_id: row.workspace_id,
    ticket_id: row.ticket_id,
    to_address: agent.email,
    from_address: mailbox.address,
    subject: `[Sportello] ${line}`,
    body_text: `${line}\n\n${link}\n\n-- \n${MAIL_FOOTER[lang]} ${ctx.config.publicUrl}/notifications/settings\n`,
    status,
    header_message_id: `<sp.n.${row.id}.${crypto.randomBytes(4).toString("hex")}@sportello>`,
  });
  await markEmailed(ctx, row.id);
  if (status === "queued") await ctx.jobs.enqueue("mail.send", { mail_id: id }, { jobId: `mail-${id}`, attempts: 8 });
}

function present(
  _ctx: Ctx,
  rows: {
    id: number;
    kind: string;
    payload: string;
    created_at: number;
    read_at: number | null;
    ticket_number: number | null;
  }[],
): Promise<Notification[]> {
  return Promise.resolve(
    rows.map((r) => ({
      id: r.id,
      kind: r.kind as NotificationKind,
      ticket_number: r.ticket_number,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      created_at: iso(r.created_at),
      read_at: iso(r.read_at),
    })),
  );
}

export async function listNotifications(
  ctx: Ctx,
  actor: AgentActor,
  q: { limit: number; before?: number; unread?: boolean },
): Promise<NotificationList> {
  const rows = (await notificationsOf(ctx, actor.agentId, q)).filter((r) =>
    (NOTIFICATION_KINDS as readonly string[]).includes(r.kind),
  );
  return { data: await present(ctx, rows), unread: await unreadCount(ctx, actor.agentId) };
}

export async function readNotifications(ctx: Ctx, actor: AgentActor, which: { ids: number[] } | { all: true }) {
  await markRead(ctx, actor.agentId, "all" in which ? "all" : which.ids);
  const unread = await unreadCount(ctx, actor.agentId);
  // The agent's other tabs update their bell too.
  await ctx.hub.publish(rooms.agent(actor.workspaceId, actor.agentId), { type: "notifications.read", unread });
  return { unread };
}

export async function notificationSettings(ctx: Ctx, actor: AgentActor): Promise<NotificationSettings> {
  const rows = await settingsOf(ctx, actor.agentId);
  const settings = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, DEFAULT_DELIVERY])) as Record<
    NotificationKind,
    NotificationDelivery
  >;
  for (const r of rows)
    if ((NOTIFICATION_KINDS as readonly string[]).includes(r.kind))
      settings[r.kind as NotificationKind] = r.delivery as NotificationDelivery;
  return { settings };
}

export async function updateNotificationSettings(
  ctx: Ctx,
  actor: AgentActor,
  input: Partial<Record<NotificationKind, NotificationDelivery>>,
): Promise<NotificationSettings> {
  for (const [kind, delivery] of Object.entries(input)) await upsertSetting(ctx, actor.agentId, kind, delivery);
  return notificationSettings(ctx, actor);
}
