// Every event a change can cause, with its payload. Listeners (webhooks, realtime, later mail and SLA)
// dispatch through this map; nothing switches over event names.
export interface EventMap {
  /** by_agent: created by an agent in the app or the API (no acknowledgement email: they know it arrived). */
  "ticket.created": { ticket_id: number; number: number; by_agent?: boolean };
  "ticket.updated": {
    ticket_id: number;
    number: number;
    changes: Record<string, { from: unknown; to: unknown }>;
    /** The public reply this change came with, if any. */ with_reply_id?: number;
  };
  "message.created": { ticket_id: number; number: number; message_id: number; internal: boolean };
  "ticket.merged": { ticket_id: number; number: number; into_id: number; into_number: number };
  /**
   * A customer answered a survey (or changed their answer): praise (kudos) and other listeners hook here.
   * `rating`: good, neutral, bad (CSAT) or promoter, passive, detractor (NPS).
   */
  "survey.answered": {
    survey_id: number;
    kind: "csat" | "nps";
    ticket_id: number | null;
    ticket_number: number | null;
    customer_id: number;
    agent_id: number | null;
    score: number;
    scale: number;
    rating: "good" | "neutral" | "bad" | "promoter" | "passive" | "detractor";
    comment: string | null;
    changed: boolean;
  };
}

export type EventName = keyof EventMap;

export interface OutboxEvent<N extends EventName = EventName> {
  id: number;
  workspace_id: number;
  event: N;
  payload: EventMap[N];
  request_id: string | null;
  created_at: number;
}
