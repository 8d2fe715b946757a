import type { Ctx } from "../../context";
import { badRequest, conflict, notFound } from "../../http/errors";
import { insertReason, listReasons, updateReason } from "./tiers.queries";

// The reason codes an escalation must carry: admins add, rename and retire them.

export const reasonsOf = (ctx: Ctx, workspaceId: number) => listReasons(ctx, workspaceId);

export async function addReason(ctx: Ctx, workspaceId: number, body: { code: string; label: string; active: boolean }) {
  const row = await insertReason(ctx, {
    workspace_id: workspaceId,
    code: body.code,
    label: body.label,
    active: body.active ? 1 : 0,
    created_at: Date.now(),
  });
  if (!row) throw conflict("code_taken", `the reason code ${body.code} exists`, { field: "code" });
  return row;
}

export async function changeReason(
  ctx: Ctx,
  workspaceId: number,
  id: number,
  body: { label?: string; active?: boolean },
) {
  if (body.label === undefined && body.active === undefined)
    throw badRequest("nothing_to_change", "send a label or active");
  const row = await updateReason(ctx, workspaceId, id, {
    ...(body.label ? { label: body.label } : {}),
    ...(body.active === undefined ? {} : { active: body.active ? 1 : 0 }),
  });
  if (!row) throw notFound("escalation reason");
  return row;
}
