import { z } from "zod";
import { ZMailTemplate } from "../templates";
import { ZDateTime, ZId, ZList, ZPage } from "./common";

// The email channel: mailboxes, notification templates and the outgoing mail queue.

/** A mailbox that receives email; `imap` when it is fetched from an IMAP server (the password never leaves). */
export const ZMailbox = z.strictObject({
  id: ZId,
  address: z.string(),
  display_name: z.string().nullable(),
  team_id: ZId.nullable(),
  imap: z
    .strictObject({
      host: z.string(),
      port: z.number().int().nullable(),
      secure: z.boolean(),
      user: z.string().nullable(),
      folder: z.string().nullable(),
      after: z.enum(["flag", "move", "none"]).nullable(),
      move_to: z.string().nullable(),
      status: z.enum(["ok", "error"]).nullable(),
      last_error: z.string().nullable(),
      last_fetch_at: ZDateTime.nullable(),
      last_uid: z.number().int().nullable(),
    })
    .nullable(),
  created_at: ZDateTime,
});
export type Mailbox = z.infer<typeof ZMailbox>;
export const ZMailboxList = ZList(ZMailbox);

export { ZMailTemplate };
export type { MailTemplate } from "../templates";
export const ZMailTemplateList = ZList(ZMailTemplate);

/** A template rendered with a sample request. */
export const ZMailTemplatePreview = z.strictObject({ subject: z.string(), body: z.string() });
export type MailTemplatePreview = z.infer<typeof ZMailTemplatePreview>;

/** An email in the outgoing queue: queued, sent, a dead letter with its last error, or captured (no relay). */
export const ZOutboxMail = z.strictObject({
  id: ZId,
  ticket_id: ZId.nullable(),
  kind: z.enum([
    "reply",
    "notification",
    "portal_link",
    "waiting",
    "solved",
    "agent_notification",
    "password_reset",
    "kudos_digest",
    "consent_request",
    "problem_fixed",
    "survey",
    "nps",
  ]),
  to_address: z.string(),
  subject: z.string(),
  header_message_id: z.string(),
  status: z.enum(["queued", "sent", "dead", "captured"]),
  attempts: z.number().int().nonnegative(),
  last_error: z.string().nullable(),
  created_at: ZDateTime,
  sent_at: ZDateTime.nullable(),
});
export type OutboxMail = z.infer<typeof ZOutboxMail>;
export const ZOutboxPage = ZPage(ZOutboxMail);

/** An email kept instead of sent, because no SMTP_RELAY_URL is configured (the mail preview's list). */
export const ZCapturedMail = z.strictObject({
  id: ZId,
  ticket_id: ZId.nullable(),
  kind: z.enum([
    "reply",
    "notification",
    "portal_link",
    "waiting",
    "solved",
    "agent_notification",
    "password_reset",
    "kudos_digest",
    "consent_request",
    "problem_fixed",
    "survey",
    "nps",
  ]),
  from_address: z.string(),
  to_address: z.string(),
  subject: z.string(),
  created_at: ZDateTime,
});
export type CapturedMail = z.infer<typeof ZCapturedMail>;
export const ZCapturedMailPage = ZPage(ZCapturedMail);
export type CapturedMailPage = z.infer<typeof ZCapturedMailPage>;

/** One captured email as it would have left: its headers, its text and, when it has one, its HTML. */
export const ZCapturedMailDetail = ZCapturedMail.extend({
  headers: z.array(z.strictObject({ name: z.string(), value: z.string() })),
  text: z.string(),
  html: z.string().nullable(),
});
export type CapturedMailDetail = z.infer<typeof ZCapturedMailDetail>;
