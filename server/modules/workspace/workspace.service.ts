import type { z } from "zod";
import type { ZWorkspaceUpdate } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { badRequest } from "../../http/errors";
import { updateWorkspace } from "./workspace.queries";

export async function changeWorkspace(ctx: Ctx, actor: AgentActor, input: z.output<typeof ZWorkspaceUpdate>) {
  if (input.timezone && !Intl.supportedValuesOf("timeZone").includes(input.timezone) && input.timezone !== "UTC")
    throw badRequest("invalid_timezone", `${input.timezone} is not an IANA time zone`);
  return updateWorkspace(ctx, actor.workspaceId, input);
}
