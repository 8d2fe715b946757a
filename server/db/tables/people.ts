import type { Generated } from "kysely";

// Workspaces, the people who work in them and the customers they serve. Times are epoch milliseconds, booleans 0/1, JSON is text (schema.ts).

export interface WorkspaceTable {
  id: Generated<number>;
  name: string;
  default_language: "it" | "en";
  timezone: string;
  support_address: string | null;
  next_ticket_number: number;
  /** Days after solving in which the customer may reopen a request from the portal. */
  portal_reopen_days: Generated<number>;
  /** 1: overrides asked for by sales wait for a supervisor's approval. */
  sales_overrides_need_approval: Generated<number>;
  /** JSON array of origins (https://shop.example) whose pages may frame the public web form. */
  form_frame_origins: Generated<string>;
  /** Seconds a public reply is held for "undo send" before it is queued (0–30). */
  undo_send_seconds: Generated<number>;
  /** The help centre's colour, #rrggbb; null: the default. */
  brand_color: string | null;
  /** The logo in the file store (attachments.store.ts) and its content type; null: none. */
  logo_sha256: string | null;
  logo_type: string | null;
  created_at: number;
}

export interface AgentTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  email: string;
  password_hash: string | null;
  role: "admin" | "supervisor" | "agent";
  tier: "first_line" | "specialist";
  languages: string; // JSON array of language codes
  active: number;
  /** 0 while away: automatic assignment skips the agent. */
  available: Generated<number>;
  skills: Generated<string>; // JSON array of product-area tags the agent handles
  /** The IANA zone the app shows times in; null: the browser's. */
  time_zone: string | null;
  /** The language of the emails sent to the agent; null: the workspace's default. */
  language: "it" | "en" | null;
  created_at: number;
  updated_at: number;
}

export interface TeamTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  /** A specialist team receives escalations. */
  tier: Generated<"first_line" | "specialist">;
  auto_assign: Generated<number>;
  /** Open tickets per agent beyond which automatic assignment passes the agent by. */
  capacity: Generated<number>;
  created_at: number;
}

export interface TeamMemberTable {
  team_id: number;
  agent_id: number;
  workspace_id: number;
  last_assigned_at: number | null;
}

export interface OrganizationTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  plan_name: string | null;
  plan_tier: number | null;
  annual_revenue: number | null;
  account_owner_id: number | null;
  /** 1: colleagues in the organization see each other's requests in the portal. */
  portal_shared: Generated<number>;
  /** What agents keep about the organization (migration 025). */
  notes: Generated<string | null>;
  created_at: number;
  updated_at: number;
}

export interface CustomerTable {
  id: Generated<number>;
  workspace_id: number;
  email: string; // lower-cased; unique per workspace
  name: string | null;
  phone: string | null;
  language: string | null;
  organization_id: number | null;
  external_id: string | null;
  /** What agents keep about the customer (migration 025). */
  notes: Generated<string | null>;
  created_at: number;
  updated_at: number;
}
