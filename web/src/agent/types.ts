// The API's shapes as the web app reads them (the server's presenters are the source of truth).
export interface Ticket {
  id: number;
  number: number;
  subject: string;
  status: "new" | "open" | "pending" | "on_hold" | "solved" | "closed";
  priority: "low" | "normal" | "high" | "urgent";
  channel: string;
  tier: "first_line" | "specialist";
  tags: string[];
  requester: { id: number; email: string; name: string | null; organization_id: number | null } | null;
  assignee: { id: number; name: string } | null;
  team: { id: number; name: string } | null;
  created_at: string;
  updated_at: string;
  sla: Record<string, { due_at: string | null; paused: boolean; breached: boolean; met_at: string | null }>;
}

export interface Message {
  id: number;
  ticket_number: number;
  internal: boolean;
  author: { type: "agent" | "customer" | "system"; id: number | null; name: string | null };
  body_text: string;
  reply_text: string;
  attachments: { id: number; filename: string; size: number; url: string }[];
  created_at: string;
}

export interface TimelineEvent {
  id: number;
  type: string;
  actor: { type: string; id: number | null; name: string | null };
  data: Record<string, unknown>;
  created_at: string;
}

export interface Me {
  id: number;
  name: string;
  email: string;
  role: "admin" | "supervisor" | "agent";
  available: boolean;
  teams: { id: number; name: string }[];
  csrf_token: string | null;
}

/** A page of a list: `next_cursor` is null on the last one. */
export interface Page<T> {
  data: T[];
  next_cursor?: string | null;
}

export interface Agent {
  id: number;
  name: string;
  email: string;
  role: Me["role"];
  tier: Ticket["tier"];
  languages: string[];
  active: boolean;
  available: boolean;
  skills: string[];
  created_at: string;
}

export interface Team {
  id: number;
  name: string;
  member_ids: number[];
  tier: Ticket["tier"];
  auto_assign: boolean;
  capacity: number;
}

export interface Organization {
  id: number;
  name: string;
  support_plan: { name: string | null; tier: number | null };
  annual_revenue: number | null;
  account_owner_id: number | null;
  portal_shared: boolean;
}

export interface EscalationReason {
  id: number;
  code: string;
  label: string;
  active: boolean;
}

export interface Mailbox {
  id: number;
  address: string;
  display_name: string | null;
  team_id: number | null;
  imap: {
    host: string;
    user: string | null;
    status: "ok" | "error" | null;
    last_error: string | null;
    last_fetch_at: string | null;
  } | null;
}

export interface OutboxItem {
  id: number;
  to_address: string;
  subject: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
}

export interface SlaPolicy {
  id: number;
  name: string;
  plan_name: string | null;
  priority: Ticket["priority"] | null;
  channel: string | null;
  calendar_id: number;
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  warn_percent: number;
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  /** Only in the answer to its creation: shown once. */
  token?: string;
}

export interface Webhook {
  id: number;
  url: string;
  events: string[];
  active: boolean;
  /** Only in the answer to its creation: shown once. */
  secret?: string;
}

export interface Override {
  id: number;
  kind: string;
  change: unknown;
  reason: string;
  source: string;
  created_at: string;
}

export interface Workspace {
  id: number;
  name: string;
  default_language: "it" | "en";
  timezone: string;
  support_address: string | null;
  portal_reopen_days: number;
}

export interface Calendar {
  id: number;
  name: string;
  default: boolean;
  timezone: string;
  weekly: Record<string, { start: string; end: string }[]>;
  country: "IT" | null;
  closures: { date: string; name: string }[];
}

/** GET /api/v1/sla/alerts: an open ticket's warned or breached target, still unmet. */
export interface SlaAlert {
  kind: "warning" | "breached";
  ticket_number: number;
  subject: string;
  target: string;
  due_at: string | null;
  at: string | null;
  assignee: { id: number; name: string | null } | null;
}

export interface SearchHit {
  ticket: Ticket;
  highlight: { subject: string; text: string };
}
