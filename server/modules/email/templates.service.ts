import type { MailTemplatePreview } from "../../../shared/api/email";
import { LANGUAGES } from "../../../shared/enums";
import {
  MAIL_TEMPLATE_KINDS,
  MAIL_TEMPLATE_PLACEHOLDERS,
  type MailTemplate,
  type MailTemplateInput,
  type MailTemplateKind,
} from "../../../shared/templates";
import type { Ctx } from "../../context";
import { iso } from "../../lib/cursor";
import { createPortalLink } from "../portal-links/portal-links";
import {
  checkTemplate,
  DEFAULT_TEMPLATES,
  firstName,
  type Lang,
  languageFor,
  renderHtml,
  renderSubject,
  renderText,
  sampleValues,
  type TemplateValues,
  uses,
} from "./templates";
import {
  agentName,
  deleteTemplate,
  firstMailbox,
  storedTemplate,
  storedTemplates,
  type TicketForMail,
  upsertTemplate,
  workspaceNameAndZone,
} from "./templates.queries";

// Use cases of notification templates: list, save, reset and preview them, and render an email about a ticket.

const present = (
  kind: MailTemplateKind,
  language: Lang,
  stored: { subject: string; body: string; updated_at: number } | undefined,
): MailTemplate => ({
  kind,
  language,
  subject: stored?.subject ?? DEFAULT_TEMPLATES[language][kind].subject,
  body: stored?.body ?? DEFAULT_TEMPLATES[language][kind].body,
  is_default: !stored,
  placeholders: MAIL_TEMPLATE_PLACEHOLDERS[kind],
  updated_at: iso(stored?.updated_at),
});

/** Every kind in both languages: the workspace's edited text, else the default. */
export async function listTemplates(ctx: Ctx, workspaceId: number): Promise<MailTemplate[]> {
  const stored = await storedTemplates(ctx, workspaceId);
  return MAIL_TEMPLATE_KINDS.flatMap((kind) =>
    LANGUAGES.map((language) =>
      present(
        kind,
        language,
        stored.find((s) => s.kind === kind && s.language === language),
      ),
    ),
  );
}

export async function effectiveTemplate(
  ctx: Ctx,
  workspaceId: number,
  kind: MailTemplateKind,
  language: Lang,
): Promise<MailTemplateInput> {
  return (await storedTemplate(ctx, workspaceId, kind, language)) ?? DEFAULT_TEMPLATES[language][kind];
}

export async function saveTemplate(
  ctx: Ctx,
  workspaceId: number,
  agentId: number,
  kind: MailTemplateKind,
  language: Lang,
  input: MailTemplateInput,
): Promise<MailTemplate> {
  checkTemplate(kind, input);
  await upsertTemplate(ctx, {
    workspace_id: workspaceId,
    kind,
    language,
    subject: input.subject,
    body: input.body,
    updated_by: agentId,
    updated_at: Date.now(),
  });
  return present(kind, language, await storedTemplate(ctx, workspaceId, kind, language));
}

export async function resetTemplate(
  ctx: Ctx,
  workspaceId: number,
  kind: MailTemplateKind,
  language: Lang,
): Promise<MailTemplate> {
  await deleteTemplate(ctx, workspaceId, kind, language);
  return present(kind, language, undefined);
}

/** A template rendered with a sample request, without saving it. */
export async function previewTemplate(
  ctx: Ctx,
  workspaceId: number,
  kind: MailTemplateKind,
  language: Lang,
  input: MailTemplateInput,
): Promise<MailTemplatePreview> {
  checkTemplate(kind, input);
  const ws = await workspaceNameAndZone(ctx, workspaceId);
  const team = (await firstMailbox(ctx, workspaceId))?.display_name ?? ws.name;
  const values = sampleValues(language, team, ctx.config.publicUrl, ws.timezone);
  return { subject: renderSubject(input.subject, values), body: renderText(input.body, values) };
}

/**
 * An email about a ticket from the workspace's template, in the customer's language: subject (one line), text,
 * and HTML when `html` gives the HTML of a value (an agent's reply written in HTML).
 */
export async function composeTicketMail(
  ctx: Ctx,
  m: {
    kind: MailTemplateKind;
    ticket: TicketForMail;
    mailbox: { display_name: string | null };
    values?: TemplateValues;
    html?: TemplateValues;
  },
) {
  const { ticket } = m;
  const language = languageFor(ticket.language, ticket.default_language);
  const template = await effectiveTemplate(ctx, ticket.workspace_id, m.kind, language);
  const team = m.mailbox.display_name ?? ticket.workspace;
  const values: TemplateValues = {
    customer_name: ticket.name ?? ticket.email,
    ticket_number: String(ticket.number),
    subject: ticket.subject,
    team,
    ...m.values,
  };
  if (values.agent_first_name === undefined && uses(template, "agent_first_name"))
    values.agent_first_name = firstName(await agentName(ctx, ticket.assignee_id)) || team;
  if (uses(template, "portal_link")) {
    values.portal_link = await createPortalLink(ctx, {
      workspaceId: ticket.workspace_id,
      customerId: ticket.requester_id,
      ticketNumber: ticket.number,
      singleUse: false,
    });
  }
  return {
    language,
    subject: renderSubject(template.subject, values),
    text: renderText(template.body, values),
    html: m.html ? renderHtml(template.body, values, m.html) : null,
  };
}
