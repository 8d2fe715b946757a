import { tx, type Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { badRequest, conflict } from "../../http/errors";
import { activeReasonCodes, findActiveReason, teamOfTier } from "./tiers.queries";
import { addMessageIn, updateTicketIn } from "../tickets/tickets.service";
import { loadTicketForUpdate } from "../tickets/tickets.write";

/**
 * Escalation to a specialist team: needs one of the workspace's reason codes and a note for the specialist
 * (kept as an internal note). The ticket leaves its first-line assignee and waits in the specialist team's
 * queue; the timeline records who escalated, why and from where.
 */
export async function escalate(
  ctx: Ctx,
  actor: AgentActor,
  number: number,
  input: { reason_code: string; note: string; team_id?: number },
  requestId: string | null,
) {
  const reason = await findActiveReason(ctx, actor.workspaceId, input.reason_code);
  if (!reason) {
    const codes = await activeReasonCodes(ctx, actor.workspaceId);
    throw badRequest(
      "invalid_reason_code",
      `escalation needs one of the reason codes: ${codes.join(", ") || "(none defined: an admin adds them)"}`,
    );
  }
  const team = await teamOfTier(ctx, actor.workspaceId, "specialist", input.team_id);
  if (!team)
    throw badRequest(
      "no_specialist_team",
      input.team_id
        ? `team ${input.team_id} is not a specialist team`
        : "no specialist team exists: mark a team as specialist first",
    );
  return tx(ctx, requestId, async (uow) => {
    const t = await loadTicketForUpdate(uow.trx, actor.workspaceId, number, ctx.dialect);
    if (t.tier === "specialist") throw conflict("already_escalated", `ticket #${number} is already with specialists`);
    await addMessageIn(ctx, uow, actor, number, {
      body_text: `[${reason.label}] ${input.note}`,
      internal: true,
      attachment_ids: [],
    });
    return updateTicketIn(ctx, uow, actor, number, {
      tier: "specialist",
      team_id: team.id,
      assignee_id: null,
      extraEvents: [
        [
          "escalated",
          {
            reason_code: reason.code,
            reason: reason.label,
            from_team_id: t.team_id,
            to_team_id: team.id,
            from_assignee_id: t.assignee_id,
          },
        ],
      ],
    });
  });
}

/** Back to the first line (the specialist answered what was needed), with a note. */
export async function deescalate(
  ctx: Ctx,
  actor: AgentActor,
  number: number,
  input: { note: string; team_id?: number },
  requestId: string | null,
) {
  const team = await teamOfTier(ctx, actor.workspaceId, "first_line", input.team_id);
  return tx(ctx, requestId, async (uow) => {
    const t = await loadTicketForUpdate(uow.trx, actor.workspaceId, number, ctx.dialect);
    if (t.tier !== "specialist") throw conflict("not_escalated", `ticket #${number} is already with the first line`);
    await addMessageIn(ctx, uow, actor, number, { body_text: input.note, internal: true, attachment_ids: [] });
    return updateTicketIn(ctx, uow, actor, number, {
      tier: "first_line",
      ...(team ? { team_id: team.id } : {}),
      assignee_id: null,
      extraEvents: [["de_escalated", { from_team_id: t.team_id, to_team_id: team?.id ?? t.team_id }]],
    });
  });
}
