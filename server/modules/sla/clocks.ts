import type { Db, DbOrTrx } from "../../db/index";
import type { SlaClockTable, SlaPolicyTable, SlaTarget, TicketRow } from "../../db/schema";
import { insertQuery } from "../../db/statements";
import type { Selectable } from "kysely";
import { iso } from "../../lib/cursor";
import { addBusinessMinutes, type BusinessCalendar, businessMinutesBetween } from "../calendars/business-time";
import { ensureDefaultCalendar } from "../calendars/calendars.routes";

type Clock = Selectable<SlaClockTable>;

/**
 * Every ticket carries a promise: a workspace always has a catch-all policy (any plan, priority and channel), by
 * default 4 business hours to answer and 3 business days to solve.
 */
export async function ensureDefaultPolicy(db: DbOrTrx, workspaceId: number): Promise<void> {
  const has = await db
    .selectFrom("sla_policies")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("plan_name", "is", null)
    .where("priority", "is", null)
    .where("channel", "is", null)
    .executeTakeFirst();
  if (has) return;
  await ensureDefaultCalendar(db as never, workspaceId);
  const cal = await db
    .selectFrom("calendars")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("is_default", "=", 1)
    .executeTakeFirstOrThrow();
  await db
    .insertInto("sla_policies")
    .values({
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
    })
    .execute();
}

// Policies and calendars change rarely and are read on every ticket change: a few seconds of caching per
// process takes them off the hot path (another node sees an edit within CACHE_MS). The cache belongs to a
// scope (the runtime's context), never to the module: two databases in one process must not share it.
const CACHE_MS = 5_000;
type Caches = {
  policies: Map<number, { at: number; policies: Selectable<SlaPolicyTable>[] }>;
  calendars: Map<number, { at: number; cal: BusinessCalendar }>;
};
const scopes = new WeakMap<object, Caches>();
const cachesOf = (scope: object) => {
  let c = scopes.get(scope);
  if (!c) scopes.set(scope, (c = { policies: new Map(), calendars: new Map() }));
  return c;
};

