import type { Ctx } from "../../context";
import type { OutboxEvent } from "../../events/events";
import { ApiError } from "../../http/errors";
import { updateTicket } from "../tickets/tickets.service";
import { fitsTier } from "../sla/eligibility";
import { availableMembers, markAssigned, openTicketsOf, teamAssignment, ticketToAssign } from "./queue.queries";

/**
 * Automatic assignment, per team when the team has it on: round-robin among the team's available agents who
 * have room (fewer open tickets than the team's capacity), speak the customer's language, cover the ticket's
 * product-area tags and match its tier. The agent who got a ticket longest ago is next. Nobody eligible: the
 * ticket waits in Next up. Runs after commit, from the outbox, when a ticket arrives in a team unassigned.
 */
export async function autoAssign(ctx: Ctx, event: OutboxEvent): Promise<void> {
  if (event.event === "ticket.updated") {
    const changes = (event as OutboxEvent<"ticket.updated">).payload.changes;
    const arrived = changes.team_id || changes.tier || (changes.assignee_id && changes.assignee_id.to === null);
    if (!arrived) return;
  } else if (event.event !== "ticket.created") return;
  const { ticket_id } = event.payload as { ticket_id: number };
  const t = await ticketToAssign(ctx, ticket_id);
  if (!t || !t.team_id || t.assignee_id !== null || t.is_open !== 1) return;
  const team = await teamAssignment(ctx, t.team_id);
  if (!team || team.auto_assign !== 1) return;
  const agent = await pickAgent(ctx, team, {
    tier: t.tier,
    language: t.language,
    tags: JSON.parse(t.tags) as string[],
  });
  if (!agent) return;
  try {
    await updateTicket(
      ctx,
      { kind: "system", workspaceId: event.workspace_id },
      t.number,
      {
        assignee_id: agent.id,
        expect_unassigned: true,
        extraEvents: [
          [
            "auto_assigned",
            {
              agent_id: agent.id,
              team_id: team.id,
              rule: "round_robin",
              open_tickets: agent.open,
              capacity: team.capacity,
            },
          ],
        ],
      },
      event.request_id ?? null,
    );
  } catch (err) {
    if (err instanceof ApiError && err.code === "already_assigned") return; // a person was faster
    throw err;
  }
  await markAssigned(ctx, team.id, agent.id, Date.now());
}

export async function pickAgent(
  ctx: Ctx,
  team: { id: number; capacity: number },
  ticket: { tier: string; language: string | null; tags: string[] },
) {
  const members = await availableMembers(ctx, team.id);
  if (!members.length) return null;
  const skills = new Map(members.map((m) => [m.id, JSON.parse(m.skills) as string[]]));
  // Only tags that are someone's skill are product areas; other tags (e.g. "vip") do not restrict.
  const areas = new Set([...skills.values()].flat());
  const needed = ticket.tags.filter((tag) => areas.has(tag));
  const eligible = members.filter(
    (m) =>
      fitsTier(ticket.tier, m.tier) &&
      (!ticket.language || (JSON.parse(m.languages) as string[]).includes(ticket.language)) &&
      needed.every((tag) => skills.get(m.id)!.includes(tag)),
  );
  if (!eligible.length) return null;
  const open = await openTicketsOf(
    ctx,
    eligible.map((m) => m.id),
  );
  const roomy = eligible.filter((m) => (open.get(m.id) ?? 0) < team.capacity);
  roomy.sort((a, b) => (a.last_assigned_at ?? 0) - (b.last_assigned_at ?? 0) || a.id - b.id);
  const pick = roomy[0];
  return pick ? { id: pick.id, open: open.get(pick.id) ?? 0 } : null;
}
