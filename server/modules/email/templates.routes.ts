import { ZMailTemplate, ZMailTemplateList, ZMailTemplatePreview } from "../../../shared/api/index";
import { ZMailTemplateInput, ZMailTemplateParams } from "../../../shared/templates";
import { route } from "../../http/route";
import { listTemplates, previewTemplate, resetTemplate, saveTemplate } from "./templates.service";

// The emails customers receive (received, agent_reply, waiting_for_reply, solved), in Italian and English.
export const templateRoutes = [
  route({
    method: "GET",
    url: "/api/v1/mail/templates",
    access: "agent",
    policy: "mail_template.manage",
    tag: "email",
    summary: "Notification templates, every kind in both languages, with is_default and the placeholders each may use",
    response: ZMailTemplateList,
    handler: async ({ ctx, actor }) => ({ data: await listTemplates(ctx, actor.workspaceId) }),
  }),
  route({
    method: "PUT",
    url: "/api/v1/mail/templates/:kind/:language",
    access: "agent",
    policy: "mail_template.manage",
    tag: "email",
    summary: "Save a template's subject and body ({{placeholder}}s outside the kind's list are refused)",
    params: ZMailTemplateParams,
    body: ZMailTemplateInput,
    response: ZMailTemplate,
    handler: async ({ ctx, actor, params, body }) =>
      saveTemplate(ctx, actor.workspaceId, actor.agentId, params.kind, params.language, body),
  }),
  route({
    method: "DELETE",
    url: "/api/v1/mail/templates/:kind/:language",
    access: "agent",
    policy: "mail_template.manage",
    tag: "email",
    summary: "Reset a template to the default text",
    params: ZMailTemplateParams,
    response: ZMailTemplate,
    handler: async ({ ctx, actor, params }) => resetTemplate(ctx, actor.workspaceId, params.kind, params.language),
  }),
  route({
    method: "POST",
    url: "/api/v1/mail/templates/:kind/:language/preview",
    access: "agent",
    policy: "mail_template.manage",
    tag: "email",
    summary: "Render a subject and body with a sample request, without saving",
    params: ZMailTemplateParams,
    body: ZMailTemplateInput,
    response: ZMailTemplatePreview,
    handler: async ({ ctx, actor, params, body }) =>
      previewTemplate(ctx, actor.workspaceId, params.kind, params.language, body),
  }),
];
