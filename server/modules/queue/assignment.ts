import type { Ctx } from "../../context";
import type { OutboxEvent } from "../../events/events";
import { ApiError } from "../../http/errors";
import { updateTicket } from "../tickets/tickets.service";
import { fitsTier } from "../sla/eligibility";

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
  const t = await ctx.db
    .selectFrom("tickets")
    .innerJoin("customers", "customers.id", "tickets.requester_id")
    .select([
      "tickets.number",
      "tickets.team_id",
      "tickets.assignee_id",
      "tickets.is_open",
      "tickets.tier",
      "tickets.tags",
      "customers.language",
    ])
    .where("tickets.id", "=", ticket_id)
    .executeTakeFirst();
  if (!t || !t.team_id || t.assignee_id !== null || t.is_open !== 1) return;
  const team = await ctx.db
    .selectFrom("teams")
    .select(["id", "auto_assign", "capacity"])
    .where("id", "=", t.team_id)
    .executeTakeFirst();
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
  await ctx.db
    .updateTable("team_members")
    .set({ last_assigned_at: Date.now() })
    .where("team_id", "=", team.id)
    .where("agent_id", "=", agent.id)
    .execute();
}

export async function pickAgent(
  ctx: Ctx,
  team: { id: number; capacity: number },
  ticket: { tier: string; language: string | null; tags: string[] },
) {
  const members = await ctx.db
    .selectFrom("team_members")
    .innerJoin("agents", "agents.id", "team_members.agent_id")
    .select(["agents.id", "agents.tier", "agents.languages", "agents.skills", "team_members.last_assigned_at"])
    .where("team_members.team_id", "=", team.id)
    .where("agents.active", "=", 1)
    .where("agents.available", "=", 1)
    .execute();
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
  const load = await ctx.db
    .selectFrom("tickets")
    .select(["assignee_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where(
      "assignee_id",
      "in",
      eligible.map((m) => m.id),
    )
    .where("is_open", "=", 1)
    .groupBy("assignee_id")
    .execute();
  const open = new Map(load.map((l) => [l.assignee_id!, Number(l.n)]));
  const roomy = eligible.filter((m) => (open.get(m.id) ?? 0) < team.capacity);
  roomy.sort((a, b) => (a.last_assigned_at ?? 0) - (b.last_assigned_at ?? 0) || a.id - b.id);
  const pick = roomy[0];
  return pick ? { id: pick.id, open: open.get(pick.id) ?? 0 } : null;
}
