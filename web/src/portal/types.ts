import type { PortalState } from "../../../shared/schemas";
import type { MessagePart } from "../../../shared/api/tickets";

// What the portal's API returns, as the portal pages read it.
export interface Customer {
  name: string | null;
  email: string;
  language: string;
  workspace: string;
  csrf_token: string | null;
}
export interface Request {
  number: number;
  subject: string;
  state: PortalState;
  handled_by: string | null;
  requester_name: string | null;
  mine: boolean;
  next_answer_due: string | null;
  reopen_until: string | null;
  created_at: string;
  updated_at: string;
}
export type TimelineItem =
  | {
      kind: "message";
      id: number;
      author: { type: "agent" | "customer" | "system"; name: string | null };
      body_text: string;
      /** An emailed message's pieces (see shared/api MessagePart); null when it was not split. */
      parts: MessagePart[] | null;
      attachments: { id: number; filename: string; size: number; url: string }[];
      created_at: string;
    }
  | { kind: "state"; id: number; state: PortalState; created_at: string };
export interface RequestDetail {
  request: Request;
  timeline: TimelineItem[];
}
