import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// Answers at hand: canned replies (macros) and their use per agent, playbooks for hard moments and the steps
// ticked on each ticket, questions marked answered (an article linked, or just answered), and the groups of
// unanswered first messages (FAQ from real questions), kept so that a new ticket joins a group without the
// others being grouped again.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big, id } = columnTypes(dialect);
  await sql`CREATE TABLE macros (
    ${id},
    workspace_id ${big} NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    owner_id ${big} REFERENCES agents(id) ON DELETE CASCADE,
    name text NOT NULL,
    shortcut text NOT NULL,
    body_text text NOT NULL,
    language text NOT NULL,
    translation_of ${big} REFERENCES macros(id) ON DELETE CASCADE,
    shared integer NOT NULL,
    actions text NOT NULL,
    created_at ${big} NOT NULL,
    updated_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX macros_workspace ON macros (workspace_id, shortcut)`.execute(db);
  await sql`CREATE INDEX macros_translation ON macros (translation_of)`.execute(db);
  await sql`CREATE TABLE macro_usage (
    macro_id ${big} NOT NULL REFERENCES macros(id) ON DELETE CASCADE,
    agent_id ${big} NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    uses integer NOT NULL,
    last_used_at ${big} NOT NULL,
    PRIMARY KEY (macro_id, agent_id)
  )`.execute(db);

  await sql`CREATE TABLE playbooks (
    ${id},
    workspace_id ${big} NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    title text NOT NULL,
    language text NOT NULL,
    translation_of ${big} REFERENCES playbooks(id) ON DELETE CASCADE,
    match_tags text NOT NULL,
    match_keywords text NOT NULL,
    steps text NOT NULL,
    mistakes text NOT NULL,
    macro_ids text NOT NULL,
    created_at ${big} NOT NULL,
    updated_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX playbooks_workspace ON playbooks (workspace_id)`.execute(db);
  // Keyed by the original playbook (not a translation): a step ticked in Italian is ticked in English too.
  await sql`CREATE TABLE playbook_checks (
    ticket_id ${big} NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    playbook_id ${big} NOT NULL REFERENCES playbooks(id) ON DELETE CASCADE,
    step_index integer NOT NULL,
    agent_id ${big},
    checked_at ${big} NOT NULL,
    PRIMARY KEY (ticket_id, playbook_id, step_index)
  )`.execute(db);

  // A question answered: by an article (the knowledge base links it) or marked answered without one.
  await sql`CREATE TABLE ticket_article_links (
    ${id},
    workspace_id ${big} NOT NULL,
    ticket_id ${big} NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    article_id ${big},
    agent_id ${big},
    answered_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX ticket_article_links_ticket ON ticket_article_links (ticket_id)`.execute(db);
  await sql`CREATE INDEX ticket_article_links_article ON ticket_article_links (article_id)`.execute(db);

  // Groups of similar first messages per language: each keeps its centroid (top terms and weights, JSON).
  await sql`CREATE TABLE question_groups (
    ${id},
    workspace_id ${big} NOT NULL,
    language text NOT NULL,
    size integer NOT NULL,
    centroid text NOT NULL,
    updated_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX question_groups_workspace ON question_groups (workspace_id, language)`.execute(db);
  await sql`CREATE TABLE question_members (
    ticket_id ${big} PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
    workspace_id ${big} NOT NULL,
    group_id ${big} NOT NULL REFERENCES question_groups(id) ON DELETE CASCADE,
    language text NOT NULL,
    created_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX question_members_group ON question_members (group_id, created_at)`.execute(db);
  await sql`CREATE INDEX question_members_recent ON question_members (workspace_id, language, created_at)`.execute(db);
  // Document frequencies per language (the IDF of the vectors) and how far grouping has read.
  await sql`CREATE TABLE question_terms (
    workspace_id ${big} NOT NULL,
    language text NOT NULL,
    term text NOT NULL,
    word text NOT NULL,
    df integer NOT NULL,
    PRIMARY KEY (workspace_id, language, term)
  )`.execute(db);
  await sql`CREATE TABLE question_state (
    workspace_id ${big} PRIMARY KEY,
    last_ticket_id ${big} NOT NULL,
    docs_it integer NOT NULL,
    docs_en integer NOT NULL
  )`.execute(db);
}
