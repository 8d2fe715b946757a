import { dbOf, type Runner } from "../../db/index";
import type { TicketRow } from "../../db/schema";

// What Next up and automatic assignment read and write. No rules here: who sees what is queue.service.ts's.

export async function agentLanguages(on: Runner, agentId: number): Promise<string[]> {
  const a = await dbOf(on).selectFrom("agents").select("languages").where("id", "=", agentId).executeTakeFirstOrThrow();
  return JSON.parse(a.languages) as string[];
}

export type QueueScope = {
  workspaceId: number;
  teamIds: number[];
  languages: string[];
  /** Only first-line tickets (a first-line agent's queue). */
  firstLineOnly: boolean;
};

/**
 * Open, unassigned tickets of these teams (or of no team) whose customer speaks one of these languages (or did
 * not say): the pinned ones in the order they were placed, then the rest by SLA deadline, creation and id, at
 * most `limit` of each. Both reads at once: on PostgreSQL each is a round trip of its own. Read through the
 * partial index on (workspace, sla_due_at, created_at).
 */
export async function queueCandidates(on: Runner, s: QueueScope, limit: number): Promise<[TicketRow[], TicketRow[]]> {
  const base = () =>
    dbOf(on)
      .selectFrom("tickets")
      .innerJoin("customers", "customers.id", "tickets.requester_id")
      .selectAll("tickets")
      .where("tickets.workspace_id", "=", s.workspaceId)
      .where("tickets.is_open", "=", 1)
      .where("tickets.assignee_id", "is", null)
      .where((eb) =>
        eb.or([
          eb("tickets.team_id", "is", null),
          ...(s.teamIds.length ? [eb("tickets.team_id", "in", s.teamIds)] : []),
        ]),
      )
      .where((eb) =>
        eb.or([
          eb("customers.language", "is", null),
          ...(s.languages.length ? [eb("customers.language", "in", s.languages)] : []),
        ]),
      )
      .$if(s.firstLineOnly, (q) => q.where("tickets.tier", "=", "first_line"));
  return Promise.all([
    base().where("tickets.queue_pinned_at", "is not", null).orderBy("tickets.queue_pinned_at").limit(limit).execute(),
    base()
      .where("tickets.queue_pinned_at", "is", null)
      .orderBy("tickets.sla_due_at")
      .orderBy("tickets.created_at")
      .orderBy("tickets.id")
      .limit(limit)
      .execute(),
  ]);
}

/** What automatic assignment needs of a ticket: where it is, its tier, tags and its customer's language. */
export function ticketToAssign(on: Runner, ticketId: number) {
  return dbOf(on)
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
    .where("tickets.id", "=", ticketId)
    .executeTakeFirst();
}

export function teamAssignment(on: Runner, teamId: number) {
  return dbOf(on)
    .selectFrom("teams")
    .select(["id", "auto_assign", "capacity"])
    .where("id", "=", teamId)
    .executeTakeFirst();
}

/** The team's active, available members, with what assignment weighs. */
export function availableMembers(on: Runner, teamId: number) {
  return dbOf(on)
    .selectFrom("team_members")
    .innerJoin("agents", "agents.id", "team_members.agent_id")
    .select(["agents.id", "agents.tier", "agents.languages", "agents.skills", "team_members.last_assigned_at"])
    .where("team_members.team_id", "=", teamId)
    .where("agents.active", "=", 1)
    .where("agents.available", "=", 1)
    .execute();
}

/** Open tickets per agent, for these agents (agents with none are left out). */
export async function openTicketsOf(on: Runner, agentIds: number[]): Promise<Map<number, number>> {
  const load = await dbOf(on)
    .selectFrom("tickets")
    .select(["assignee_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("assignee_id", "in", agentIds)
    .where("is_open", "=", 1)
    .groupBy("assignee_id")
    .execute();
  return new Map(load.map((l) => [l.assignee_id!, Number(l.n)]));
}

export async function markAssigned(on: Runner, teamId: number, agentId: number, at: number): Promise<void> {
  await dbOf(on)
    .updateTable("team_members")
    .set({ last_assigned_at: at })
    .where("team_id", "=", teamId)
    .where("agent_id", "=", agentId)
    .execute();
}
