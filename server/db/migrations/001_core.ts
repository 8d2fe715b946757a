import { type ColumnDefinitionBuilder, type CreateTableBuilder, sql, type Kysely } from "kysely";
import type { Dialect } from "../index";

// One migration for both databases: the schema builder hides the differences except for ids and search.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const id = (t: CreateTableBuilder<string, never>): CreateTableBuilder<string, string> =>
    dialect === "postgres"
      ? t.addColumn("id", "bigserial", (c) => c.primaryKey())
      : t.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());
  const big = dialect === "postgres" ? "bigint" : "integer";
  const ref = (table: string) => (c: ColumnDefinitionBuilder) => c.references(`${table}.id`).onDelete("cascade");

  await id(db.schema.createTable("workspaces"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("default_language", "text", (c) => c.notNull().defaultTo("it"))
    .addColumn("timezone", "text", (c) => c.notNull().defaultTo("Europe/Rome"))
    .addColumn("support_address", "text")
    .addColumn("next_ticket_number", big, (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", big, (c) => c.notNull())
    .execute();

  await id(db.schema.createTable("agents"))
    .addColumn("workspace_id", big, (c) => ref("workspaces")(c.notNull()))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("password_hash", "text")
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("tier", "text", (c) => c.notNull().defaultTo("first_line"))
    .addColumn("languages", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", big, (c) => c.notNull())
    .addColumn("updated_at", big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("agents_email").unique().on("agents").columns(["workspace_id", "email"]).execute();

  await id(db.schema.createTable("teams"))
    .addColumn("workspace_id", big, (c) => ref("workspaces")(c.notNull()))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("teams_name").unique().on("teams").columns(["workspace_id", "name"]).execute();

  await db.schema
    .createTable("team_members")
    .addColumn("team_id", big, (c) => ref("teams")(c.notNull()))
    .addColumn("agent_id", big, (c) => ref("agents")(c.notNull()))
    .addColumn("workspace_id", big, (c) => c.notNull())
    .addPrimaryKeyConstraint("team_members_pk", ["team_id", "agent_id"])
    .execute();
  await db.schema.createIndex("team_members_agent").on("team_members").column("agent_id").execute();

  await id(db.schema.createTable("organizations"))
    .addColumn("workspace_id", big, (c) => ref("workspaces")(c.notNull()))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("plan_name", "text")
    .addColumn("plan_tier", "integer")
    .addColumn("annual_revenue", "real")
    .addColumn("account_owner_id", big, (c) => c.references("agents.id").onDelete("set null"))
    .addColumn("created_at", big, (c) => c.notNull())
    .addColumn("updated_at", big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("organizations_ws").on("organizations").columns(["workspace_id", "id"]).execute();

  await id(db.schema.createTable("customers"))
    .addColumn("workspace_id", big, (c) => ref("workspaces")(c.notNull()))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("phone", "text")
    .addColumn("language", "text")
    .addColumn("organization_id", big, (c) => c.references("organizations.id").onDelete("set null"))
    .addColumn("external_id", "text")
    .addColumn("created_at", big, (c) => c.notNull())
    .addColumn("updated_at", big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("customers_email").unique().on("customers").columns(["workspace_id", "email"]).execute();
  await db.schema.createIndex("customers_org").on("customers").columns(["organization_id"]).execute();

  await id(db.schema.createTable("tickets"))
    .addColumn("workspace_id", big, (c) => ref("workspaces")(c.notNull()))
    .addColumn("number", big, (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("priority", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("requester_id", big, (c) => c.notNull().references("customers.id"))
    .addColumn("assignee_id", big, (c) => c.references("agents.id").onDelete("set null"))
    .addColumn("team_id", big, (c) => c.references("teams.id").onDelete("set null"))
    .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("is_open", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("merged_into_id", big)
    .addColumn("created_at", big, (c) => c.notNull())
    .addColumn("updated_at", big, (c) => c.notNull())
    .addColumn("first_response_at", big)
    .addColumn("solved_at", big)
    .execute();
  // The number is unique per workspace: the last line of defence behind the counter row.
  await db.schema.createIndex("tickets_number").unique().on("tickets").columns(["workspace_id", "number"]).execute();
  // Inbox lists are keyset-paginated on (updated_at, id) within a filter; each index serves one family of views.
  // is_open (status in new/open/pending/on_hold) lets "All open", "Mine" and "My teams" read in index order
  // instead of merging four statuses and sorting.
  await db.schema
    .createIndex("tickets_ws_updated")
    .on("tickets")
    .columns(["workspace_id", "updated_at", "id"])
    .execute();
  await db.schema
    .createIndex("tickets_ws_status")
    .on("tickets")
    .columns(["workspace_id", "status", "updated_at", "id"])
    .execute();
  await db.schema
    .createIndex("tickets_ws_open")
    .on("tickets")
    .columns(["workspace_id", "is_open", "updated_at", "id"])
    .execute();
  await db.schema
    .createIndex("tickets_ws_assignee")
    .on("tickets")
    .columns(["workspace_id", "assignee_id", "is_open", "updated_at", "id"])
    .execute();
  await db.schema
    .createIndex("tickets_ws_team")
    .on("tickets")
    .columns(["workspace_id", "team_id", "is_open", "updated_at", "id"])
    .execute();
  await db.schema.createIndex("tickets_requester").on("tickets").columns(["requester_id", "updated_at"]).execute();

  await db.schema
    .createTable("ticket_tags")
    .addColumn("workspace_id", big, (c) => c.notNull())
    .addColumn("ticket_id", big, (c) => ref("tickets")(c.notNull()))
    .addColumn("tag", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("ticket_tags_pk", ["ticket_id", "tag"])
    .execute();
  await db.schema
    .createIndex("ticket_tags_tag")
    .on("ticket_tags")
    .columns(["workspace_id", "tag", "ticket_id"])
    .execute();

  await id(db.schema.createTable("messages"))
    .addColumn("workspace_id", big, (c) => c.notNull())
    .addColumn("ticket_id", big, (c) => ref("tickets")(c.notNull()))
    .addColumn("internal", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("author_type", "text", (c) => c.notNull())
    .addColumn("author_agent_id", big)
    .addColumn("author_customer_id", big)
    .addColumn("body_text", "text", (c) => c.notNull())
    .addColumn("body_html", "text")
    .addColumn("reply_text", "text", (c) => c.notNull())
    .addColumn("created_at", big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("messages_ticket").on("messages").columns(["ticket_id", "id"]).execute();

  await id(db.schema.createTable("attachments"))
    .addColumn("workspace_id", big, (c) => c.notNull())
    .addColumn("message_id", big, (c) => c.references("messages.id").onDelete("cascade"))
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size", big, (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("created_at", big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("attachments_message").on("attachments").columns(["message_id"]).execute();

  await id(db.schema.createTable("ticket_events"))
    .addColumn("workspace_id", big, (c) => c.notNull())
    .addColumn("ticket_id", big, (c) => ref("tickets")(c.notNull()))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("actor_type", "text", (c) => c.notNull())
    .addColumn("actor_id", big)
    .addColumn("data", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("created_at", big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ticket_events_ticket").on("ticket_events").columns(["ticket_id", "id"]).execute();

  await id(db.schema.createTable("outbox"))
    .addColumn("workspace_id", big, (c) => c.notNull())
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("request_id", "text")
    .addColumn("created_at", big, (c) => c.notNull())
    .addColumn("claimed_until", big)
    .addColumn("dispatched_at", big)
    .execute();
  // Partial index: the dispatcher only ever looks at the backlog, which stays small.
  await sql`CREATE INDEX outbox_pending ON outbox (id) WHERE dispatched_at IS NULL`.execute(db);

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", big, (c) => c.notNull())
    .addColumn("agent_id", big, (c) => ref("agents")(c.notNull()))
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", big, (c) => c.notNull())
    .addColumn("expires_at", big, (c) => c.notNull())
    .execute();

  await id(db.schema.createTable("api_tokens"))
    .addColumn("workspace_id", big, (c) => c.notNull())
    .addColumn("agent_id", big, (c) => ref("agents")(c.notNull()))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("prefix", "text", (c) => c.notNull())
    .addColumn("created_at", big, (c) => c.notNull())
    .addColumn("last_used_at", big)
    .execute();

  await id(db.schema.createTable("webhooks"))
    .addColumn("workspace_id", big, (c) => ref("workspaces")(c.notNull()))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("events", "text", (c) => c.notNull())
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", big, (c) => c.notNull())
    .execute();

  await id(db.schema.createTable("webhook_deliveries"))
    .addColumn("workspace_id", big, (c) => c.notNull())
    .addColumn("webhook_id", big, (c) => ref("webhooks")(c.notNull()))
    .addColumn("outbox_id", big, (c) => c.notNull())
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("response_status", "integer")
    .addColumn("error", "text")
    .addColumn("created_at", big, (c) => c.notNull())
    .addColumn("updated_at", big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_once")
    .unique()
    .on("webhook_deliveries")
    .columns(["webhook_id", "outbox_id"])
    .execute();

  await db.schema
    .createTable("ticket_counts")
    .addColumn("workspace_id", big, (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("assignee_id", big, (c) => c.notNull())
    .addColumn("team_id", big, (c) => c.notNull())
    .addColumn("count", big, (c) => c.notNull())
    .addPrimaryKeyConstraint("ticket_counts_pk", ["workspace_id", "status", "assignee_id", "team_id"])
    .execute();

  await id(db.schema.createTable("jobs"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("run_at", big, (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("max_attempts", "integer", (c) => c.notNull().defaultTo(8))
    .addColumn("locked_until", big)
    .addColumn("last_error", "text")
    .addColumn("state", "text", (c) => c.notNull().defaultTo("queued"))
    .addColumn("created_at", big, (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX jobs_due ON jobs (run_at) WHERE state = 'queued'`.execute(db);

  // Rows written by the diagnostic "test.record" job: the multi-node proof counts them to show each job ran once.
  await db.schema
    .createTable("job_probe")
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("pid", "integer", (c) => c.notNull())
    .addColumn("ran_at", big, (c) => c.notNull())
    .execute();

  // Full-text search. SQLite: FTS5 over words already folded and stemmed by the application (FTS5 has
  // no Italian stemmer). PostgreSQL: tsvector from its own Italian and English Snowball configs over unaccent().
  if (dialect === "sqlite") {
    await sql`CREATE VIRTUAL TABLE search_subjects USING fts5(terms, workspace_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')`.execute(
      db,
    );
    await sql`CREATE VIRTUAL TABLE search_messages USING fts5(terms, ticket_id UNINDEXED, workspace_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')`.execute(
      db,
    );
  } else {
    await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
    await sql`CREATE TABLE search_docs (id bigserial PRIMARY KEY, workspace_id bigint NOT NULL, ticket_id bigint NOT NULL REFERENCES tickets(id) ON DELETE CASCADE, message_id bigint, tsv tsvector NOT NULL)`.execute(
      db,
    );
    await sql`CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv)`.execute(db);
    await sql`CREATE INDEX search_docs_ticket ON search_docs (ticket_id)`.execute(db);
  }
}
