import { z } from "zod";
import { OVERRIDE_SOURCES, SLA_TARGETS, TICKET_CHANNELS, TICKET_PRIORITIES } from "../enums";
import { ZOverrideSettings } from "../schemas";
import { ZDateTime, ZId, ZList, ZTicketNumber } from "./common";
import { OVERRIDE_KINDS } from "./events";
import { ZTicket } from "./tickets";

// Service levels: alerts, the Next up queue, policies, business calendars, overrides and escalation reasons.

/** An open ticket's SLA target that was warned about or breached and is still unmet (GET /api/v1/sla/alerts). */
export const ZSlaAlert = z.strictObject({
  kind: z.enum(["warning", "breached"]),
  ticket_number: ZTicketNumber,
  subject: z.string(),
  target: z.enum(SLA_TARGETS),
  due_at: ZDateTime.nullable(),
  /** When it was warned about or breached. */
  at: ZDateTime.nullable(),
  assignee: z.strictObject({ id: ZId, name: z.string().nullable() }).nullable(),
});
export type SlaAlert = z.infer<typeof ZSlaAlert>;
export const ZSlaAlerts = z.strictObject({ scope: z.enum(["mine", "all"]), data: z.array(ZSlaAlert) });
export type SlaAlerts = z.infer<typeof ZSlaAlerts>;

/** A ticket of the Next up queue: the ticket itself. */
export const ZQueueItem = ZTicket;
export type QueueItem = z.infer<typeof ZQueueItem>;
export const ZQueue = ZList(ZQueueItem);
export type Queue = z.infer<typeof ZQueue>;

export const ZSlaPolicy = z.strictObject({
  id: ZId,
  name: z.string(),
  /** null: every plan; likewise priority and channel. */
  plan_name: z.string().nullable(),
  priority: z.enum(TICKET_PRIORITIES).nullable(),
  channel: z.enum(TICKET_CHANNELS).nullable(),
  calendar_id: ZId,
  first_response_minutes: z.number().int().nullable(),
  next_response_minutes: z.number().int().nullable(),
  resolution_minutes: z.number().int().nullable(),
  pause_on_hold: z.boolean(),
  warn_percent: z.number().int(),
  /** Lower is tried first. */
  position: z.number().int(),
  created_at: ZDateTime,
});
export type SlaPolicy = z.infer<typeof ZSlaPolicy>;
export const ZSlaPolicyList = ZList(ZSlaPolicy);

export const ZShift = z.strictObject({ start: z.string(), end: z.string() });
export type Shift = z.infer<typeof ZShift>;
export const WEEKDAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;

/** A business calendar: time zone, shifts per ISO weekday (1 = Monday), national holidays and closures. */
export const ZCalendar = z.strictObject({
  id: ZId,
  name: z.string(),
  default: z.boolean(),
  timezone: z.string(),
  weekly: z.partialRecord(z.enum(WEEKDAYS), z.array(ZShift)),
  country: z.enum(["IT"]).nullable(),
  /** `MM-DD` every year or `YYYY-MM-DD` once. */
  closures: z.array(z.strictObject({ date: z.string(), name: z.string() })),
});
export type Calendar = z.infer<typeof ZCalendar>;
export const ZCalendarList = ZList(ZCalendar);

/** GET /api/v1/calendars/:id/due: in the calendar's time zone, with its offset. */
export const ZDueAt = z.strictObject({ due_at: z.iso.datetime({ offset: true }).nullable() });
export type DueAt = z.infer<typeof ZDueAt>;

/** An exception to the policy, asked for with a reason and a source; pending ones wait for a supervisor. */
export const ZOverride = z.strictObject({
  id: ZId,
  ticket_id: ZId,
  kind: z.enum(OVERRIDE_KINDS),
  change: z.strictObject({
    priority: z.enum(TICKET_PRIORITIES).optional(),
    target: z.enum(SLA_TARGETS).optional(),
    business_minutes: z.number().int().optional(),
    assignee_id: ZId.optional(),
  }),
  reason: z.string(),
  source: z.enum(OVERRIDE_SOURCES),
  requested_by: ZId,
  status: z.enum(["pending", "applied", "rejected"]),
  decided_by: ZId.nullable(),
  decided_at: ZDateTime.nullable(),
  created_at: ZDateTime,
});
export type Override = z.infer<typeof ZOverride>;
export const ZOverrideList = ZList(ZOverride);

/** 202: the override waits for a supervisor. */
export const ZOverridePending = z.strictObject({ status: z.literal("pending"), override: ZOverride });
export type OverridePending = z.infer<typeof ZOverridePending>;
/** 200: the override applied at once; the ticket as it is now. */
export const ZOverrideApplied = z.strictObject({ status: z.literal("applied"), ticket: ZTicket });
export type OverrideApplied = z.infer<typeof ZOverrideApplied>;
/**
 * 202 of PATCH /api/v1/tickets/:number: some changes wait for a supervisor (`override`, and every one in
 * `overrides` when several do); the rest applied, and `ticket` shows them.
 */
export const ZTicketChangeHeld = ZOverridePending.extend({ overrides: z.array(ZOverride).optional(), ticket: ZTicket });
export type TicketChangeHeld = z.infer<typeof ZTicketChangeHeld>;

export { ZOverrideSettings };
export type OverrideSettings = z.infer<typeof ZOverrideSettings>;

export const ZEscalationReason = z.strictObject({
  id: ZId,
  code: z.string(),
  label: z.string(),
  /** Retired codes stay in past escalations and reports. */
  active: z.boolean(),
  created_at: ZDateTime,
});
export type EscalationReason = z.infer<typeof ZEscalationReason>;
export const ZEscalationReasonList = ZList(ZEscalationReason);
