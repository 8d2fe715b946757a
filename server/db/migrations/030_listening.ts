import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// Listening (issue 23): public reviews answered as tickets on the `review` channel, praise (kudos) that reaches
// agents and their leads, testimonials only with the customer's recorded consent, and problems that group tickets
// about one product issue. Organizations already carry `annual_revenue` (001), which a problem sums.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big, id } = columnTypes(dialect);
  await sql`CREATE TABLE reviews (
    ${id},
    workspace_id ${big} NOT NULL,
    platform text NOT NULL,
    external_id text NOT NULL,
    author text NOT NULL,
    rating integer NOT NULL,
    title text,
    body text NOT NULL,
    url text,
    reviewed_at ${big} NOT NULL,
    ticket_id ${big} NOT NULL REFERENCES tickets(id),
    published_at ${big},
    published_by ${big} REFERENCES agents(id),
    created_at ${big} NOT NULL
  )`.execute(db);
  // A re-import finds what it already has by platform and the platform's own id.
  await sql`CREATE UNIQUE INDEX reviews_external ON reviews (workspace_id, platform, external_id)`.execute(db);
  await sql`CREATE UNIQUE INDEX reviews_ticket ON reviews (ticket_id)`.execute(db);

  await sql`CREATE TABLE kudos (
    ${id},
    workspace_id ${big} NOT NULL,
    ticket_id ${big} NOT NULL REFERENCES tickets(id),
    message_id ${big} REFERENCES messages(id),
    customer_id ${big} NOT NULL REFERENCES customers(id),
    source text NOT NULL,
    body text NOT NULL,
    rating integer,
    created_by ${big} REFERENCES agents(id),
    created_at ${big} NOT NULL,
    consent_status text NOT NULL DEFAULT 'none',
    consent_token_hash text,
    consent_language text,
    consent_requested_at ${big},
    consent_answered_at ${big},
    consent_text text
  )`.execute(db);
  await sql`CREATE INDEX kudos_wall ON kudos (workspace_id, created_at)`.execute(db);
  await sql`CREATE UNIQUE INDEX kudos_message ON kudos (message_id)`.execute(db);
  await sql`CREATE UNIQUE INDEX kudos_consent_token ON kudos (consent_token_hash)`.execute(db);

  // Who a praise reached: the ticket's agents and their leads, each with their own unread state.
  await sql`CREATE TABLE kudos_recipients (
    kudos_id ${big} NOT NULL REFERENCES kudos(id) ON DELETE CASCADE,
    agent_id ${big} NOT NULL REFERENCES agents(id),
    workspace_id ${big} NOT NULL,
    role text NOT NULL,
    read_at ${big},
    PRIMARY KEY (kudos_id, agent_id)
  )`.execute(db);
  await sql`CREATE INDEX kudos_unread ON kudos_recipients (agent_id, read_at)`.execute(db);
  // One weekly digest per workspace and week, however many workers look.
  await sql`CREATE TABLE kudos_digests (
    workspace_id ${big} NOT NULL,
    week_start ${big} NOT NULL,
    sent_at ${big} NOT NULL,
    PRIMARY KEY (workspace_id, week_start)
  )`.execute(db);

  await sql`CREATE TABLE problems (
    ${id},
    workspace_id ${big} NOT NULL,
    title text NOT NULL,
    description text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT 'open',
    tracker_url text,
    tracker_status text,
    created_by ${big} REFERENCES agents(id),
    created_at ${big} NOT NULL,
    updated_at ${big} NOT NULL,
    notified_at ${big}
  )`.execute(db);
  await sql`CREATE INDEX problems_list ON problems (workspace_id, status, id)`.execute(db);
  await sql`CREATE TABLE problem_tickets (
    problem_id ${big} NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
    ticket_id ${big} NOT NULL REFERENCES tickets(id),
    workspace_id ${big} NOT NULL,
    added_by ${big},
    added_at ${big} NOT NULL,
    PRIMARY KEY (problem_id, ticket_id)
  )`.execute(db);
  await sql`CREATE INDEX problem_tickets_ticket ON problem_tickets (ticket_id)`.execute(db);
  await sql`CREATE TABLE problem_events (
    ${id},
    problem_id ${big} NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
    workspace_id ${big} NOT NULL,
    type text NOT NULL,
    actor_id ${big},
    data text NOT NULL,
    created_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX problem_events_problem ON problem_events (problem_id, id)`.execute(db);
}
