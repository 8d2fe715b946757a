import type { TicketPriority, TicketStatus } from "../../shared/enums";
import { writeOwnerWords } from "../modules/customers/customers.queries";
import { customerWords, organizationWords } from "../modules/customers/directory-words";
import type { Ctx } from "../context";
import type { Db } from "./index";
import type { AgentActor } from "../http/actor";
import { hashPassword } from "../modules/auth/auth.service";
import { ensureDefaultCalendar } from "../modules/calendars/calendars.service";
import { createTicketNumbers } from "../modules/tickets/tickets.queries";
import { addMessage, createTicket, updateTicket } from "../modules/tickets/tickets.service";

// Small builders used by the tests and by the demo workspace alike, so the demo never rots (server/db/seed.ts).
// They live here, not in server/test, because production code (the seed, the first start, the CLI) calls them.

export async function buildWorkspace(
  db: Db,
  attrs: { name?: string; default_language?: "it" | "en"; support_address?: string } = {},
) {
  const ws = await db
    .insertInto("workspaces")
    .values({
      name: attrs.name ?? "Sportello",
      default_language: attrs.default_language ?? "it",
      timezone: "Europe/Rome",
      support_address: attrs.support_address ?? null,
      next_ticket_number: 1,
      created_at: Date.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await createTicketNumbers(db, ws.id);
  await ensureDefaultCalendar(db, ws.id);
  return ws;
}

let seq = 0;
export async function buildAgent(
  db: Db,
  workspaceId: number,
  attrs: {
    name?: string;
    email?: string;
    role?: "admin" | "supervisor" | "agent";
    tier?: "first_line" | "specialist";
    password?: string;
    languages?: string[];
    skills?: string[];
    available?: boolean;
  } = {},
) {
  const n = ++seq;
  const now = Date.now();
  const row = await db
    .insertInto("agents")
    .values({
      workspace_id: workspaceId,
      name: attrs.name ?? `Agent ${n}`,
      email: (attrs.email ?? `agent${n}.${now}@example.test`).toLowerCase(),
      password_hash: attrs.password ? await hashPassword(attrs.password) : null,
      role: attrs.role ?? "agent",
      tier: attrs.tier ?? "first_line",
      languages: JSON.stringify(attrs.languages ?? ["it", "en"]),
      skills: JSON.stringify(attrs.skills ?? []),
      available: attrs.available === false ? 0 : 1,
      active: 1,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const actor: AgentActor = {
    kind: "agent",
    workspaceId,
    agentId: row.id,
    name: row.name,
    role: row.role,
    tier: row.tier,
    via: "cli",
  };
  return { ...row, actor };
}

export async function buildTeam(
  db: Db,
  workspaceId: number,
  name: string,
  memberIds: number[] = [],
  attrs: { tier?: "first_line" | "specialist"; auto_assign?: boolean; capacity?: number } = {},
) {
  const team = await db
    .insertInto("teams")
    .values({
      workspace_id: workspaceId,
      name,
      tier: attrs.tier ?? "first_line",
      auto_assign: attrs.auto_assign ? 1 : 0,
      capacity: attrs.capacity ?? 10,
      created_at: Date.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (memberIds.length)
    await db
      .insertInto("team_members")
      .values(memberIds.map((agent_id) => ({ team_id: team.id, agent_id, workspace_id: workspaceId })))
      .execute();
  return team;
}

export async function buildOrganization(
  db: Db,
  workspaceId: number,
  attrs: { name: string; plan_name?: string; plan_tier?: number; annual_revenue?: number; account_owner_id?: number },
) {
  const now = Date.now();
  const org = await db
    .insertInto("organizations")
    .values({
      workspace_id: workspaceId,
      name: attrs.name,
      plan_name: attrs.plan_name ?? null,
      plan_tier: attrs.plan_tier ?? null,
      annual_revenue: attrs.annual_revenue ?? null,
      account_owner_id: attrs.account_owner_id ?? null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeOwnerWords(db, workspaceId, "organization", org.id, organizationWords(org), true);
  return org;
}

export async function buildCustomer(
  db: Db,
  workspaceId: number,
  attrs: { email?: string; name?: string; phone?: string; language?: "it" | "en"; organization_id?: number } = {},
) {
  const now = Date.now();
  const customer = await db
    .insertInto("customers")
    .values({
      workspace_id: workspaceId,
      email: (attrs.email ?? `customer${++seq}.${now}@example.test`).toLowerCase(),
      name: attrs.name ?? null,
      phone: attrs.phone ?? null,
      language: attrs.language ?? null,
      organization_id: attrs.organization_id ?? null,
      external_id: null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeOwnerWords(db, workspaceId, "customer", customer.id, customerWords(customer), true);
  return customer;
}

/** A ticket through the real use cases, then moved to the requested status with an agent reply when it needs one. */
export async function buildTicket(
  ctx: Ctx,
  actor: AgentActor,
  attrs: {
    subject?: string;
    body?: string;
    requester?: { email: string; name?: string };
    status?: TicketStatus;
    priority?: TicketPriority;
    tags?: string[];
    assignee_id?: number;
    team_id?: number;
    reply?: string;
    note?: string;
  } = {},
) {
  const ticket = await createTicket(ctx, actor, {
    subject: attrs.subject ?? "Ordine non ricevuto",
    body_text: attrs.body ?? "Buongiorno, il mio ordine non è ancora arrivato. Potete verificare?",
    requester: attrs.requester ?? { email: `customer${++seq}.${Date.now()}@example.test` },
    priority: attrs.priority ?? "normal",
    channel: "api",
    tags: attrs.tags ?? [],
    assignee_id: attrs.assignee_id ?? null,
    team_id: attrs.team_id ?? null,
  });
  if (attrs.note)
    await addMessage(ctx, actor, ticket.number, { body_text: attrs.note, internal: true, attachment_ids: [] });
  if (attrs.reply)
    await addMessage(ctx, actor, ticket.number, { body_text: attrs.reply, internal: false, attachment_ids: [] });
  if (attrs.status && attrs.status !== "new") {
    return updateTicket(ctx, actor, ticket.number, { status: attrs.status });
  }
  return ticket;
}
