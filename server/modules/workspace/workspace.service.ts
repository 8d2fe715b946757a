import type { z } from "zod";
import type { ZWorkspaceUpdate } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { badRequest } from "../../http/errors";
import { knownTimeZone } from "../../lib/time-zones";
import { updateWorkspace } from "./workspace.queries";

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
