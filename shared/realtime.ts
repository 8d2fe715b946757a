import type { Notification } from "./api/notifications";
import type { Message, Ticket } from "./api/tickets";

// Messages pushed over /api/v1/realtime, the same in embedded and scale-out mode.
// Ticket and message payloads come from the same presenters as the REST API.
export interface ServerMessageMap {
  "ticket.created": { ticket: Ticket };
  "ticket.updated": { ticket: Ticket };
  "message.created": { ticket_number: number; message: Message };
  presence: { ticket_number: number; viewing: PresenceEntry[]; typing: PresenceEntry[] };
  /** An SLA target of a ticket is close to its due time: for the assignee and the supervisors. */
  "sla.warning": SlaAlertPush;
  /** An SLA target of a ticket has passed its due time (recorded once, as an `sla_breached` event). */
  "sla.breached": SlaAlertPush;
  /** To a customer's portal socket: something public changed on this request; fetch it again. */
  "portal.changed": { ticket_number: number };
  /** To one agent's own room: a notification for them, or their unread count changed (read elsewhere). */
  "notification.created": { notification: Notification; unread: number };
  "notifications.read": { unread: number };
  /** To the workspace: praise was given (the wall and the counts read again). */
  "kudos.created": { kudos_id: number };
  subscribed: { room: string };
  error: { code: string; message: string };
}

export interface SlaAlertPush {
  ticket_number: number;
  subject: string;
  target: string;
  due_at: string | null;
  assignee_id: number | null;
}

export interface PresenceEntry {
  agent_id: number;
  name: string;
}

export type ServerMessage = {
  [K in keyof ServerMessageMap]: { type: K } & ServerMessageMap[K];
}[keyof ServerMessageMap];

/** What a client may send. */
export type ClientMessage =
  | { type: "subscribe"; room: string }
  | { type: "unsubscribe"; room: string }
  | { type: "viewing"; ticket_number: number }
  | { type: "typing"; ticket_number: number }
  | { type: "left"; ticket_number: number };

export const rooms = {
  workspace: (id: number) => `workspace:${id}`,
  team: (id: number) => `team:${id}`,
  ticket: (wsId: number, number: number) => `ticket:${wsId}:${number}`,
  /** A request as its customer follows it: only "portal.changed" is ever published here. */
  portal: (wsId: number, number: number) => `portal:${wsId}:${number}`,
  /** One agent's own pushes (notifications); joined on connect, never by asking. */
  agent: (wsId: number, agentId: number) => `agent:${wsId}:${agentId}`,
};
