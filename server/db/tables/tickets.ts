import type { Generated } from "kysely";
import type { OverrideSource } from "../../../shared/enums";

// Tickets, their messages, files and timeline, the inbox counters, and the exceptions made to the rules. Times are epoch milliseconds, booleans 0/1, JSON is text (schema.ts).

export interface TicketTable {
  id: Generated<number>;
  workspace_id: number;
  number: number;
  subject: string;
  status: "new" | "open" | "pending" | "on_hold" | "solved" | "closed";
  priority: "low" | "normal" | "high" | "urgent";
  channel: "email" | "web" | "portal" | "chat" | "api" | "phone" | "review";
  requester_id: number;
  assignee_id: number | null;
  team_id: number | null;
  tags: string; // JSON array, mirrored in ticket_tags for filtering
  is_open: number; // 1 while status is new/open/pending/on_hold: derived, kept for the inbox indexes
  merged_into_id: number | null;
  created_at: number;
  updated_at: number;
  first_response_at: number | null;
  solved_at: number | null;
  reply_token: string | null; // the plus-address in our Reply-To: support+<token>@…
  sla_due_at: number | null; // earliest due time of the ticket's running SLA clocks (the queue's order)
  tier: Generated<"first_line" | "specialist">;
  /** Set when someone placed the ticket at the top of the queue (an override with its reason). */
  queue_pinned_at: number | null;
}

export interface TicketTagTable {
  workspace_id: number;
  ticket_id: number;
  tag: string;
}

export interface MessageTable {
  id: Generated<number>;
  workspace_id: number;
  ticket_id: number;
  internal: number;
  author_type: "customer" | "agent" | "system";
  author_agent_id: number | null;
  author_customer_id: number | null;
  body_text: string;
  body_html: string | null;
  reply_text: string;
  /** JSON: the pieces of an emailed message in order (see shared/api MessagePart); null when not split. */
  parts: string | null;
  /** The forwarded message of an email, indexed with reply_text; null when there is none. */
  forwarded_text: string | null;
  created_at: number;
}

export interface AttachmentTable {
  id: Generated<number>;
  workspace_id: number;
  message_id: number | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: number;
  /** Who uploaded it (migration 021); null for files of received email and uploads made before. */
  uploader_type: "agent" | "customer" | "webform" | null;
  uploader_agent_id: number | null;
  uploader_customer_id: number | null;
  /** The customer session (its hash) a portal upload came from: the per-session quota counts by it. */
  uploader_session: string | null;
  uploader_ip: string | null;
}

export interface TicketEventTable {
  id: Generated<number>;
  workspace_id: number;
  ticket_id: number;
  type: string;
  actor_type: "agent" | "customer" | "system";
  actor_id: number | null;
  data: string; // JSON
  created_at: number;
}

export interface TicketCountTable {
  workspace_id: number;
  status: string;
  assignee_id: number; // 0 = unassigned
  team_id: number; // 0 = no team
  /** PostgreSQL spreads a key's count over slots 0-7 (migration 038); SQLite uses 0. Counts are sums over slots. */
  slot: Generated<number>;
  count: number;
}

export interface OverrideTable {
  id: Generated<number>;
  workspace_id: number;
  ticket_id: number;
  kind: "priority" | "sla" | "queue" | "assignment";
  change: string; // JSON
  reason: string;
  source: OverrideSource;
  requested_by: number;
  status: "pending" | "applied" | "rejected";
  decided_by: number | null;
  decided_at: number | null;
  created_at: number;
}

export interface EscalationReasonTable {
  id: Generated<number>;
  workspace_id: number;
  code: string;
  label: string;
  active: number;
  created_at: number;
}

/** What an agent is writing on a ticket (one per agent and ticket), kept as they type. */
export interface TicketDraftTable {
  ticket_id: number;
  agent_id: number;
  workspace_id: number;
  body_text: string;
  internal: number; // 0/1
  updated_at: number;
}

/** When an agent last opened a ticket: newer customer activity makes it unread for them (migration 031). */
export interface TicketReadTable {
  agent_id: number;
  ticket_id: number;
  workspace_id: number;
  last_read_at: number;
}

/** Filters and sort of the inbox under a name: an agent's own, or shared (1) with the workspace (migration 031). */
export interface SavedViewTable {
  id: Generated<number>;
  workspace_id: number;
  agent_id: number;
  name: string;
  view: string;
  /** The inbox's query string (status=open&sort=due_asc), as its address carries it. */
  query: string;
  shared: number;
  created_at: number;
  updated_at: number;
}