async function calendarOf(db: DbOrTrx, id: number, scope: object = {}): Promise<BusinessCalendar> {
  const calendarCache = cachesOf(scope).calendars;
  const hit = calendarCache.get(id);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.cal;
  const r = await db
    .selectFrom("calendars")
    .select(["timezone", "weekly", "country", "closures"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
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
  const policies = await db
    .selectFrom("sla_policies")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  policyCache.set(workspaceId, { at: Date.now(), policies });
  return policies;
}

/** After an edit through this process's API, its next ticket sees the change at once (other nodes within CACHE_MS). */
export function forgetPolicies(scope: object, workspaceId: number): void {
  cachesOf(scope).policies.delete(workspaceId);
}

/** The policy for a ticket: the first (by position) whose plan, priority and channel match; the customer's plan comes from their organization. */
async function policyFor(db: DbOrTrx, ticket: TicketRow, scope: object) {
  const policies = await policiesOf(db, ticket.workspace_id, scope);
  const needsPlan = policies.some((p) => p.plan_name !== null);
  const plan = needsPlan
    ? await db
        .selectFrom("customers")
        .leftJoin("organizations", "organizations.id", "customers.organization_id")
        .select("organizations.plan_name")
        .where("customers.id", "=", ticket.requester_id)
        .executeTakeFirst()
    : undefined;
  return policies.find(
    (p) =>
      (p.plan_name === null || p.plan_name === plan?.plan_name) &&
      (p.priority === null || p.priority === ticket.priority) &&
      (p.channel === null || p.channel === ticket.channel),
  )!;
}

/** When a running clock reaches the policy's warning share, given what it had consumed before `from`. */
const warnAt = (cal: BusinessCalendar, from: number, target: number, consumed: number, percent: number) =>
  addBusinessMinutes(cal, new Date(from), Math.max(0, (target * percent) / 100 - consumed)).getTime();

async function startClock(
  db: DbOrTrx,
  ticket: TicketRow,
  policy: { id: number; warn_percent: number },
  cal: BusinessCalendar,
  target: SlaTarget,
  minutes: number | null,
  now: number,
  paused: boolean,
) {
  if (minutes == null) return;
  const due = paused ? null : addBusinessMinutes(cal, new Date(now), minutes).getTime();
  const warn = paused ? null : warnAt(cal, now, minutes, 0, policy.warn_percent);
  const values = {
    target_minutes: minutes,
    consumed_minutes: 0,
    running_since: paused ? null : now,
    due_at: due,
    warn_at: warn,
    warned_at: null,
    met_at: null,
    breached_at: null,
  };
  await db
    .insertInto("sla_clocks")
    .values({
      workspace_id: ticket.workspace_id,
      ticket_id: ticket.id,
      policy_id: policy.id,
      target,
      created_at: now,
      ...values,
    })
    .onConflict((oc) => oc.columns(["ticket_id", "target"]).doUpdateSet(values))
    .execute();
  await syncDue(db, ticket.id);
}

/** Tickets without a running deadline sort after all others in the queue, on both databases. */
export const NO_DEADLINE = 8_640_000_000_000_000;

/** The ticket's earliest running deadline, copied onto the ticket for the Next up queue. */
async function syncDue(db: DbOrTrx, ticketId: number) {
  const r = await db
    .selectFrom("sla_clocks")
    .select((e) => e.fn.min("due_at").as("m"))
    .where("ticket_id", "=", ticketId)
    .where("met_at", "is", null)
    .executeTakeFirst();
  await db
    .updateTable("tickets")
    .set({ sla_due_at: r?.m == null ? NO_DEADLINE : Number(r.m) })
    .where("id", "=", ticketId)
    .execute();
}

/**
 * A new ticket's clocks, planned before the ticket is written so that its earliest deadline goes into the same
 * INSERT; `inserts` is the statement that then writes the clocks.
 */
export async function planTicketClocks(
  db: DbOrTrx,
  t: Pick<TicketRow, "workspace_id" | "requester_id" | "priority" | "channel">,
  now: number,
  scope: object,
) {
  const p = await policyFor(db, t as TicketRow, scope);
  const cal = await calendarOf(db, p.calendar_id, scope);
  const rows = (
    [
      ["first_response", p.first_response_minutes],
      ["resolution", p.resolution_minutes],
    ] as const
  )
    .filter(([, m]) => m != null)
    .map(([target, minutes]) => ({
      workspace_id: t.workspace_id,
      policy_id: p.id,
      target,
      target_minutes: minutes!,
      consumed_minutes: 0,
      running_since: now,
      due_at: addBusinessMinutes(cal, new Date(now), minutes!).getTime(),
      warn_at: warnAt(cal, now, minutes!, 0, p.warn_percent),
      warned_at: null,
      met_at: null,
      breached_at: null,
      created_at: now,
    }));
  return {
    dueAt: rows.length ? Math.min(...rows.map((r) => r.due_at)) : NO_DEADLINE,
    /** The statement that writes the clocks (none when the policy sets no target), for writeTogether. */
    inserts: (ticketId: number) =>
      rows.length
        ? [
            insertQuery(
              db,
              "sla_clocks",
              rows.map((r) => ({ ...r, ticket_id: ticketId })),
            ),
          ]
        : [],
  };
}

async function clocksOf(db: DbOrTrx, ticketId: number) {
  return db.selectFrom("sla_clocks").selectAll().where("ticket_id", "=", ticketId).execute();
}

async function meet(db: DbOrTrx, ticketId: number, targets: SlaTarget[], now: number) {
  await db
    .updateTable("sla_clocks")
    .set({ met_at: now, due_at: null, warn_at: null, running_since: null })
    .where("ticket_id", "=", ticketId)
    .where("target", "in", targets)
    .where("met_at", "is", null)
    .execute();
  await syncDue(db, ticketId);
}

/** A public agent reply meets the first and next response; a customer message starts the next-response clock. */
export async function onMessage(
  db: DbOrTrx,
  ticket: TicketRow,
  author: "agent" | "customer" | "system",
  internal: boolean,
  now = Date.now(),
) {
  if (internal) return;
  if (author === "agent") return meet(db, ticket.id, ["first_response", "next_response"], now);
  if (author !== "customer") return;
  const clocks = await clocksOf(db, ticket.id);
  const first = clocks.find((c) => c.target === "first_response");
  if (!first || first.met_at === null) return; // still waiting for the first answer: that clock covers it
  const p = await db.selectFrom("sla_policies").selectAll().where("id", "=", first.policy_id).executeTakeFirst();
  if (!p) return;
  const next = clocks.find((c) => c.target === "next_response");
  if (next && next.met_at === null) return; // already running
  await startClock(
    db,
    ticket,
    p,
    await calendarOf(db, p.calendar_id),
    "next_response",
    p.next_response_minutes,
    now,
    isPaused(ticket.status, p.pause_on_hold === 1),
  );
}

const isPaused = (status: string, pauseOnHold: boolean) =>
  status === "pending" || (pauseOnHold && status === "on_hold");

/** Status changes pause (waiting on the customer, or on hold if the policy says so), resume, or meet resolution. */
export async function onStatusChange(db: DbOrTrx, ticket: TicketRow, from: string, to: string, now = Date.now()) {
  if (to === "solved" || to === "closed")
    return meet(db, ticket.id, ["first_response", "next_response", "resolution"], now);
  const clocks = (await clocksOf(db, ticket.id)).filter((c) => c.met_at === null);
  if (!clocks.length) return;
  const p = await db.selectFrom("sla_policies").selectAll().where("id", "=", clocks[0].policy_id).executeTakeFirst();
  if (!p) return;
  const cal = await calendarOf(db, p.calendar_id);
  const wasPaused = isPaused(from, p.pause_on_hold === 1);
  const nowPaused = isPaused(to, p.pause_on_hold === 1);
  for (const c of clocks) {
    if (!wasPaused && nowPaused && c.running_since !== null) {
      const consumed = c.consumed_minutes + businessMinutesBetween(cal, new Date(c.running_since), new Date(now));
      await db
        .updateTable("sla_clocks")
        .set({ consumed_minutes: consumed, running_since: null, due_at: null, warn_at: null })
        .where("id", "=", c.id)
        .execute();
    } else if (wasPaused && !nowPaused && c.running_since === null) {
      const left = Math.max(0, c.target_minutes - c.consumed_minutes);
      const warn = c.warned_at === null ? warnAt(cal, now, c.target_minutes, c.consumed_minutes, p.warn_percent) : null;
      await db
        .updateTable("sla_clocks")
        .set({ running_since: now, due_at: addBusinessMinutes(cal, new Date(now), left).getTime(), warn_at: warn })
        .where("id", "=", c.id)
        .execute();
    }
  }
  await syncDue(db, ticket.id);
}

/** Gives an unmet clock new target minutes (and policy): what it consumed stays; a running one gets a new due time from now. */
async function retarget(
  db: DbOrTrx,
  c: Clock,
  p: { id: number; calendar_id: number; warn_percent: number },
  minutes: number,
  now: number,
) {
  if (c.running_since === null) {
    await db
      .updateTable("sla_clocks")
      .set({ target_minutes: minutes, policy_id: p.id })
      .where("id", "=", c.id)
      .execute();
    return;
  }
  const cal = await calendarOf(db, p.calendar_id);
  const consumed = c.consumed_minutes + businessMinutesBetween(cal, new Date(c.running_since), new Date(now));
  const due = addBusinessMinutes(cal, new Date(now), Math.max(0, minutes - consumed)).getTime();
  const warn = c.warned_at === null ? warnAt(cal, now, minutes, consumed, p.warn_percent) : null;
  await db
    .updateTable("sla_clocks")
    .set({
      target_minutes: minutes,
      policy_id: p.id,
      consumed_minutes: consumed,
      running_since: now,
      due_at: due,
      warn_at: warn,
    })
    .where("id", "=", c.id)
    .execute();
}

/** An override of one target: more or fewer business minutes than the policy gives. */
export async function overrideTarget(
  db: DbOrTrx,
  ticketId: number,
  target: SlaTarget,
  minutes: number,
  now = Date.now(),
) {
  const c = (await clocksOf(db, ticketId)).find((x) => x.target === target && x.met_at === null);
  if (!c) return null;
  const p = await db.selectFrom("sla_policies").selectAll().where("id", "=", c.policy_id).executeTakeFirstOrThrow();
  await retarget(db, c, p, minutes, now);
  await syncDue(db, ticketId);
  return { from: c.target_minutes, to: minutes };
}

/** A new priority can mean another policy: each unmet target takes the new policy's minutes, keeping what it consumed. */
export async function onPriorityChange(db: DbOrTrx, ticket: TicketRow, now = Date.now()) {
  const clocks = (await clocksOf(db, ticket.id)).filter((c) => c.met_at === null);
  if (!clocks.length) return;
  const p = await policyFor(db, ticket, {});
  const minutesOf = {
    first_response: p.first_response_minutes,
    next_response: p.next_response_minutes,
    resolution: p.resolution_minutes,
  };
  for (const c of clocks) {
    const minutes = minutesOf[c.target];
    if (minutes == null || (minutes === c.target_minutes && c.policy_id === p.id)) continue;
    await retarget(db, c, p, minutes, now);
  }
  await syncDue(db, ticket.id);
}

/** The `sla` object of the ticket API: each target's due time, whether it is paused, met, breached. */
export function presentSla(clocks: Clock[]) {
  const out: Record<
    string,
    {
      due_at: string | null;
      warn_at: string | null;
      warned: boolean;
      paused: boolean;
      met_at: string | null;
      breached: boolean;
      breached_at: string | null;
    }
  > = {};
  for (const c of clocks) {
    out[c.target] = {
      due_at: iso(c.due_at),
      warn_at: iso(c.warn_at),
      warned: c.warned_at !== null,
      paused: c.met_at === null && c.running_since === null,
      met_at: iso(c.met_at),
      breached: c.breached_at !== null,
      breached_at: iso(c.breached_at),
    };
  }
  return out;
}

export async function clocksFor(db: DbOrTrx, ticketIds: number[]) {
  const map = new Map<number, Clock[]>();
  if (!ticketIds.length) return map;
  for (const c of await db.selectFrom("sla_clocks").selectAll().where("ticket_id", "in", ticketIds).execute()) {
    const list = map.get(c.ticket_id) ?? [];
    list.push(c);
    map.set(c.ticket_id, list);
  }
  return map;
}

export type Due = { workspace_id: number; ticket_id: number; target: string; due_at: number | null };

/**
 * Records each clock that reached `at` (warn_at or due_at) once: candidates come from a partial index, and a
 * conditional update on the matching `*_at` column claims each, so with several workers (threads or
 * processes) exactly one writes the timeline event. Claim and event share one transaction, so a process that
 * dies between them leaves neither; a clock met meanwhile is not claimed. `notify` runs after the commit.
 */
async function fireOnce(
  db: Db,
  now: number,
  at: "warn_at" | "due_at",
  done: "warned_at" | "breached_at",
  event: string,
  notify?: (d: Due) => Promise<void>,
) {
  const due = await db
    .selectFrom("sla_clocks")
    .select(["id", "ticket_id", "workspace_id", "target", "due_at"])
    .where(at, "<=", now)
    .where("met_at", "is", null)
    .where(done, "is", null)
    .where(at, "is not", null)
    .limit(500)
    .execute();
  let fired = 0;
  for (const c of due) {
    const won = await db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable("sla_clocks")
        .set({ [done]: now })
        .where("id", "=", c.id)
        .where(done, "is", null)
        .where("met_at", "is", null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      await trx
        .insertInto("ticket_events")
        .values({
          workspace_id: c.workspace_id,
          ticket_id: c.ticket_id,
          type: event,
          actor_type: "system",
          actor_id: null,
          data: JSON.stringify({ target: c.target, due_at: iso(c.due_at) }),
          created_at: now,
        })
        .execute();
      return true;
    });
    if (!won) continue;
    fired++;
    await notify?.(c);
  }
  return fired;
}

/** Warnings before a breach (the policy's share of a target used); `notify` tells the people who must act. */
export const fireWarnings = (db: Db, now = Date.now(), notify?: (d: Due) => Promise<void>) =>
  fireOnce(db, now, "warn_at", "warned_at", "sla_warning", notify);

/** Breaches: clocks past their due time; `notify` tells the people who must act. */
export const fireBreaches = (db: Db, now = Date.now(), notify?: (d: Due) => Promise<void>) =>
  fireOnce(db, now, "due_at", "breached_at", "sla_breached", notify);
