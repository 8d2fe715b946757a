import type { Ctx } from "../../context";
import type { DbOrTrx, Runner } from "../../db/index";
import type { TicketRow } from "../../db/schema";
import { badRequest, notFound } from "../../http/errors";
import type { BusinessCalendar } from "../calendars/business-time";
import { calendarExists, calendarHours, findDefaultCalendar } from "../calendars/calendars.queries";
import { ensureDefaultCalendar } from "../calendars/calendars.service";
import {
  findCatchAllPolicy,
  insertPolicy,
  listPolicies,
  planOfCustomer,
  type Policy,
  policyExists,
  updatePolicy,
} from "./sla.queries";

// Which policy a ticket gets, and the policies' own edits. Policies apply to tickets created after a change
// (another node may use the previous version for a few seconds).

/**
 * Every ticket carries a promise: a workspace always has a catch-all policy (any plan, priority and channel), by
 * default 4 business hours to answer and 3 business days to solve.
 */
export async function ensureDefaultPolicy(db: Runner, workspaceId: number): Promise<void> {
  if (await findCatchAllPolicy(db, workspaceId)) return;
  await ensureDefaultCalendar(db, workspaceId);
  const cal = await findDefaultCalendar(db, workspaceId);
  if (!cal) throw new Error(`workspace ${workspaceId} has no default calendar`);
  await insertPolicy(db, {
    workspace_id: workspaceId,
    name: "Standard",
    plan_name: null,
    priority: null,
    calendar_id: cal.id,
    first_response_minutes: 240,
    next_response_minutes: 480,
    resolution_minutes: 3 * 480,
    pause_on_hold: 0,
    position: 1000,
    created_at: Date.now(),
  });
}

// Policies and calendars change rarely and are read on every ticket change: a few seconds of caching per
// process takes them off the hot path (another node sees an edit within CACHE_MS). The cache belongs to a
// scope (the runtime's context), never to the module: two databases in one process must not share it.
const CACHE_MS = 5_000;
type Caches = {
  policies: Map<number, { at: number; policies: Policy[] }>;
  calendars: Map<number, { at: number; cal: BusinessCalendar }>;
};
const scopes = new WeakMap<object, Caches>();
const cachesOf = (scope: object) => {
  let c = scopes.get(scope);
  if (!c) scopes.set(scope, (c = { policies: new Map(), calendars: new Map() }));
  return c;
};

export async function calendarOf(db: DbOrTrx, id: number, scope: object = {}): Promise<BusinessCalendar> {
  const calendarCache = cachesOf(scope).calendars;
  const hit = calendarCache.get(id);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.cal;
  const r = await calendarHours(db, id);
  // A new object on every reload: business-time caches per-day results per calendar object.
  const cal: BusinessCalendar = {
    timezone: r.timezone,
    weekly: JSON.parse(r.weekly),
    country: r.country as "IT" | null,
    closures: JSON.parse(r.closures),
  };
  calendarCache.set(id, {
    at: Date.now(),
    cal: hit && JSON.stringify(hit.cal) === JSON.stringify(cal) ? hit.cal : cal,
  });
  return calendarCache.get(id)!.cal;
}

async function policiesOf(db: DbOrTrx, workspaceId: number, scope: object) {
  const policyCache = cachesOf(scope).policies;
  const hit = policyCache.get(workspaceId);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.policies;
  await ensureDefaultPolicy(db, workspaceId);
  const policies = await listPolicies(db, workspaceId);
  policyCache.set(workspaceId, { at: Date.now(), policies });
  return policies;
}

/** After an edit through this process's API, its next ticket sees the change at once (other nodes within CACHE_MS). */
export function forgetPolicies(scope: object, workspaceId: number): void {
  cachesOf(scope).policies.delete(workspaceId);
}

/** The policy for a ticket: the first (by position) whose plan, priority and channel match; the customer's plan comes from their organization. */
export async function policyFor(db: DbOrTrx, ticket: TicketRow, scope: object) {
  const policies = await policiesOf(db, ticket.workspace_id, scope);
  const needsPlan = policies.some((p) => p.plan_name !== null);
  const plan = needsPlan ? await planOfCustomer(db, ticket.requester_id) : undefined;
  return policies.find(
    (p) =>
      (p.plan_name === null || p.plan_name === plan?.plan_name) &&
      (p.priority === null || p.priority === ticket.priority) &&
      (p.channel === null || p.channel === ticket.channel),
  )!;
}

export type PolicyInput = {
  name: string;
  plan_name: string | null;
  priority: Policy["priority"];
  channel: Policy["channel"];
  calendar_id: number;
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  pause_on_hold: boolean;
  warn_percent: number;
  position: number;
};

async function checkCalendar(db: Runner, workspaceId: number, id: number) {
  if (!(await calendarExists(db, workspaceId, id)))
    throw badRequest("invalid_calendar", `calendar ${id} does not exist`);
}

export async function policiesFor(ctx: Ctx, workspaceId: number): Promise<Policy[]> {
  await ensureDefaultPolicy(ctx, workspaceId);
  return listPolicies(ctx, workspaceId);
}

export async function createPolicy(ctx: Ctx, workspaceId: number, body: PolicyInput): Promise<Policy> {
  await checkCalendar(ctx, workspaceId, body.calendar_id);
  await ensureDefaultPolicy(ctx, workspaceId);
  const row = await insertPolicy(ctx, {
    workspace_id: workspaceId,
    ...body,
    pause_on_hold: body.pause_on_hold ? 1 : 0,
    created_at: Date.now(),
  });
  forgetPolicies(ctx, workspaceId);
  return row;
}

export async function changePolicy(
  ctx: Ctx,
  workspaceId: number,
  id: number,
  body: Partial<PolicyInput>,
): Promise<Policy> {
  if (!(await policyExists(ctx, workspaceId, id))) throw notFound("policy");
  if (Object.keys(body).length === 0) throw badRequest("nothing_to_change", "send at least one field to change");
  if (body.calendar_id) await checkCalendar(ctx, workspaceId, body.calendar_id);
  const { pause_on_hold, ...rest } = body;
  const row = await updatePolicy(ctx, id, {
    ...rest,
    ...(pause_on_hold !== undefined ? { pause_on_hold: pause_on_hold ? 1 : 0 } : {}),
  });
  forgetPolicies(ctx, workspaceId);
  return row;
}
