// The API's shapes as the web app reads them (the server's presenters are the source of truth).
export interface Ticket {
  id: number;
  number: number;
  subject: string;
  status: "new" | "open" | "pending" | "on_hold" | "solved" | "closed";
  priority: "low" | "normal" | "high" | "urgent";
  channel: string;
  tier: "first_line" | "specialist";
  tags: string[];
  requester: { id: number; email: string; name: string | null; organization_id: number | null } | null;
  assignee: { id: number; name: string } | null;
  team: { id: number; name: string } | null;
  created_at: string;
  updated_at: string;
  sla: Record<string, { due_at: string | null; paused: boolean; breached: boolean; met_at: string | null }>;
}

export interface Message {
  id: number;
  ticket_number: number;
  internal: boolean;
  author: { type: "agent" | "customer" | "system"; id: number | null; name: string | null };
  body_text: string;
  reply_text: string;
  attachments: { id: number; filename: string; size: number; url: string }[];
  created_at: string;
}

export interface TimelineEvent {
  id: number;
  type: string;
  actor: { type: string; id: number | null; name: string | null };
  data: Record<string, unknown>;
  created_at: string;
}
