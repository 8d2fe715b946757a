import type { Problem, ProblemDetail } from "../../../shared/api/listening";
import type { CreateProblem, UpdateProblem } from "../../../shared/listening";
import { tx, type Ctx } from "../../context";
import type { Runner } from "../../db/index";
import type { AgentActor } from "../../http/actor";
import { badRequest, notFound } from "../../http/errors";
import { iso, json } from "../../lib/cursor";
import {
  addProblemTickets,
  impactRows,
  type ImpactRow,
  insertProblem,
  insertProblemEvent,
  listProblemRows,
  problemById,
  problemEvents,
  type ProblemRow,
  ticketsByNumbers,
  updateProblemRow,
} from "./problems.queries";

// Problems: one product or service issue behind many tickets, with the customers, organizations and annual
// revenue it touches, a link to the tracker item where product or IT follow it, and a timeline.

/** The reach of a problem, counted in the application from its tickets (distinct customers and organizations). */
export function impactOf(rows: ImpactRow[]) {
  const customers = new Set(rows.map((r) => r.customer_id));
  const organizations = new Map<number, number>();
  for (const r of rows)
    if (r.organization_id !== null) organizations.set(r.organization_id, Number(r.annual_revenue ?? 0));
  return {
    tickets_count: new Set(rows.map((r) => r.ticket_id)).size,
    customers_affected: customers.size,
    organizations_affected: organizations.size,
    revenue_affected: [...organizations.values()].reduce((a, b) => a + b, 0),
  };
}

function present(p: ProblemRow, rows: ImpactRow[]): Problem {
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    status: p.status,
    tracker_url: p.tracker_url,
    tracker_status: p.tracker_status,
    created_by: p.created_by ? { id: p.created_by, name: p.creator_name ?? "" } : null,
    created_at: iso(p.created_at),
    updated_at: iso(p.updated_at),
    notified_at: iso(p.notified_at),
    ...impactOf(rows),
  };
}

export async function listProblems(ctx: Ctx, actor: AgentActor, status?: string): Promise<Problem[]> {
  const problems = await listProblemRows(ctx, actor.workspaceId, status);
  const rows = await impactRows(
    ctx,
    problems.map((p) => p.id),
  );
  return problems.map((p) =>
    present(
      p,
      rows.filter((r) => r.problem_id === p.id),
    ),
  );
}

async function loadProblem(on: Runner, actor: AgentActor, id: number) {
  const p = await problemById(on, actor.workspaceId, id);
  if (!p) throw notFound("problem");
  return p;
}

export async function problemDetail(ctx: Ctx, actor: AgentActor, id: number): Promise<ProblemDetail> {
  const p = await loadProblem(ctx, actor, id);
  const rows = await impactRows(ctx, [id]);
  const events = await problemEvents(ctx, id);
  return {
    ...present(p, rows),
    tickets: rows.map((r) => ({
      number: r.number,
      subject: r.subject,
      status: r.status,
      customer: r.customer_name ?? r.customer_email,
      organization: r.organization_name,
    })),
    timeline: events.map((e) => ({
      type: e.type,
      actor: e.actor_id ? { id: e.actor_id, name: e.actor_name ?? "" } : null,
      data: json<Record<string, unknown>>(e.data, {}),
      at: iso(e.created_at),
    })),
  };
}

/** Adds tickets by number, inside the caller's transaction; unknown numbers are refused, all or nothing. */
async function attach(on: Runner, actor: AgentActor, problemId: number, numbers: number[]) {
  const unique = [...new Set(numbers)];
  const found = await ticketsByNumbers(on, actor.workspaceId, unique);
  if (found.length !== unique.length) {
    const missing = unique.filter((n) => !found.some((t) => t.number === n));
    throw badRequest("unknown_tickets", `no ticket numbered ${missing.join(", ")}`);
  }
  const added = await addProblemTickets(
    on,
    found.map((t) => ({
      problem_id: problemId,
      ticket_id: t.id,
      workspace_id: actor.workspaceId,
      added_by: actor.agentId,
      added_at: Date.now(),
    })),
  );
  const addedNumbers = found.filter((t) => added.includes(t.id)).map((t) => t.number);
  if (addedNumbers.length)
    await insertProblemEvent(on, {
      problem_id: problemId,
      workspace_id: actor.workspaceId,
      type: "tickets_added",
      actor_id: actor.agentId,
      data: { ticket_numbers: addedNumbers },
    });
}

export async function createProblem(ctx: Ctx, actor: AgentActor, input: CreateProblem): Promise<ProblemDetail> {
  const id = await tx(ctx, null, async ({ trx }) => {
    const now = Date.now();
    const id = await insertProblem(trx, {
      workspace_id: actor.workspaceId,
      title: input.title,
      description: input.description,
      tracker_url: input.tracker_url ?? null,
      tracker_status: input.tracker_status ?? null,
      created_by: actor.agentId,
      created_at: now,
      updated_at: now,
      notified_at: null,
    });
    await insertProblemEvent(trx, {
      problem_id: id,
      workspace_id: actor.workspaceId,
      type: "created",
      actor_id: actor.agentId,
      data: { title: input.title },
    });
    if (input.ticket_numbers.length) await attach(trx, actor, id, input.ticket_numbers);
    return id;
  });
  return problemDetail(ctx, actor, id);
}

export async function addTickets(ctx: Ctx, actor: AgentActor, id: number, numbers: number[]): Promise<ProblemDetail> {
  await tx(ctx, null, async ({ trx }) => {
    await loadProblem(trx, actor, id);
    await attach(trx, actor, id, numbers);
    await updateProblemRow(trx, id, { updated_at: Date.now() });
  });
  return problemDetail(ctx, actor, id);
}

/** Edits title, description, status and the tracker link; each change of status or tracker is in the timeline. */
export async function changeProblem(
  ctx: Ctx,
  actor: AgentActor,
  id: number,
  input: UpdateProblem,
): Promise<ProblemDetail> {
  await tx(ctx, null, async ({ trx }) => {
    const p = await loadProblem(trx, actor, id);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of ["title", "status", "tracker_url", "tracker_status"] as const)
      if (input[key] !== undefined && input[key] !== p[key]) changes[key] = { from: p[key], to: input[key] };
    await updateProblemRow(trx, id, { ...input, updated_at: Date.now() });
    if (Object.keys(changes).length)
      await insertProblemEvent(trx, {
        problem_id: id,
        workspace_id: actor.workspaceId,
        type: "changed",
        actor_id: actor.agentId,
        data: changes,
      });
  });
  return problemDetail(ctx, actor, id);
}
