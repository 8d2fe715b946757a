import {
  ZPlaybookInput,
  ZPlaybookStepInput,
  ZPlaybookStepParams,
  ZTicketPlaybooksQuery,
} from "../../../shared/answers";
import { ZOk } from "../../../shared/api/common";
import { ZPlaybook, ZPlaybookChecklist, ZPlaybookList, ZTicketPlaybookList } from "../../../shared/api/answers";
import { patchOf, ZIdParam, ZNumberParam } from "../../../shared/schemas";
import { route } from "../../http/route";
import {
  createPlaybook,
  listPlaybooks,
  patchPlaybook,
  removePlaybook,
  ticketPlaybooks,
  tickStep,
} from "./playbooks.service";

// Playbooks for hard moments (playbooks.service.ts): written by supervisors and admins, read by every agent.
export const playbookRoutes = [
  route({
    method: "GET",
    url: "/api/v1/playbooks",
    access: "agent",
    policy: "playbook.read",
    tag: "playbooks",
    summary: "Every playbook, with its translations",
    response: ZPlaybookList,
    handler: async ({ ctx, actor }) => ({ data: await listPlaybooks(ctx, actor) }),
  }),
  route({
    method: "POST",
    url: "/api/v1/playbooks",
    access: "agent",
    policy: "playbook.manage",
    tag: "playbooks",
    summary: "Write a playbook (or a translation of one)",
    body: ZPlaybookInput,
    status: 201,
    response: ZPlaybook,
    handler: async ({ ctx, actor, body }) => createPlaybook(ctx, actor, body),
  }),
  route({
    method: "PATCH",
    url: "/api/v1/playbooks/:id",
    access: "agent",
    policy: "playbook.manage",
    tag: "playbooks",
    summary: "Change a playbook",
    params: ZIdParam,
    body: patchOf(ZPlaybookInput),
    response: ZPlaybook,
    handler: async ({ ctx, actor, params, body }) => patchPlaybook(ctx, actor, params.id, body),
  }),
  route({
    method: "DELETE",
    url: "/api/v1/playbooks/:id",
    access: "agent",
    policy: "playbook.manage",
    tag: "playbooks",
    summary: "Delete a playbook (and its translations)",
    params: ZIdParam,
    response: ZOk,
    handler: async ({ ctx, actor, params }) => {
      await removePlaybook(ctx, actor, params.id);
      return { ok: true as const };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/tickets/:number/playbooks",
    access: "agent",
    policy: "playbook.read",
    tag: "playbooks",
    summary: "The playbooks matching the ticket (tags, stemmed keywords), in `lang`, with their checklist",
    params: ZNumberParam,
    query: ZTicketPlaybooksQuery,
    response: ZTicketPlaybookList,
    handler: async ({ ctx, actor, params, query }) => ({
      data: await ticketPlaybooks(ctx, actor, params.number, query.lang ?? "it"),
    }),
  }),
  route({
    method: "POST",
    url: "/api/v1/tickets/:number/playbooks/:id/steps/:index",
    access: "agent",
    policy: "ticket.update",
    tag: "playbooks",
    summary: "Tick (or, with checked: false, untick) a step; recorded in the ticket's timeline",
    params: ZPlaybookStepParams,
    body: ZPlaybookStepInput,
    response: ZPlaybookChecklist,
    handler: async ({ ctx, actor, params, body, req }) =>
      tickStep(ctx, actor, { ...params, checked: body.checked }, req.id),
  }),
];
