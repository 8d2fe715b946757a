import type { Generated } from "kysely";

// Service levels: business calendars, policies and the clocks of each ticket. Times are epoch milliseconds, booleans 0/1, JSON is text (schema.ts).

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
  plan_name: string | null; // null: every plan
  priority: string | null; // null: every priority
  channel: Generated<string | null>; // null: every channel
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
