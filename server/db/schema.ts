import type { Generated, Insertable, Selectable, Updateable } from "kysely";

// Times are epoch milliseconds (integers) on both databases: one comparison rule, one index type,
// no driver-specific Date handling. Booleans are 0/1 integers for the same reason. JSON is text.

export interface WorkspaceTable {
  id: Generated<number>;
  name: string;
  default_language: "it" | "en";
  timezone: string;
  support_address: string | null;
  next_ticket_number: number;
  /** Days after solving in which the customer may reopen a request from the portal. */
  portal_reopen_days: Generated<number>;
  /** 1: overrides asked for by sales wait for a supervisor's approval. */
  sales_overrides_need_approval: Generated<number>;
  created_at: number;
}

export interface AgentTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  email: string;
  password_hash: string | null;
  role: "admin" | "supervisor" | "agent";
  tier: "first_line" | "specialist";
  languages: string; // JSON array of language codes
  active: number;
  /** 0 while away: automatic assignment skips the agent. */
  available: Generated<number>;
  skills: Generated<string>; // JSON array of product-area tags the agent handles
  created_at: number;
  updated_at: number;
}

export interface TeamTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  /** A specialist team receives escalations. */
  tier: Generated<"first_line" | "specialist">;
  auto_assign: Generated<number>;
  /** Open tickets per agent beyond which automatic assignment passes the agent by. */
  capacity: Generated<number>;
  created_at: number;
}

export interface TeamMemberTable {
  team_id: number;
  agent_id: number;
  workspace_id: number;
  last_assigned_at: number | null;
}

export interface OverrideTable {
  id: Generated<number>;
  workspace_id: number;
  ticket_id: number;
  kind: "priority" | "sla" | "queue" | "assignment";
  change: string; // JSON
  reason: string;
  source: string;
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

export interface OrganizationTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  plan_name: string | null;
  plan_tier: number | null;
  annual_revenue: number | null;
  account_owner_id: number | null;
  /** 1: colleagues in the organization see each other's requests in the portal. */
  portal_shared: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface CustomerTable {
  id: Generated<number>;
  workspace_id: number;
  email: string; // lower-cased; unique per workspace
  name: string | null;
  phone: string | null;
  language: string | null;
  organization_id: number | null;
  external_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface TicketTable {
  id: Generated<number>;
  workspace_id: number;
  number: number;
  subject: string;
  status: "new" | "open" | "pending" | "on_hold" | "solved" | "closed";
  priority: "low" | "normal" | "high" | "urgent";
  channel: "email" | "web" | "portal" | "chat" | "api" | "phone";
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

export interface OutboxTable {
  id: Generated<number>;
  workspace_id: number;
  event: string;
  payload: string; // JSON
  request_id: string | null;
  created_at: number;
  claimed_until: number | null;
  dispatched_at: number | null;
}

export interface SessionTable {
  id: string; // sha256 of the cookie value
  workspace_id: number;
  agent_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface PortalLinkTable {
  id: string; // sha256 of the token in the link
  workspace_id: number;
  customer_id: number;
  ticket_number: number | null;
  single_use: number;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

export interface CustomerSessionTable {
  id: string; // sha256 of the cookie value
  workspace_id: number;
  customer_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface ApiTokenTable {
  id: Generated<number>;
  workspace_id: number;
  agent_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
}

export interface WebhookTable {
  id: Generated<number>;
  workspace_id: number;
  url: string;
  events: string; // JSON array of event names, or ["*"]
  secret: string;
  active: number;
  created_at: number;
}

export interface WebhookDeliveryTable {
  id: Generated<number>;
  workspace_id: number;
  webhook_id: number;
  outbox_id: number;
  event: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  response_status: number | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

export interface TicketCountTable {
  workspace_id: number;
  status: string;
  assignee_id: number; // 0 = unassigned
  team_id: number; // 0 = no team
  count: number;
}

export interface JobTable {
  id: Generated<number>;
  name: string;
  payload: string;
  run_at: number;
  attempts: number;
  max_attempts: number;
  locked_until: number | null;
  last_error: string | null;
  state: "queued" | "done" | "dead";
  created_at: number;
}

export interface StoredFileTable {
  sha256: string;
  content: Buffer;
  created_at: number;
}

export interface JobProbeTable {
  key: string;
  pid: number;
  ran_at: number;
}

export interface MailOutboxTable {
  id: Generated<number>;
  workspace_id: number;
  ticket_id: number | null;
  message_id: number | null;
  /** "notification" is the acknowledgement of a new request; "waiting" and "solved" follow status changes. */
  kind: "reply" | "notification" | "portal_link" | "waiting" | "solved";
  to_address: string;
  from_address: string;
  reply_to: string;
  subject: string;
  header_message_id: string;
  in_reply_to: string | null;
  refs: string | null;
  body_text: string;
  body_html: string | null;
  status: "queued" | "sent" | "dead";
  attempts: number;
  last_error: string | null;
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

export interface CalendarTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  timezone: string;
  weekly: string; // JSON: ISO weekday → shifts
  country: string | null;
  closures: string; // JSON: [{ date, name }]
  is_default: number;
  created_at: number;
}

export interface SlaPolicyTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  plan_name: string | null; // null: any plan
  priority: string | null; // null: any priority
  channel: Generated<string | null>; // null: any channel
  calendar_id: number;
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  pause_on_hold: number;
  position: number; // lower wins when several policies match
  warn_percent: Generated<number>; // warn when this share of a target is used (80 by default)
  created_at: number;
}

export type SlaTarget = "first_response" | "next_response" | "resolution";

export interface SlaClockTable {
  id: Generated<number>;
  workspace_id: number;
  ticket_id: number;
  policy_id: number;
  target: SlaTarget;
  target_minutes: number;
  consumed_minutes: number;
  running_since: number | null;
  due_at: number | null;
  met_at: number | null;
  breached_at: number | null;
  warn_at: number | null;
  warned_at: number | null;
  created_at: number;
}

export interface Database {
  sla_policies: SlaPolicyTable;
  portal_links: PortalLinkTable;
  escalation_reasons: EscalationReasonTable;
  overrides: OverrideTable;
  customer_sessions: CustomerSessionTable;
  sla_clocks: SlaClockTable;
  calendars: CalendarTable;
  mail_outbox: MailOutboxTable;
  mail_templates: MailTemplateTable;
  job_probe: JobProbeTable;
  stored_files: StoredFileTable;
  mailboxes: MailboxTable;
  email_messages: EmailMessageTable;
  email_awaiting: EmailAwaitingTable;
  workspaces: WorkspaceTable;
  agents: AgentTable;
  teams: TeamTable;
  team_members: TeamMemberTable;
  organizations: OrganizationTable;
  customers: CustomerTable;
  tickets: TicketTable;
  ticket_tags: TicketTagTable;
  messages: MessageTable;
  attachments: AttachmentTable;
  ticket_events: TicketEventTable;
  outbox: OutboxTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  ticket_counts: TicketCountTable;
  jobs: JobTable;
}

export type TicketRow = Selectable<TicketTable>;
export type NewTicket = Insertable<TicketTable>;
export type TicketUpdate = Updateable<TicketTable>;
export type MessageRow = Selectable<MessageTable>;
export type CustomerRow = Selectable<CustomerTable>;
export type AgentRow = Selectable<AgentTable>;
export type OrganizationRow = Selectable<OrganizationTable>;
export type TeamRow = Selectable<TeamTable>;
export type TicketEventRow = Selectable<TicketEventTable>;
export type WebhookRow = Selectable<WebhookTable>;
