import { z } from "zod";
import {
  AGENT_ROLES,
  AGENT_TIERS,
  LANGUAGES,
  OVERRIDE_SOURCES,
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
} from "./enums";

// Request schemas: validate on the server, type the web app, feed /api/openapi.json.

/**
 * The schema of a partial update: every field optional and without its default, so that a PATCH changes only
 * what it names (zod's .partial() keeps defaults, which would reset every field the client left out).
 */
export function patchOf<S extends z.ZodRawShape>(
  schema: z.ZodObject<S>,
): z.ZodType<Partial<z.output<z.ZodObject<S>>>, Partial<z.input<z.ZodObject<S>>>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape))
    shape[key] = (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType)).optional();
  return z.object(shape) as never;
}
const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}_\-.:]+$/u, "tags are single words");
const email = z.string().trim().toLowerCase().email().max(254);

export const ZListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const ZTicketListQuery = ZListQuery.extend({
  view: z.enum(["mine", "unassigned", "my_teams", "all_open", "pending", "solved", "all"]).optional(),
  status: z.enum(TICKET_STATUSES).optional(),
  assignee_id: z.coerce.number().int().positive().optional(),
  team_id: z.coerce.number().int().positive().optional(),
  requester_id: z.coerce.number().int().positive().optional(),
  tag: tag.optional(),
  /** due_asc: the earliest running SLA target first, tickets with none after them. */
  sort: z.enum(["updated_desc", "updated_asc", "created_desc", "due_asc"]).default("updated_desc"),
  /** include=triage: each row's unread and "customer replied" marks and its last public message (the app's inbox). */
  include: z.enum(["triage"]).optional(),
});
export type TicketListQuery = z.infer<typeof ZTicketListQuery>;

export const ZCreateTicket = z.object({
  subject: z.string().trim().min(1).max(500),
  body_text: z.string().min(1).max(1_000_000),
  body_html: z.string().max(2_000_000).optional(),
  requester: z.object({ email, name: z.string().trim().max(200).optional() }),
  priority: z.enum(TICKET_PRIORITIES).default("normal"),
  channel: z.enum(TICKET_CHANNELS).default("api"),
  tags: z.array(tag).max(50).default([]),
  assignee_id: z.number().int().positive().nullable().optional(),
  team_id: z.number().int().positive().nullable().optional(),
  /**
   * Agents only: true makes the first message the agent's own reply, emailed to the customer; false (default)
   * records it as the customer's words (a phone call) and emails nothing.
   */
  send_to_customer: z.boolean().optional(),
});
export type CreateTicket = z.infer<typeof ZCreateTicket>;

