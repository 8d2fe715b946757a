import type { Generated } from "kysely";

// Satisfaction and loyalty surveys (migration 029). Times are epoch milliseconds, booleans 0/1 (schema.ts).

export interface SurveySettingsTable {
  workspace_id: number;
  csat_enabled: number;
  csat_scale: number;
  csat_delay_minutes: number;
  csat_every_solve: number;
  csat_quiet_days: number;
  csat_expires_days: number;
  nps_enabled: number;
  nps_interval_days: number;
  updated_at: number;
}

export interface SurveyTable {
  id: Generated<number>;
  workspace_id: number;
  kind: "csat" | "nps";
  customer_id: number;
  ticket_id: number | null;
  /** The outbox event that solved the ticket: one CSAT survey per ticket and solve. */
  solve_id: number | null;
  /** 2 (good/bad), 5 (1-5) or 11 (NPS, 0-10). */
  scale: number;
  language: "it" | "en";
  sent_at: number;
  /** Days since the epoch (UTC) of sent_at: the counters' day. */
  sent_day: number;
  expires_at: number;
  agent_id: number | null;
  team_id: number | null;
  organization_id: number | null;
  owner_id: number | null;
  plan: string | null;
  channel: string | null;
  score: number | null;
  comment: string | null;
  /** The optional second question: was the problem solved? (1/0, null: not answered). */
  resolved: number | null;
  answered_at: number | null;
  mail_id: number | null;
}

export interface SurveyCountTable {
  workspace_id: number;
  kind: "csat" | "nps";
  /** all, agent, team, plan, channel, organization, owner */
  dim: string;
  key: string;
  day: number;
  sent: number;
  answered: number;
  /** CSAT: good answers (4-5 of 5, good of 2); NPS: promoters (9-10). */
  good: number;
  /** CSAT: bad answers (1-2 of 5, bad of 2); NPS: detractors (0-6). */
  bad: number;
}

export interface FollowUpTable {
  id: Generated<number>;
  workspace_id: number;
  kind: "csat_recovery" | "nps_detractor";
  survey_id: number;
  ticket_id: number | null;
  customer_id: number;
  assignee_id: number | null;
  due_at: number;
  status: "open" | "done";
  created_at: number;
  done_at: number | null;
  done_by: number | null;
}

/** NPS on a schedule: an organization, a plan's organizations, or (neither) every customer, every N days. */
export interface NpsScheduleTable {
  id: Generated<number>;
  workspace_id: number;
  organization_id: number | null;
  plan: string | null;
  every_days: number;
  next_run_at: number;
  last_run_at: number | null;
  /** How many surveys the last run queued (the rest were asked within the interval, or have no address). */
  last_queued: number | null;
  created_by: number | null;
  created_at: number;
}
