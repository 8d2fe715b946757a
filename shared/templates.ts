import { z } from "zod";
import { LANGUAGES } from "./enums";

// The emails a customer receives about a request, editable per workspace in Italian and English.
export const MAIL_TEMPLATE_KINDS = ["received", "agent_reply", "waiting_for_reply", "solved"] as const;
export type MailTemplateKind = (typeof MAIL_TEMPLATE_KINDS)[number];

const COMMON = ["customer_name", "ticket_number", "subject", "portal_link", "team"] as const;

/** What each kind of email may say with {{name}}; anything else is refused when a template is saved. */
export const MAIL_TEMPLATE_PLACEHOLDERS: Record<MailTemplateKind, readonly string[]> = {
  received: [...COMMON, "due"],
  agent_reply: [...COMMON, "agent_first_name", "reply"],
  waiting_for_reply: [...COMMON, "agent_first_name"],
  solved: [...COMMON, "agent_first_name"],
};

/** Placeholders a body must keep: an agent's reply without {{reply}} would reach the customer empty. */
export const MAIL_TEMPLATE_REQUIRED: Record<MailTemplateKind, readonly string[]> = {
  received: [],
  agent_reply: ["reply"],
  waiting_for_reply: [],
  solved: [],
};

export const ZMailTemplateParams = z.object({ kind: z.enum(MAIL_TEMPLATE_KINDS), language: z.enum(LANGUAGES) });

export const ZMailTemplateInput = z.object({
  // The subject becomes a header: one line.
  subject: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .refine((s) => !/[\r\n]/.test(s), "the subject is one line"),
  body: z
    .string()
    .min(1)
    .max(20_000)
    .refine((s) => s.trim().length > 0, "the body is empty"),
});
export type MailTemplateInput = z.infer<typeof ZMailTemplateInput>;

/** One template as the API presents it: the workspace's text, or the default (is_default). */
export const ZMailTemplate = z.strictObject({
  kind: z.enum(MAIL_TEMPLATE_KINDS),
  language: z.enum(LANGUAGES),
  subject: z.string(),
  body: z.string(),
  is_default: z.boolean(),
  /** The {{placeholders}} this kind may use. */
  placeholders: z.array(z.string()).readonly(),
  updated_at: z.iso.datetime().nullable(),
});
export type MailTemplate = z.infer<typeof ZMailTemplate>;
