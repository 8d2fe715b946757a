import type { Generated } from "kysely";

// Canned replies, playbooks, answered questions and the groups of unanswered ones (migration 028). Times are
// epoch milliseconds, booleans 0/1, JSON is text (schema.ts).

export interface MacroTable {
  id: Generated<number>;
  workspace_id: number;
  /** Who wrote it; a personal macro (shared 0) is visible to them alone. */
  owner_id: number | null;
  name: string;
  shortcut: string;
  body_text: string;
  language: "it" | "en";
  /** The macro this one translates (null for an original). */
  translation_of: number | null;
  shared: number;
  actions: string; // JSON: { status?, priority?, tags?, team_id? }
  created_at: number;
  updated_at: number;
}

export interface MacroUsageTable {
  macro_id: number;
  agent_id: number;
  uses: number;
  last_used_at: number;
}

export interface PlaybookTable {
  id: Generated<number>;
  workspace_id: number;
  title: string;
  language: "it" | "en";
  translation_of: number | null;
  match_tags: string; // JSON array
  match_keywords: string; // JSON array
  steps: string; // JSON array of texts
  mistakes: string; // JSON array of texts
  macro_ids: string; // JSON array of ids
  created_at: number;
  updated_at: number;
}

export interface PlaybookCheckTable {
  ticket_id: number;
  /** The original playbook's id (translations share its checklist). */
  playbook_id: number;
  step_index: number;
  agent_id: number | null;
  checked_at: number;
}

export interface TicketArticleLinkTable {
  id: Generated<number>;
  workspace_id: number;
  ticket_id: number;
  /** The article that answers the ticket's question; null when marked answered without one. */
  article_id: number | null;
  agent_id: number | null;
  answered_at: number;
}

export interface QuestionGroupTable {
  id: Generated<number>;
  workspace_id: number;
  language: "it" | "en";
  size: number;
  centroid: string; // JSON: [[term, weight], ...] the group's top terms, summed over its members
  updated_at: number;
}

export interface QuestionMemberTable {
  ticket_id: number;
  workspace_id: number;
  group_id: number;
  language: "it" | "en";
  created_at: number;
}

export interface QuestionTermTable {
  workspace_id: number;
  language: "it" | "en";
  term: string;
  /** A word as customers write it, shown for the stem. */
  word: string;
  df: number;
}

export interface QuestionStateTable {
  workspace_id: number;
  last_ticket_id: number;
  docs_it: number;
  docs_en: number;
}
