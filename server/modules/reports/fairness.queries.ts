import { dbOf, type Runner } from "../../db/index";

/** Override events: every change that treats a ticket better or worse than its policy says. */
export const OVERRIDE_EVENTS = ["priority_changed", "sla_override", "queue_placement", "assignment_override"] as const;

export function ticketsCreatedIn(on: Runner, workspaceId: number, from: number, to: number) {
  const db = dbOf(on);
  return db
    .selectFrom("tickets")
    .innerJoin("customers", "customers.id", "tickets.requester_id")
    .leftJoin("organizations", "organizations.id", "customers.organization_id")
    .leftJoin("agents as owners", "owners.id", "organizations.account_owner_id")
    .select([
      "tickets.id",
      "tickets.created_at",
      "tickets.first_response_at",
      "tickets.solved_at",
      "tickets.tier",
      "customers.id as customer_id",
      "customers.name as customer_name",
      "customers.email as customer_email",
      "organizations.id as organization_id",
      "organizations.name as organization_name",
      "organizations.plan_name",
      "owners.name as owner_name",
    ])
    .where("tickets.workspace_id", "=", workspaceId)
    .where("tickets.created_at", ">=", from)
    .where("tickets.created_at", "<", to)
    .where("tickets.merged_into_id", "is", null)
    .execute();
}

/** The finished SLA targets of those tickets: met in time or breached. */
export function clockResultsFor(on: Runner, workspaceId: number, from: number, to: number) {
  const db = dbOf(on);
  return db
    .selectFrom("sla_clocks")
    .innerJoin("tickets", "tickets.id", "sla_clocks.ticket_id")
    .select(["sla_clocks.ticket_id", "sla_clocks.met_at", "sla_clocks.breached_at"])
    .where("tickets.workspace_id", "=", workspaceId)
    .where("tickets.created_at", ">=", from)
    .where("tickets.created_at", "<", to)
    .where((eb) => eb.or([eb("sla_clocks.met_at", "is not", null), eb("sla_clocks.breached_at", "is not", null)]))
    .execute();
}

export function overridesIn(on: Runner, workspaceId: number, from: number, to: number) {
  const db = dbOf(on);
  return db
    .selectFrom("ticket_events")
    .leftJoin("agents", "agents.id", "ticket_events.actor_id")
    .select(["ticket_events.type", "ticket_events.data", "ticket_events.actor_type", "agents.name as actor_name"])
    .where("ticket_events.workspace_id", "=", workspaceId)
    .where("ticket_events.created_at", ">=", from)
    .where("ticket_events.created_at", "<", to)
    .where("ticket_events.type", "in", [...OVERRIDE_EVENTS])
    .execute();
}

export function escalationsIn(on: Runner, workspaceId: number, from: number, to: number) {
  const db = dbOf(on);
  return db
    .selectFrom("ticket_events")
    .select(["ticket_events.ticket_id", "ticket_events.data"])
    .where("ticket_events.workspace_id", "=", workspaceId)
    .where("ticket_events.created_at", ">=", from)
    .where("ticket_events.created_at", "<", to)
    .where("ticket_events.type", "=", "escalated")
    .execute();
}

/** Tickets solved in the period that were escalated at any time (for the first-line resolution rate). */
export async function solvedIn(on: Runner, workspaceId: number, from: number, to: number) {
  const db = dbOf(on);
  const solved = await db
    .selectFrom("tickets")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("solved_at", ">=", from)
    .where("solved_at", "<", to)
    .where("merged_into_id", "is", null)
    .execute();
  const escalated = solved.length
    ? await db
        .selectFrom("ticket_events")
        .select("ticket_id")
        .distinct()
        .where("type", "=", "escalated")
        .where(
          "ticket_id",
          "in",
          solved.map((s) => s.id),
        )
        .execute()
    : [];
  return { solved: solved.length, escalated: escalated.length };
}
