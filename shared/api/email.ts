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

/** An email in the outgoing queue: queued, sent, or a dead letter with its last error. */
export const ZOutboxMail = z.strictObject({
  id: ZId,
  ticket_id: ZId.nullable(),
  kind: z.enum(["reply", "notification", "portal_link", "waiting", "solved"]),
  to_address: z.string(),
  subject: z.string(),
  header_message_id: z.string(),
  status: z.enum(["queued", "sent", "dead"]),
  attempts: z.number().int().nonnegative(),
  last_error: z.string().nullable(),
  created_at: ZDateTime,
  sent_at: ZDateTime.nullable(),
});
export type OutboxMail = z.infer<typeof ZOutboxMail>;
export const ZOutboxPage = ZPage(ZOutboxMail);
