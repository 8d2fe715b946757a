import type { Generated } from "kysely";

// Sign-ins: agent sessions and API tokens, customer sessions and portal links. Times are epoch milliseconds, booleans 0/1, JSON is text (schema.ts).

export interface SessionTable {
  id: string; // sha256 of the cookie value
  workspace_id: number;
  agent_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface CustomerSessionTable {
  id: string; // sha256 of the cookie value
  workspace_id: number;
  customer_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface PortalLinkTable {
  id: string; // sha256 of the token in the link
  workspace_id: number;
  customer_id: number;
  ticket_number: number | null;
  single_use: number;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

export interface ApiTokenTable {
  id: Generated<number>;
  workspace_id: number;
  agent_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
}
