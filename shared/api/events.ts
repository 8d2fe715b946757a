import { z } from "zod";
import { OVERRIDE_SOURCES, SLA_TARGETS, TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES } from "../enums";
import { ZDateTime, ZId, ZTicketNumber } from "./common";

// A ticket's timeline (also its audit log): one event per change, each kind with its own payload (`data`).

const status = z.enum(TICKET_STATUSES);
const priority = z.enum(TICKET_PRIORITIES);
const source = z.enum(OVERRIDE_SOURCES);
const target = z.enum(SLA_TARGETS);
const agentId = ZId.nullable();
export const OVERRIDE_KINDS = ["priority", "sla", "queue", "assignment"] as const;
export type OverrideKind = (typeof OVERRIDE_KINDS)[number];
/** Who asked for an exception that a supervisor approved, by name (absent when whoever made it asked for it). */
const requestedBy = z.string().optional();

/** Each kind of event and its payload. A new kind is added here first: tests fail on a kind missing here. */
export const EVENT_PAYLOADS = {
  created: z.strictObject({ channel: z.enum(TICKET_CHANNELS), priority }),
  subject_changed: z.strictObject({ from: z.string(), to: z.string() }),
  status_changed: z.strictObject({ from: status, to: status }),
  priority_changed: z.strictObject({
    from: priority,
    to: priority,
    reason: z.string(),
    source,
    requested_by: requestedBy,
  }),
  assigned: z.strictObject({ from: agentId, to: agentId }),
  /** An assignment outside the ticket's team or tier, with why. */
  assignment_override: z.strictObject({
    from: agentId,
    to: agentId,
    rule: z.enum(["not_in_team", "tier"]),
    reason: z.string(),
    source,
    requested_by: requestedBy,
  }),
  team_changed: z.strictObject({ from: ZId.nullable(), to: ZId.nullable() }),
  tags_changed: z.strictObject({ from: z.array(z.string()), to: z.array(z.string()) }),
  /** On the ticket merged away: the number of the one that survives. */
  merged: z.strictObject({ into: ZTicketNumber }),
  /** On the survivor: the number of the ticket merged into it. */
  merged_from: z.strictObject({ from: ZTicketNumber }),
  /** On the ticket a message was split from: the new ticket's number. */
  split_to: z.strictObject({ number: ZTicketNumber, message_id: ZId }),
  /** On the ticket made from a split message: where it came from. */
  split_from: z.strictObject({ number: ZTicketNumber, message_id: ZId }),
  escalated: z.strictObject({
    reason_code: z.string(),
    reason: z.string(),
    from_team_id: ZId.nullable(),
    to_team_id: ZId,
    from_assignee_id: agentId,
  }),
  de_escalated: z.strictObject({ from_team_id: ZId.nullable(), to_team_id: ZId.nullable() }),
  auto_assigned: z.strictObject({
    agent_id: ZId,
    team_id: ZId,
    rule: z.literal("round_robin"),
    open_tickets: z.number().int().nonnegative(),
    capacity: z.number().int().positive(),
  }),
  /** An exception waiting for a supervisor; the change asked for is spread in (priority, target, …). */
  override_requested: z.strictObject({
    override_id: ZId,
    kind: z.enum(OVERRIDE_KINDS),
    priority: priority.optional(),
    target: target.optional(),
    business_minutes: z.number().int().optional(),
    assignee_id: ZId.optional(),
    reason: z.string(),
    source,
  }),
  override_rejected: z.strictObject({
    override_id: ZId,
    kind: z.enum(OVERRIDE_KINDS),
    requested_by: z.string().nullable(),
  }),
  sla_override: z.strictObject({
    target,
    from_minutes: z.number(),
    to_minutes: z.number(),
    reason: z.string(),
    source,
    requested_by: z.string(),
  }),
  queue_placement: z.strictObject({ reason: z.string(), source, requested_by: z.string() }),
  sla_warning: z.strictObject({ target, due_at: ZDateTime.nullable() }),
  sla_breached: z.strictObject({ target, due_at: ZDateTime.nullable() }),
  /** A PEC message received: its certification data. */
  pec_certified: z.strictObject({
    message_id: ZId,
    sender: z.string().nullable(),
    date: z.string().nullable(),
    id: z.string().nullable(),
  }),
  /** A receipt (acceptance, delivery, failure) of a PEC message we sent. */
  pec_receipt: z.strictObject({
    message_id: ZId.nullable(),
    type: z.string(),
    date: z.string().nullable(),
    id: z.string().nullable(),
  }),
  /** One of our emails bounced. */
  delivery_failed: z.strictObject({
    message_id: ZId.nullable(),
    recipient: z.string().nullable(),
    subject: z.string(),
  }),
  /** The requester answered the satisfaction survey (or changed the answer). */
  survey_answered: z.strictObject({
    kind: z.enum(["csat", "nps"]),
    scale: z.number().int(),
    score: z.number().int(),
    rating: z.enum(["good", "neutral", "bad", "promoter", "passive", "detractor"]),
    comment: z.string().nullable(),
    changed: z.boolean(),
  }),
  /** A reply to a closed ticket opened this one: the number of the closed ticket. */
  follow_up_of: z.strictObject({ number: ZTicketNumber }),
  /** A playbook's step ticked or unticked: where its checklist stands (title as the agent read it). */
  playbook_step: z.strictObject({
    playbook_id: ZId,
    title: z.string(),
    step: z.number().int().nonnegative(),
    checked: z.boolean(),
    done: z.number().int().nonnegative(),
    total: z.number().int().positive(),
  }),
} as const;

export type EventKind = keyof typeof EVENT_PAYLOADS;
export const EVENT_KINDS = Object.keys(EVENT_PAYLOADS) as EventKind[];
export type EventPayload<K extends EventKind> = z.infer<(typeof EVENT_PAYLOADS)[K]>;

/** Who caused an event; `name` is an agent's (customers and the system are not named here). */
export const ZEventActor = z.strictObject({
  type: z.enum(["agent", "customer", "system"]),
  id: ZId.nullable(),
  name: z.string().nullable(),
});
export type EventActor = z.infer<typeof ZEventActor>;

const eventOf = <K extends EventKind>(type: K) =>
  z.strictObject({
    id: ZId,
    type: z.literal(type),
    actor: ZEventActor,
    data: EVENT_PAYLOADS[type],
    created_at: ZDateTime,
  });

/** One event of any kind; narrow on `type` to read its `data`. */
export type TimelineEvent = {
  [K in EventKind]: { id: number; type: K; actor: EventActor; data: EventPayload<K>; created_at: string };
}[EventKind];
export type TimelineEventOf<K extends EventKind> = Extract<TimelineEvent, { type: K }>;

export const ZTimelineEvent = z.discriminatedUnion(
  "type",
  EVENT_KINDS.map(eventOf) as unknown as [ReturnType<typeof eventOf>, ...ReturnType<typeof eventOf>[]],
) as unknown as z.ZodType<TimelineEvent>;
