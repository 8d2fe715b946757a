import type { Generated } from "kysely";

// The machinery: the event outbox, webhooks, jobs. Times are epoch milliseconds, booleans 0/1, JSON is text (schema.ts).

export interface OutboxTable {
  id: Generated<number>;
  workspace_id: number;
  event: string;
  payload: string; // JSON
  request_id: string | null;
  created_at: number;
  claimed_until: number | null;
  dispatched_at: number | null;
}

export interface WebhookTable {
  id: Generated<number>;
  workspace_id: number;
  url: string;
  events: string; // JSON array of event names, or ["*"]
  secret: string;
  active: number;
  created_at: number;
}

export interface WebhookDeliveryTable {
  id: Generated<number>;
  workspace_id: number;
  webhook_id: number;
  outbox_id: number;
  event: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  response_status: number | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

export interface JobTable {
  id: Generated<number>;
  name: string;
  payload: string;
  run_at: number;
  attempts: number;
  max_attempts: number;
  locked_until: number | null;
  last_error: string | null;
  state: "queued" | "done" | "dead";
  created_at: number;
}

export interface JobProbeTable {
  key: string;
  pid: number;
  ran_at: number;
}
