import type { Generated } from "kysely";

// The email channel: mailboxes, mail received and sent, templates, stored originals. Times are epoch milliseconds, booleans 0/1, JSON is text (schema.ts).

export interface MailboxTable {
  id: Generated<number>;
  workspace_id: number;
  address: string;
  display_name: string | null;
  team_id: number | null;
  created_at: number;
  imap_host: string | null;
  imap_port: number | null;
  imap_secure: number | null;
  imap_user: string | null;
  imap_password: string | null;
  imap_folder: string | null;
  imap_after: "flag" | "move" | "none" | null;
  imap_move_to: string | null;
  imap_uid_validity: string | null;
  imap_last_uid: number | null;
  imap_status: "ok" | "error" | null;
  imap_last_error: string | null;
  imap_last_fetch_at: number | null;
}

export interface EmailMessageTable {
  id: Generated<number>;
  workspace_id: number;
  mailbox_id: number | null;
  ticket_id: number | null;
  message_id: number | null;
  direction: "in" | "out";
  header_message_id: string;
  in_reply_to: string | null;
  from_address: string | null;
  subject: string | null;
  raw_sha256: string;
  raw_size: number;
  flags: string; // JSON array: "unreadable", "auto_reply", "bounce", …
  created_at: number;
  /** A reply waiting for the message it answers: placed when that arrives, or on its own at this time. */
  held_until: number | null;
}

export interface EmailAwaitingTable {
  workspace_id: number;
  ref_message_id: string;
  email_id: number;
}

export interface MailOutboxTable {
  id: Generated<number>;
  workspace_id: number;
  ticket_id: number | null;
  message_id: number | null;
  /** "notification" is the acknowledgement of a new request; "waiting" and "solved" follow status changes. */
  kind:
    | "reply"
    | "notification"
    | "portal_link"
    | "waiting"
    | "solved"
    | "agent_notification"
    | "password_reset"
    | "kudos_digest"
    | "consent_request"
    | "problem_fixed"
    | "survey"
    | "nps";
  to_address: string;
  from_address: string;
  reply_to: string;
  subject: string;
  header_message_id: string;
  in_reply_to: string | null;
  refs: string | null;
  body_text: string;
  body_html: string | null;
  /** "captured": written while no relay was configured, kept and sent only when an admin asks (024). */
  status: "queued" | "sent" | "dead" | "captured";
  attempts: number;
  last_error: string | null;
  /** Comma-separated Cc addresses (the ticket's CC list when the reply was queued). */
  cc?: string | null;
  created_at: number;
  sent_at: number | null;
  /** The outbox event that caused it, for notifications sent once per event. */
  event_id: Generated<number | null>;
}

export interface MailTemplateTable {
  id: Generated<number>;
  workspace_id: number;
  kind: "received" | "agent_reply" | "waiting_for_reply" | "solved";
  language: "it" | "en";
  subject: string;
  body: string;
  updated_by: number | null;
  updated_at: number;
}

export interface StoredFileTable {
  sha256: string;
  content: Buffer;
  created_at: number;
}
