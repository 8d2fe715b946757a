import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// What an agent is writing on a ticket, kept as they type: one draft per agent and ticket, gone when the message
// is sent or the text emptied.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big } = columnTypes(dialect);
  await sql`CREATE TABLE ticket_drafts (
    ticket_id ${big} NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    agent_id ${big} NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    workspace_id ${big} NOT NULL,
    body_text text NOT NULL,
    internal integer NOT NULL DEFAULT 0,
    updated_at ${big} NOT NULL,
    PRIMARY KEY (ticket_id, agent_id)
  )`.execute(db);
}
