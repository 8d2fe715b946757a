import { ZMacroInput, ZMacroListQuery, ZMacroRender } from "../../../shared/answers";
import { ZOk } from "../../../shared/api/common";
import { ZMacro, ZMacroList, ZRenderedMacro } from "../../../shared/api/answers";
import { patchOf, ZIdParam } from "../../../shared/schemas";
import { route } from "../../http/route";
import { createMacro, listMacros, patchMacro, removeMacro, renderForTicket } from "./macros.service";

// Canned replies (macros.service.ts): personal ones are their owner's, shared ones everyone's.
export const macroRoutes = [
  route({
    method: "GET",
    url: "/api/v1/macros",
    access: "agent",
    policy: "macro.use",
    tag: "macros",
    summary: "The shared macros and your own (q: a shortcut or name contains it)",
    query: ZMacroListQuery,
    response: ZMacroList,
    handler: async ({ ctx, actor, query }) => ({ data: await listMacros(ctx, actor, query.q) }),
  }),
  route({
    method: "POST",
    url: "/api/v1/macros",
    access: "agent",
    policy: "macro.use",
    tag: "macros",
    summary: "Write a macro (shared ones by supervisors and admins); unknown placeholders are refused",
    body: ZMacroInput,
    status: 201,
    response: ZMacro,
    handler: async ({ ctx, actor, body }) => createMacro(ctx, actor, body),
  }),
  route({
    method: "PATCH",
    url: "/api/v1/macros/:id",
    access: "agent",
    policy: "macro.use",
    tag: "macros",
    summary: "Change a macro",
    params: ZIdParam,
    body: patchOf(ZMacroInput),
    response: ZMacro,
    handler: async ({ ctx, actor, params, body }) => patchMacro(ctx, actor, params.id, body),
  }),
  route({
    method: "DELETE",
    url: "/api/v1/macros/:id",
    access: "agent",
    policy: "macro.use",
    tag: "macros",
    summary: "Delete a macro (and its translations)",
    params: ZIdParam,
    response: ZOk,
    handler: async ({ ctx, actor, params }) => {
      await removeMacro(ctx, actor, params.id);
      return { ok: true as const };
    },
  }),
  route({
    method: "POST",
    url: "/api/v1/macros/:id/render",
    access: "agent",
    policy: "macro.use",
    tag: "macros",
    summary: "The macro filled in for a ticket, in its customer's language; `use: true` counts a use",
    params: ZIdParam,
    body: ZMacroRender,
    response: ZRenderedMacro,
    handler: async ({ ctx, actor, params, body }) => renderForTicket(ctx, actor, params.id, body),
  }),
];
