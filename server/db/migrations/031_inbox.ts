import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// The triage inbox: when each agent last read each ticket (the unread marker), and saved views (filters and
// sort under a name, an agent's own or shared with the workspace by a supervisor).
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big, id } = columnTypes(dialect);
  await sql`CREATE TABLE ticket_reads (
    agent_id ${big} NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    ticket_id ${big} NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    workspace_id ${big} NOT NULL,
    last_read_at ${big} NOT NULL,
    PRIMARY KEY (agent_id, ticket_id)
  )`.execute(db);
  await sql`CREATE TABLE saved_views (
    ${id},
    workspace_id ${big} NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    agent_id ${big} NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    name text NOT NULL,
    view text NOT NULL,
    query text NOT NULL,
    shared integer NOT NULL DEFAULT 0,
    created_at ${big} NOT NULL,
    updated_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX saved_views_workspace ON saved_views (workspace_id, agent_id)`.execute(db);
}
