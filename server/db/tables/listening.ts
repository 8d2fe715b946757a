import type { Generated } from "kysely";

// Listening (migration 030): public reviews, kudos and testimonials, problems. Times are epoch milliseconds.

export interface ReviewTable {
  id: Generated<number>;
  workspace_id: number;
  /** "google", "trustpilot" or "generic". */
  platform: string;
  external_id: string;
  author: string;
  rating: number;
  title: string | null;
  body: string;
  url: string | null;
  reviewed_at: number;
  ticket_id: number;
  /** When the answer was published on the platform, and by whom ("mark as published"). */
  published_at: number | null;
  published_by: number | null;
  created_at: number;
}

/** The last read of a review platform's API per workspace (migration 041): the last that worked, the last failure. */
export interface ReviewReadTable {
  workspace_id: number;
  platform: string;
  read_at: number | null;
  /** New reviews the last read that worked imported. */
  imported: number | null;
  /** Set while the latest read failed: when, why in a word ("auth", "unreachable", "other"), and the detail. */
  failed_at: number | null;
  reason: string | null;
  error: string | null;
}

export interface KudosTable {
  id: Generated<number>;
  workspace_id: number;
  ticket_id: number;
  message_id: number | null;
  customer_id: number;
  /** "message": a supervisor marked a customer message; "rating": a good survey answer with a comment. */
  source: "message" | "rating";
  body: string;
  rating: number | null;
  created_by: number | null;
  created_at: number;
  consent_status: Generated<"none" | "requested" | "agreed" | "refused">;
  /** sha256 of the consent link's token; the token itself is only in the email. */
  consent_token_hash: string | null;
  consent_language: string | null;
  consent_requested_at: number | null;
  consent_answered_at: number | null;
  /** The exact text the customer agreed to (or refused). */
  consent_text: string | null;
}

export interface KudosRecipientTable {
  kudos_id: number;
  agent_id: number;
  workspace_id: number;
  role: "agent" | "lead";
  read_at: number | null;
}

export interface KudosDigestTable {
  workspace_id: number;
  week_start: number;
  sent_at: number;
}

export interface ProblemTable {
  id: Generated<number>;
  workspace_id: number;
  title: string;
  description: Generated<string>;
  status: Generated<"open" | "fixed" | "closed">;
  tracker_url: string | null;
  tracker_status: string | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
  notified_at: number | null;
}

export interface ProblemTicketTable {
  problem_id: number;
  ticket_id: number;
  workspace_id: number;
  added_by: number | null;
  added_at: number;
}

export interface ProblemEventTable {
  id: Generated<number>;
  problem_id: number;
  workspace_id: number;
  type: string;
  actor_id: number | null;
  data: string;
  created_at: number;
}
