import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// Satisfaction (CSAT) and loyalty (NPS) surveys (issue 23):
// - survey_settings: one row per workspace (absent: the defaults in code);
// - surveys: one row per survey sent, with the dimensions the reports group by copied in at sending time (agent,
//   team, plan, channel, organization, account owner), and the answer (score, comment) kept on the same row;
// - survey_counts: counters per day of sending and per (dimension, key), adjusted in the transaction that sends or
//   answers, so a year's report sums at most 366 rows per key instead of reading every survey;
// - follow_ups: "recover this customer" tasks opened by a bad rating or a detractor, with their own due time.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big, id } = columnTypes(dialect);
  await sql`CREATE TABLE survey_settings (
    workspace_id ${big} PRIMARY KEY,
    csat_enabled integer NOT NULL DEFAULT 1,
    csat_scale integer NOT NULL DEFAULT 5,
    csat_delay_minutes integer NOT NULL DEFAULT 60,
    csat_every_solve integer NOT NULL DEFAULT 0,
    csat_quiet_days integer NOT NULL DEFAULT 30,
    csat_expires_days integer NOT NULL DEFAULT 14,
    nps_enabled integer NOT NULL DEFAULT 0,
    nps_interval_days integer NOT NULL DEFAULT 90,
    updated_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE TABLE surveys (
    ${id},
    workspace_id ${big} NOT NULL,
    kind text NOT NULL,
    customer_id ${big} NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    ticket_id ${big} REFERENCES tickets(id) ON DELETE CASCADE,
    solve_id ${big},
    scale integer NOT NULL,
    language text NOT NULL,
    sent_at ${big} NOT NULL,
    sent_day integer NOT NULL,
    expires_at ${big} NOT NULL,
    agent_id ${big},
    team_id ${big},
    organization_id ${big},
    owner_id ${big},
    plan text,
    channel text,
    score integer,
    comment text,
    resolved integer,
    answered_at ${big},
    mail_id ${big}
  )`.execute(db);
  // One CSAT survey per ticket and solve (the solving event), whatever the retries of its job.
  await sql`CREATE UNIQUE INDEX surveys_solve ON surveys (ticket_id, solve_id)`.execute(db);
  // Quiet days and NPS intervals: the customer's latest survey of a kind.
  await sql`CREATE INDEX surveys_customer ON surveys (customer_id, kind, sent_at)`.execute(db);
  await sql`CREATE INDEX surveys_answered ON surveys (workspace_id, kind, answered_at)`.execute(db);
  await sql`CREATE TABLE survey_counts (
    workspace_id ${big} NOT NULL,
    kind text NOT NULL,
    dim text NOT NULL,
    key text NOT NULL,
    day integer NOT NULL,
    sent integer NOT NULL DEFAULT 0,
    answered integer NOT NULL DEFAULT 0,
    good integer NOT NULL DEFAULT 0,
    bad integer NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, kind, dim, key, day)
  )`.execute(db);
  await sql`CREATE TABLE follow_ups (
    ${id},
    workspace_id ${big} NOT NULL,
    kind text NOT NULL,
    survey_id ${big} NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    ticket_id ${big},
    customer_id ${big} NOT NULL,
    assignee_id ${big},
    due_at ${big} NOT NULL,
    status text NOT NULL,
    created_at ${big} NOT NULL,
    done_at ${big},
    done_by ${big}
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX follow_ups_survey ON follow_ups (survey_id)`.execute(db);
  // NPS emails wait here for the drip job that sends them at the relay's pace (surveys/nps.ts).
  await sql`CREATE INDEX mail_outbox_nps ON mail_outbox (id) WHERE kind = 'nps' AND status = 'queued' AND attempts = 0`.execute(
    db,
  );
  await sql`CREATE INDEX follow_ups_open ON follow_ups (workspace_id, status, due_at)`.execute(db);
}
