import type { Insertable } from "kysely";
import type { MailOutboxTable } from "./schema";

// A new row of the outgoing mail queue (mail_outbox) with its defaults. Here, not in modules/email, because
// modules below email write outgoing mail too (notifications: email -> tickets -> sla -> notifications), and a
// module importing email from there would close a circle (scripts/module-graph.ts).

type Row = Insertable<MailOutboxTable>;

/** What a new email must say; the rest has a default. */
export type NewOutboxMail = Pick<
  Row,
  "workspace_id" | "kind" | "to_address" | "from_address" | "subject" | "header_message_id" | "body_text" | "status"
> &
  Partial<
    Pick<
      Row,
      "ticket_id" | "message_id" | "event_id" | "cc" | "reply_to" | "in_reply_to" | "refs" | "body_html" | "created_at"
    >
  >;

/**
 * The insertable row: replies go to the sender (reply_to = from_address), no ticket, message or threading headers,
 * text only, never tried (no attempts, no error, not sent), created now; the caller gives only what differs.
 */
export const newOutboxMail = (mail: NewOutboxMail): Row => ({
  ...mail,
  ticket_id: mail.ticket_id ?? null,
  message_id: mail.message_id ?? null,
  reply_to: mail.reply_to ?? mail.from_address,
  in_reply_to: mail.in_reply_to ?? null,
  refs: mail.refs ?? null,
  body_html: mail.body_html ?? null,
  attempts: 0,
  last_error: null,
  created_at: mail.created_at ?? Date.now(),
  sent_at: null,
});
