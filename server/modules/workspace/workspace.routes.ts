import { type Workspace, ZWorkspace } from "../../../shared/api/index";
import { ZWorkspaceUpdate } from "../../../shared/schemas";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { workspaceById } from "./workspace.queries";
import { changeWorkspace } from "./workspace.service";

const present = (w: {
  id: number;
  name: string;
  default_language: string;
  timezone: string;
  support_address: string | null;
  portal_reopen_days: number;
  form_frame_origins: string;
  undo_send_seconds: number;
  created_at: number;
}): Workspace => ({
  id: w.id,
  name: w.name,
  default_language: w.default_language as Workspace["default_language"],
  timezone: w.timezone,
  support_address: w.support_address,
  portal_reopen_days: w.portal_reopen_days,
  form_frame_origins: JSON.parse(w.form_frame_origins) as string[],
  undo_send_seconds: w.undo_send_seconds,
  created_at: iso(w.created_at),
});

export const workspaceRoutes = [
  route({
    method: "GET",
    url: "/api/v1/workspace",
    access: "agent",
    policy: "workspace.read",
    tag: "workspace",
    summary: "Workspace settings",
    response: ZWorkspace,
    handler: async ({ ctx, actor }) => present(await workspaceById(ctx, actor.workspaceId)),
  }),
  route({
    method: "PATCH",
    url: "/api/v1/workspace",
    access: "agent",
    policy: "workspace.update",
    tag: "workspace",
    summary: "Change workspace settings",
    body: ZWorkspaceUpdate,
    response: ZWorkspace,
    handler: async ({ ctx, actor, body }) => present(await changeWorkspace(ctx, actor, body)),
  }),
];
