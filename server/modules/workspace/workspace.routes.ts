import type { FastifyRequest } from "fastify";
import { type Workspace, ZWorkspace } from "../../../shared/api/index";
import { ZWorkspaceUpdate } from "../../../shared/schemas";
import { badRequest } from "../../http/errors";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { logoUrl } from "./workspace.brand";
import { workspaceById } from "./workspace.queries";
import { changeWorkspace, removeLogo, setLogo } from "./workspace.service";

const present = (w: {
  id: number;
  name: string;
  default_language: string;
  timezone: string;
  support_address: string | null;
  portal_reopen_days: number;
  form_frame_origins: string;
  undo_send_seconds: number;
  brand_color: string | null;
  logo_sha256: string | null;
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
  brand_color: w.brand_color,
  logo_url: logoUrl(w.logo_sha256),
  created_at: iso(w.created_at),
});

/** The logo's bytes: the `file` of a multipart form, or the request's body itself when it is not a form. */
async function logoUpload(req: FastifyRequest): Promise<Buffer> {
  const type = req.headers["content-type"] ?? "";
  if (!Buffer.isBuffer(req.body))
    throw badRequest("invalid_logo_upload", "send the logo as a `file` in a multipart form");
  if (!type.toLowerCase().startsWith("multipart/form-data")) return req.body;
  let file: FormDataEntryValue | null;
  try {
    file = (await new Response(new Uint8Array(req.body), { headers: { "content-type": type } }).formData()).get("file");
  } catch {
    throw badRequest("invalid_logo_upload", "the multipart body could not be read");
  }
  if (!file || typeof file === "string") throw badRequest("invalid_logo_upload", "a `file` is needed");
  return Buffer.from(await file.arrayBuffer());
}

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
  route({
    method: "PUT",
    url: "/api/v1/workspace/logo",
    access: "agent",
    policy: "workspace.update",
    tag: "workspace",
    summary:
      "Set the help centre's logo: multipart/form-data with a `file` (or the image as the raw body), PNG, JPEG or WebP up to 512 KB (read from its bytes; SVG is refused: 415 unsupported_logo_type; larger: 413 logo_too_large)",
    response: ZWorkspace,
    handler: async ({ ctx, actor, req }) => present(await setLogo(ctx, actor, await logoUpload(req), req.id)),
  }),
  route({
    method: "DELETE",
    url: "/api/v1/workspace/logo",
    access: "agent",
    policy: "workspace.update",
    tag: "workspace",
    summary: "Remove the help centre's logo",
    response: ZWorkspace,
    handler: async ({ ctx, actor }) => present(await removeLogo(ctx, actor)),
  }),
];
