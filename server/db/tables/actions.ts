import type { Generated } from "kysely";

// Ticket actions and notifications (migration 032).

export interface TicketFollowerTable {
  ticket_id: number;
  agent_id: number;
  workspace_id: number;
  created_at: number;
}

export interface TicketCcTable {
  ticket_id: number;
  address: string;
  workspace_id: number;
  created_at: number;
}

export interface NotificationTable {
  id: Generated<number>;
  workspace_id: number;
  agent_id: number;
  kind: string;
  ticket_id: number | null;
  payload: string; // JSON
  created_at: number;
  read_at: number | null;
  emailed_at: number | null;
}

export interface NotificationSettingTable {
  agent_id: number;
  kind: string;
  /** "in_app", "email" (in the app and an email each) or "digest" (in the app and a daily email). */
  delivery: string;
}

/** A public reply waiting for its "undo send" window to pass. */
export interface HeldReplyTable {
  id: Generated<number>;
  workspace_id: number;
  ticket_id: number;
  agent_id: number;
  body_text: string;
  attachment_ids: string; // JSON array
  status: string | null;
  send_at: number;
  created_at: number;
}
