import { z } from "zod";
import { AGENT_TIERS, SLA_TARGETS, TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES } from "../enums";
import { ZDateTime, ZId, ZList, ZNamed, ZPage, ZTicketNumber } from "./common";
import { ZTimelineEvent } from "./events";
import { ZTriage } from "./inbox";

// Tickets, their thread (messages and attachments), their timeline, the inbox counters and search results.

/** One SLA target of a ticket: when it is due, whether it is paused, met or breached. */
export const ZSlaState = z.strictObject({
  due_at: ZDateTime.nullable(),
  warn_at: ZDateTime.nullable(),
  warned: z.boolean(),
  paused: z.boolean(),
  met_at: ZDateTime.nullable(),
  breached: z.boolean(),
  breached_at: ZDateTime.nullable(),
});
export type SlaState = z.infer<typeof ZSlaState>;

export const ZTicketRequester = z.strictObject({
  id: ZId,
  email: z.string(),
  name: z.string().nullable(),
  organization_id: ZId.nullable(),
  /** The language the customer writes in ("it", "en"), when known: said by them, set by an agent or read. */
  language: z.string().nullable(),
});
export type TicketRequester = z.infer<typeof ZTicketRequester>;

/** A ticket as lists and the ticket page read it (the same shape in both, and in realtime pushes). */
export const ZTicket = z.strictObject({
  id: ZId,
  number: ZTicketNumber,
  subject: z.string(),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(TICKET_PRIORITIES),
  channel: z.enum(TICKET_CHANNELS),
  tier: z.enum(AGENT_TIERS),
  tags: z.array(z.string()),
  requester: ZTicketRequester.nullable(),
  assignee: ZNamed.nullable(),
  team: ZNamed.nullable(),
  /** The number of the ticket this one was merged into. */
  merged_into: ZTicketNumber.nullable(),
  created_at: ZDateTime,
  updated_at: ZDateTime,
  first_response_at: ZDateTime.nullable(),
  solved_at: ZDateTime.nullable(),
  /** The ticket's SLA targets; a target the policy does not set is absent. */
  sla: z.partialRecord(z.enum(SLA_TARGETS), ZSlaState),
  /** The list's triage marks for the agent reading it (GET /api/v1/tickets only). */
  triage: ZTriage.optional(),
});
export type Ticket = z.infer<typeof ZTicket>;

/** GET /api/v1/tickets: a page of tickets. */
export const ZTicketPage = ZPage(ZTicket);
export type TicketPage = z.infer<typeof ZTicketPage>;

/** The inbox views' counters, read from maintained counts. */
export const ZTicketCounts = z.strictObject({
  mine: z.number().int(),
  unassigned: z.number().int(),
  my_teams: z.number().int(),
  all_open: z.number().int(),
  pending: z.number().int(),
  solved: z.number().int(),
});
export type TicketCounts = z.infer<typeof ZTicketCounts>;

/** A file of a message, or one just uploaded and not yet sent. */
export const ZAttachment = z.strictObject({
  id: ZId,
  filename: z.string(),
  content_type: z.string(),
  size: z.number().int().nonnegative(),
  url: z.string(),
});
export type Attachment = z.infer<typeof ZAttachment>;

/**
 * What the email channel recorded about a message: which way it went, the flags inbound mail got ("unreadable",
 * "auto_reply", "bounce", "complaint", "pec", "rate_limited", …) and, for mail we received, where agents download
 * the original .eml.
 */
export const ZEmailInfo = z.strictObject({
  direction: z.enum(["in", "out"]),
  flags: z.array(z.string()),
  raw_url: z.string().nullable(),
});
export type EmailInfo = z.infer<typeof ZEmailInfo>;

/** Why an email could not be sent, as far as the relay's answer tells. */
export const DELIVERY_REASONS = ["unreachable", "timeout", "auth", "rejected", "tls", "other"] as const;

/**
 * Where the email of an outgoing message is: queued for the relay (error: the last failed attempt, while it is
 * retried), sent, failed (given up: error says why), or captured (no SMTP_RELAY_URL: kept for admins to read,
 * GET /api/v1/mail/captured, and sent only when one asks).
 */
export const ZDelivery = z.strictObject({
  status: z.enum(["queued", "sent", "failed", "captured"]),
  error: z.string().optional(),
  /** The error's kind, for a text in the reader's language (the relay's own words stay in `error`). */
  reason: z.enum(DELIVERY_REASONS).optional(),
});
export type Delivery = z.infer<typeof ZDelivery>;
/** GET /api/v1/mail/status: whether mail leaves, for the app's banner. */
export const ZMailStatus = z.strictObject({
  /** Whether SMTP_RELAY_URL is set: without it, outgoing email is captured, not sent. */
  relay: z.boolean(),
  /** Captured emails of the workspace (waiting in the mail preview). */
  captured: z.number().int().nonnegative(),
});
export type MailStatus = z.infer<typeof ZMailStatus>;

export const ZMessageAuthor = z.strictObject({
  type: z.enum(["agent", "customer", "system"]),
  id: ZId.nullable(),
  name: z.string().nullable(),
});
export type MessageAuthor = z.infer<typeof ZMessageAuthor>;

/**
 * A piece of an emailed message, in the order it came: the new text, the quoted history (shown folded), a
 * signature, or a forwarded message with its own header block (shown expanded).
 */
export const ZMessagePart = z.strictObject({
  kind: z.enum(["text", "quote", "signature", "forward"]),
  text: z.string(),
  header: z.string().nullable(),
});
export type MessagePart = z.infer<typeof ZMessagePart>;

/** A public reply or an internal note. `reply_text` is the new part of an emailed message, without quotes. */
export const ZMessage = z.strictObject({
  id: ZId,
  ticket_number: ZTicketNumber,
  internal: z.boolean(),
  author: ZMessageAuthor,
  body_text: z.string(),
  body_html: z.string().nullable(),
  reply_text: z.string(),
  /** The emailed message split into its pieces; null when it was not (not an email, or not reparsed yet). */
  parts: z.array(ZMessagePart).nullable(),
  attachments: z.array(ZAttachment),
  /** Null for messages that never were an email. */
  email: ZEmailInfo.nullable(),
  /** The email sent to the customer for this message; null when none was written (internal, incoming, no mailbox). */
  delivery: ZDelivery.nullable(),
  created_at: ZDateTime,
});
export type Message = z.infer<typeof ZMessage>;

export const ZMessageList = ZList(ZMessage);
export type MessageList = z.infer<typeof ZMessageList>;
export const ZTimeline = ZList(ZTimelineEvent);
export type Timeline = z.infer<typeof ZTimeline>;

/** A search result: the ticket and the matched words marked with <mark> in escaped text. */
/** Why a ticket was found: its number, its subject, a message, its requester's name or email, their organization. */
export const SEARCH_MATCHES = [
  "number",
  "subject",
  "body",
  "requester_name",
  "requester_email",
  "organization",
] as const;
export type SearchMatch = (typeof SEARCH_MATCHES)[number];

export const ZSearchHit = z.strictObject({
  ticket: ZTicket,
  highlight: z.strictObject({ subject: z.string(), text: z.string() }),
  matched: z.array(z.enum(SEARCH_MATCHES)),
});
export type SearchHit = z.infer<typeof ZSearchHit>;
export const ZSearchResults = ZPage(ZSearchHit);
export type SearchResults = z.infer<typeof ZSearchResults>;
