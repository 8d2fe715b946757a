import { z } from "zod";
import { LANGUAGES } from "../enums";
import { PORTAL_STATES } from "../schemas";
import { ZDateTime, ZId, ZList, ZTicketNumber } from "./common";
import { ZAttachment, ZMessagePart } from "./tickets";

// What a customer reads in the portal and the public web form: their requests in plain words, never internal
// notes, tags, priority, SLA internals or other customers' data.

/** GET /api/v1/portal/me: the signed-in customer, the workspace's name and the CSRF token. */
export const ZPortalMe = z.strictObject({
  name: z.string().nullable(),
  email: z.string(),
  language: z.enum(LANGUAGES),
  workspace: z.string(),
  csrf_token: z.string().nullable(),
});
export type PortalMe = z.infer<typeof ZPortalMe>;

/** POST /api/v1/portal/session: the session started; the request the link was about, if any. */
export const ZPortalSessionStarted = z.strictObject({
  csrf_token: z.string(),
  ticket_number: ZTicketNumber.nullable(),
});
export type PortalSessionStarted = z.infer<typeof ZPortalSessionStarted>;

export const ZPortalRequest = z.strictObject({
  number: ZTicketNumber,
  subject: z.string(),
  state: z.enum(PORTAL_STATES),
  /** The first name of the agent handling it. */
  handled_by: z.string().nullable(),
  requester_name: z.string().nullable(),
  /** false for a colleague's request (organizations that share requests). */
  mine: z.boolean(),
  next_answer_due: ZDateTime.nullable(),
  /** Until when a solved request may be reopened. */
  reopen_until: ZDateTime.nullable(),
  created_at: ZDateTime,
  updated_at: ZDateTime,
});
export type PortalRequest = z.infer<typeof ZPortalRequest>;
export const ZPortalRequestList = ZList(ZPortalRequest);

export const ZPortalMessage = z.strictObject({
  kind: z.literal("message"),
  id: ZId,
  author: z.strictObject({ type: z.enum(["agent", "customer", "system"]), name: z.string().nullable() }),
  body_text: z.string(),
  /** An emailed message's pieces (new text, folded quote, signature, forwarded message); null when not split. */
  parts: z.array(ZMessagePart).nullable(),
  attachments: z.array(ZAttachment),
  created_at: ZDateTime,
});
export const ZPortalStateChange = z.strictObject({
  kind: z.literal("state"),
  id: ZId,
  state: z.enum(PORTAL_STATES),
  created_at: ZDateTime,
});
/** The public timeline: public messages and changes of state, oldest first. */
export const ZPortalTimelineItem = z.discriminatedUnion("kind", [ZPortalMessage, ZPortalStateChange]);
export type PortalTimelineItem = z.infer<typeof ZPortalTimelineItem>;

/** One request with its public timeline (also the answer of a reply or a reopening). */
export const ZPortalRequestDetail = z.strictObject({
  request: ZPortalRequest,
  timeline: z.array(ZPortalTimelineItem),
});
export type PortalRequestDetail = z.infer<typeof ZPortalRequestDetail>;

/** A file uploaded to attach to a reply. */
export const ZPortalUpload = ZAttachment.omit({ url: true });
export type PortalUpload = z.infer<typeof ZPortalUpload>;

/** POST /api/v1/public/requests: the new request's number and where the customer follows it. */
export const ZWebFormCreated = z.strictObject({ number: ZTicketNumber, portal_url: z.string() });
export type WebFormCreated = z.infer<typeof ZWebFormCreated>;
