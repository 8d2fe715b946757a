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

/** Wrong passwords per email address (known or not): the delay and the lock they earn (migration 022). */
export interface LoginAttemptTable {
  email: string;
  failures: number;
  /** No attempt is checked before this time (progressive delay). */
  delay_until: number;
  /** Locked until then: refused even with the right password, unless an admin unlocks it. */
  locked_until: number | null;
  updated_at: number;
}

/** Security events of a workspace: an account locked by wrong passwords, unlocked by an admin. */
export interface AuditEventTable {
  id: Generated<number>;
  workspace_id: number;
  action: "login.locked" | "login.unlocked" | "customer.exported";
  /** The agent the event is about. */
  agent_id: number | null;
  /** Who did it (an admin); null for the system. */
  actor_agent_id: number | null;
  ip: string | null;
  details: string; // JSON
  created_at: number;
}
