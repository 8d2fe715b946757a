// Domain vocabularies shared by the server, the web app and the OpenAPI document.
export const TICKET_STATUSES = ["new", "open", "pending", "on_hold", "solved", "closed"] as const;
export const TICKET_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const TICKET_CHANNELS = ["email", "web", "portal", "chat", "api", "phone", "review"] as const;
export const AGENT_ROLES = ["admin", "supervisor", "agent"] as const;
export const AGENT_TIERS = ["first_line", "specialist"] as const;
export const LANGUAGES = ["it", "en"] as const;

export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type TicketChannel = (typeof TICKET_CHANNELS)[number];
export type AgentRole = (typeof AGENT_ROLES)[number];
export type AgentTier = (typeof AGENT_TIERS)[number];

/** Who asked for a treatment different from the policy: every exception names its source (fairness report). */
export const OVERRIDE_SOURCES = [
  "customer",
  "agent_judgement",
  "sales_request",
  "management_request",
  "incident",
] as const;
export type OverrideSource = (typeof OVERRIDE_SOURCES)[number];

/** Statuses a support team still has to act on; "All open" and the counters use them. */
export const OPEN_STATUSES: readonly TicketStatus[] = ["new", "open", "pending", "on_hold"];

/** The targets an SLA policy sets; each is a clock on a ticket. */
export const SLA_TARGETS = ["first_response", "next_response", "resolution"] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];
