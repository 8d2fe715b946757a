import type { z } from "zod";
import type { ZWorkspaceUpdate } from "../../../shared/schemas";
import { type Ctx, tx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { ApiError, badRequest } from "../../http/errors";
import { knownTimeZone } from "../../lib/time-zones";
import { keepFiles, openStoredFile, stageFile } from "../attachments/attachments.store";
import { LOGO_MAX_BYTES, logoType } from "./workspace.brand";
import { publicBrand, updateWorkspace } from "./workspace.queries";

export async function changeWorkspace(ctx: Ctx, actor: AgentActor, input: z.output<typeof ZWorkspaceUpdate>) {
  if (input.timezone && !knownTimeZone(input.timezone))
    throw badRequest("invalid_timezone", `${input.timezone} is not an IANA time zone`);
  const { form_frame_origins, ...rest } = input;
  return updateWorkspace(ctx, actor.workspaceId, {
    ...rest,
    // Kept as origins alone (no path, no trailing slash), lower-case, once each.
    ...(form_frame_origins
      ? { form_frame_origins: JSON.stringify([...new Set(form_frame_origins.map((o) => new URL(o).origin))]) }
      : {}),
  });
}

/** A new logo: PNG, JPEG or WebP (read from its bytes), up to LOGO_MAX_BYTES, kept in the file store by its hash. */
export async function setLogo(ctx: Ctx, actor: AgentActor, content: Buffer, requestId: string) {
  if (!content.length) throw badRequest("invalid_logo_upload", "send the logo as a `file` in a multipart form");
  if (content.length > LOGO_MAX_BYTES)
    throw new ApiError(413, "logo_too_large", `a logo takes up to ${LOGO_MAX_BYTES / 1024} KB`);
  const type = logoType(content);
  if (!type) throw new ApiError(415, "unsupported_logo_type", "a logo is a PNG, JPEG or WebP image (SVG is refused)");
  const staged = await stageFile(ctx, content);
  return tx(ctx, requestId, async (uow) => {
    await keepFiles(uow.trx, [staged]);
    return updateWorkspace(uow.trx, actor.workspaceId, { logo_sha256: staged.sha256, logo_type: type });
  });
}

/** No logo any more (the file stays in the store: the same bytes may be an attachment too). */
export const removeLogo = (ctx: Ctx, actor: AgentActor) =>
  updateWorkspace(ctx, actor.workspaceId, { logo_sha256: null, logo_type: null });

/** The public workspace's logo for the help centre, or null when it has none. */
export async function publicLogo(ctx: Ctx) {
  const ws = await publicBrand(ctx);
  if (!ws.logo_sha256 || !ws.logo_type) return null;
  const file = await openStoredFile(ctx, ws.logo_sha256);
  return file ? { sha256: ws.logo_sha256, type: ws.logo_type, file } : null;
}
