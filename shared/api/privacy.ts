import { z } from "zod";
import { ZDateTime, ZId, ZTicketNumber } from "./common";
import { ZPortalRequest, ZPortalTimelineItem } from "./portal";

// GET /api/v1/customers/:id/export: what Sportello holds about one customer, for a data-subject request (GDPR
// articles 15 and 20). Their requests appear as the portal shows them to the customer: what they wrote, the
// public replies and changes of state, never internal notes or another customer's data.
export const CUSTOMER_EXPORT_FORMAT = "sportello.customer-export/1";

export const ZCustomerExport = z.strictObject({
  format: z.literal(CUSTOMER_EXPORT_FORMAT),
  exported_at: ZDateTime,
  workspace: z.string(),
  customer: z.strictObject({
    id: ZId,
    email: z.string(),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    language: z.string().nullable(),
    external_id: z.string().nullable(),
    organization: z.string().nullable(),
    created_at: ZDateTime,
    updated_at: ZDateTime,
  }),
  /** Every request they made (merged ones live on in the request they were merged into), oldest first. */
  requests: z.array(
    z.strictObject({
      request: ZPortalRequest,
      channel: z.string(),
      timeline: z.array(ZPortalTimelineItem),
    }),
  ),
  /** Surveys sent to them, answered or not. */
  surveys: z.array(
    z.strictObject({
      kind: z.enum(["csat", "nps"]),
      request_number: ZTicketNumber.nullable(),
      sent_at: ZDateTime,
      scale: z.number().int(),
      score: z.number().int().nullable(),
      comment: z.string().nullable(),
      resolved: z.boolean().nullable(),
      answered_at: ZDateTime.nullable(),
    }),
  ),
  /** Their words kept as praise, and what they said when asked to publish them. */
  praise: z.array(
    z.strictObject({
      request_number: ZTicketNumber.nullable(),
      body: z.string(),
      created_at: ZDateTime,
      consent: z.enum(["none", "requested", "agreed", "refused"]),
      consent_text: z.string().nullable(),
      consent_answered_at: ZDateTime.nullable(),
    }),
  ),
});
export type CustomerExport = z.infer<typeof ZCustomerExport>;