export const ZUpdateTicket = z
  .object({
    subject: z.string().trim().min(1).max(500).optional(),
    status: z.enum(TICKET_STATUSES).optional(),
    priority: z.enum(TICKET_PRIORITIES).optional(),
    priority_reason: z.string().trim().min(3).max(500).optional(),
    priority_source: z.enum(OVERRIDE_SOURCES).optional(),
    assignee_id: z.number().int().positive().nullable().optional(),
    /** Needed when a person assigns outside the rules (an agent outside the ticket's team, or of another tier). */
    assignment_reason: z.string().trim().min(3).max(500).optional(),
    assignment_source: z.enum(OVERRIDE_SOURCES).optional(),
    team_id: z.number().int().positive().nullable().optional(),
    tags: z.array(tag).max(50).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "nothing to change");
export type UpdateTicket = z.infer<typeof ZUpdateTicket>;

export const ZCreateMessage = z.object({
  body_text: z.string().min(1).max(1_000_000),
  body_html: z.string().max(2_000_000).optional(),
  internal: z.boolean().default(false),
  attachment_ids: z.array(z.number().int().positive()).max(20).default([]),
});
export type CreateMessage = z.infer<typeof ZCreateMessage>;

/** A draft as the agent types it: an empty text deletes it. */
export const ZDraftInput = z.object({ body_text: z.string().max(1_000_000), internal: z.boolean().default(false) });

export const ZMergeTickets = z.object({ into: z.number().int().positive() });

export const ZSearchQuery = ZListQuery.extend({
  q: z.string().trim().min(1).max(200),
  status: z.enum(TICKET_STATUSES).optional(),
  assignee_id: z.coerce.number().int().positive().optional(),
  team_id: z.coerce.number().int().positive().optional(),
  requester_id: z.coerce.number().int().positive().optional(),
  tag: tag.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type SearchQuery = z.infer<typeof ZSearchQuery>;

export const ZCustomerInput = z.object({
  email,
  name: z.string().trim().max(200).nullable().optional(),
  phone: z.string().trim().max(50).nullable().optional(),
  language: z.enum(LANGUAGES).nullable().optional(),
  organization_id: z.number().int().positive().nullable().optional(),
  external_id: z.string().trim().max(200).nullable().optional(),
  notes: z.string().trim().max(10_000).nullable().optional(),
});
export const ZCustomerUpdate = patchOf(ZCustomerInput);

/** Directory lists: `q` finds by the start of any word (name, email, phone for customers; name for organizations). */
export const ZDirectoryQuery = ZListQuery.extend({ q: z.string().trim().max(200).optional() });

export const ZOrganizationInput = z.object({
  name: z.string().trim().min(1).max(200),
  plan_name: z.string().trim().max(100).nullable().optional(),
  plan_tier: z.number().int().min(0).max(100).nullable().optional(),
  annual_revenue: z.number().min(0).nullable().optional(),
  account_owner_id: z.number().int().positive().nullable().optional(),
  /** Colleagues in the organization see each other's requests in the portal. */
  portal_shared: z.boolean().optional(),
  notes: z.string().trim().max(10_000).nullable().optional(),
});
export const ZOrganizationUpdate = patchOf(ZOrganizationInput);

export const ZAgentInput = z.object({
  name: z.string().trim().min(1).max(200),
  email,
  password: z.string().min(10).max(200).optional(),
  role: z.enum(AGENT_ROLES).default("agent"),
  tier: z.enum(AGENT_TIERS).default("first_line"),
  languages: z.array(z.enum(LANGUAGES)).default(["it"]),
  active: z.boolean().default(true),
  /** false while away: automatic assignment passes the agent by. */
  available: z.boolean().default(true),
  /** Product-area tags the agent handles (automatic assignment matches them with the ticket's tags). */
  skills: z.array(tag).max(50).default([]),
});
export const ZAgentUpdate = patchOf(
  ZAgentInput.extend({
    /** With a new password: revoke the agent's API tokens too (their other sessions end in any case). */
    revoke_tokens: z.boolean().default(false),
  }),
);

export const ZTeamInput = z.object({
  name: z.string().trim().min(1).max(100),
  member_ids: z.array(z.number().int().positive()).max(500).default([]),
  tier: z.enum(AGENT_TIERS).default("first_line"),
  auto_assign: z.boolean().default(false),
  capacity: z.number().int().min(1).max(1000).default(10),
});
export const ZTeamUpdate = patchOf(ZTeamInput);

export const ZLogin = z.object({ email, password: z.string().min(1).max(200) });
export const ZTokenInput = z.object({ name: z.string().trim().min(1).max(100) });
/** PATCH /api/v1/me takes some of the agent's own settings; a null time zone means the browser's. */
export const ZMySettingsInput = z
  .object({
    available: z.boolean(),
    time_zone: z.string().trim().min(1).max(64).nullable(),
    language: z.enum(LANGUAGES),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: "Give at least one setting" });

export const WEBHOOK_EVENTS = ["ticket.created", "ticket.updated", "message.created", "ticket.merged", "*"] as const;
export const ZWebhookInput = z.object({
  url: z
    .string()
    .url()
    .max(2000)
    .refine((u) => /^https?:\/\//.test(u), "http or https URL"),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).default(["*"]),
});

export const ZWorkspaceUpdate = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    default_language: z.enum(LANGUAGES).optional(),
    timezone: z.string().max(64).optional(),
    support_address: email.nullable().optional(),
    portal_reopen_days: z.number().int().min(0).max(365).optional(),
    /** Seconds a public reply waits, with an "Undo" in the composer, before it is sent (0: at once). */
    undo_send_seconds: z.number().int().min(0).max(30).optional(),
    /** The help centre's colour as #rrggbb (null: the default blue). */
    brand_color: z
      .string()
      .trim()
      .regex(/^#[0-9a-f]{6}$/i, "a colour as #rrggbb")
      .transform((c) => c.toLowerCase())
      .nullable()
      .optional(),
    /** Origins (scheme, host, port) whose pages may show the public web form in a frame. */
    form_frame_origins: z
      .array(
        z
          .string()
          .trim()
          .max(200)
          .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, "an origin: https://host or https://host:port"),
      )
      .max(20)
      .optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "nothing to change");

/**
 * A whole number in a path or a query, in canonical decimal digits only: "0x8", "+8", " 8", "08", "8.0" and "8e0"
 * are not 8 (Number() would read them all as 8, so "/tickets/0x8" opened ticket 8).
 */
export const ZDecimalId = z
  .string()
  .regex(/^[1-9][0-9]{0,14}$/, "expected a positive whole number in decimal digits")
  .transform(Number);
export const ZIdParam = z.object({ id: ZDecimalId });
export const ZNumberParam = z.object({ number: ZDecimalId });

// Customer portal and public web form.
export const ZPortalLinkRequest = z.object({ email });
export const ZPortalSession = z.object({ token: z.string().min(20).max(200) });
export const ZPortalReply = z.object({
  body_text: z.string().trim().min(1, "write a message").max(100_000),
  attachment_ids: z.array(z.number().int().positive()).max(10).default([]),
});
/** States a customer reads, in plain words; an agent's statuses are finer. */
export const PORTAL_STATES = ["received", "in_progress", "waiting_for_you", "solved"] as const;
export type PortalState = (typeof PORTAL_STATES)[number];
export const ZWebFormFile = z.object({
  filename: z.string().trim().min(1).max(255),
  content_type: z.string().max(200).default("application/octet-stream"),
  /** The file's bytes, base64: the form sends one JSON request, so nothing is left half-uploaded. */
  data: z.string().max(3_000_000),
});
export const ZWebFormRequest = z.object({
  name: z.string().trim().max(200).optional(),
  email,
  subject: z.string().trim().min(1, "say what it is about").max(300),
  body_text: z.string().trim().min(1, "describe the request").max(50_000),
  language: z.enum(LANGUAGES).optional(),
  files: z.array(ZWebFormFile).max(3).default([]),
});
export type WebFormRequest = z.infer<typeof ZWebFormRequest>;

// Tiers and escalation.
export const ZEscalate = z.object({
  reason_code: z.string().trim().min(1).max(64),
  note: z.string().trim().min(3, "say what the specialist needs to know").max(10_000),
  team_id: z.number().int().positive().optional(),
});
export const ZDeescalate = z.object({
  note: z.string().trim().min(3).max(10_000),
  team_id: z.number().int().positive().optional(),
});
export const ZEscalationReasonInput = z.object({
  code: z
    .string()
    .trim()
    .toLowerCase()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9_-]+$/, "lower-case letters, digits, - and _"),
  label: z.string().trim().min(1).max(200),
  active: z.boolean().default(true),
});
export const ZReportPeriod = z.object({
  from: z.string().datetime({ offset: true }),
  to: z.string().datetime({ offset: true }),
  format: z.enum(["json", "csv"]).default("json"),
});

// A service-level policy: which tickets it covers (null: every plan, priority or channel) and its targets in
// business minutes (null: no target of that kind).
const slaMinutes = z.number().int().min(1).max(1_000_000).nullable();
export const ZSlaPolicyInput = z.object({
  name: z.string().trim().min(1).max(100),
  plan_name: z.string().trim().min(1).max(100).nullable().default(null),
  priority: z.enum(TICKET_PRIORITIES).nullable().default(null),
  channel: z.enum(TICKET_CHANNELS).nullable().default(null),
  calendar_id: z.number().int().positive(),
  first_response_minutes: slaMinutes.default(null),
  next_response_minutes: slaMinutes.default(null),
  resolution_minutes: slaMinutes.default(null),
  pause_on_hold: z.boolean().default(false),
  warn_percent: z.number().int().min(1).max(99).default(80),
  position: z.number().int().min(0).max(100_000).default(100),
});
export const ZSlaPolicyUpdate = patchOf(ZSlaPolicyInput);

// Overrides: better or worse treatment than the policy gives, always with a reason and a source.
const overrideWhy = { reason: z.string().trim().min(3, "say why").max(500), source: z.enum(OVERRIDE_SOURCES) };
export const ZSlaOverride = z.object({
  target: z.enum(["first_response", "next_response", "resolution"]),
  business_minutes: z.number().int().min(1).max(1_000_000),
  ...overrideWhy,
});
export const ZQueuePlacement = z.object({ ticket_number: z.number().int().positive(), ...overrideWhy });
export const ZOverrideSettings = z.object({ sales_overrides_need_approval: z.boolean() });

// Ticket actions (issue 19): split, followers, CC.
export const ZSplitTicket = z.object({
  message_id: z.number().int().positive(),
  subject: z.string().trim().min(1).max(500).optional(),
});
export const ZFollowersInput = z.object({ agent_ids: z.array(z.number().int().positive()).max(50) });
export const ZCcInput = z.object({ addresses: z.array(email).max(20) });

/** A public reply held for the workspace's "undo send" window before it is sent (held-replies). */
export const ZHoldReply = z.object({
  body_text: z.string().min(1).max(1_000_000),
  attachment_ids: z.array(z.number().int().positive()).max(20).default([]),
  status: z.enum(TICKET_STATUSES).optional(),
});

/** Password reset by email: ask for a link, then set the new password with its token. */
export const ZPasswordReset = z.object({ email });
export const ZPasswordResetConfirm = z.object({
  token: z.string().min(20).max(2000),
  password: z.string().min(10).max(200),
});
