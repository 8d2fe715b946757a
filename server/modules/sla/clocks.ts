import type { DbOrTrx } from "../../db/index";
import type { SlaTarget, TicketRow } from "../../db/schema";
import { iso } from "../../lib/cursor";
import { addBusinessMinutes, type BusinessCalendar, businessMinutesBetween } from "../calendars/business-time";
import { calendarOf, policyFor } from "./policies.service";
import {
  type Clock,
  clocksInsert,
  clocksOf,
  clocksOfTickets,
  earliestDue,
  findPolicy,
  meetClocks,
  setTicketDue,
  updateClock,
  upsertClock,
} from "./sla.queries";

// A ticket's clocks, one per target (first response, next response, resolution): started, paused, resumed,
// met and moved as the ticket changes, in the ticket's own transaction. The policy comes from policies.service.ts.

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
  await upsertClock(
    db,
    { workspace_id: ticket.workspace_id, ticket_id: ticket.id, policy_id: policy.id, target, created_at: now },
    values,
  );
  await syncDue(db, ticket.id);
}

/** Tickets without a running deadline sort after all others in the queue, on both databases. */
export const NO_DEADLINE = 8_640_000_000_000_000;

/** The ticket's earliest running deadline, copied onto the ticket for the Next up queue. */
async function syncDue(db: DbOrTrx, ticketId: number) {
  await setTicketDue(db, ticketId, (await earliestDue(db, ticketId)) ?? NO_DEADLINE);
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
            clocksInsert(
              db,
              rows.map((r) => ({ ...r, ticket_id: ticketId })),
            ),
          ]
        : [],
  };
}

async function meet(db: DbOrTrx, ticketId: number, targets: SlaTarget[], now: number) {
  await meetClocks(db, ticketId, targets, now);
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
  const p = await findPolicy(db, first.policy_id);
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
  const p = await findPolicy(db, clocks[0].policy_id);
  if (!p) return;
  const cal = await calendarOf(db, p.calendar_id);
  const wasPaused = isPaused(from, p.pause_on_hold === 1);
  const nowPaused = isPaused(to, p.pause_on_hold === 1);
  for (const c of clocks) {
    if (!wasPaused && nowPaused && c.running_since !== null) {
      const consumed = c.consumed_minutes + businessMinutesBetween(cal, new Date(c.running_since), new Date(now));
      await updateClock(db, c.id, { consumed_minutes: consumed, running_since: null, due_at: null, warn_at: null });
    } else if (wasPaused && !nowPaused && c.running_since === null) {
      const left = Math.max(0, c.target_minutes - c.consumed_minutes);
      const warn = c.warned_at === null ? warnAt(cal, now, c.target_minutes, c.consumed_minutes, p.warn_percent) : null;
      await updateClock(db, c.id, {
        running_since: now,
        due_at: addBusinessMinutes(cal, new Date(now), left).getTime(),
        warn_at: warn,
      });
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
    await updateClock(db, c.id, { target_minutes: minutes, policy_id: p.id });
    return;
  }
  const cal = await calendarOf(db, p.calendar_id);
  const consumed = c.consumed_minutes + businessMinutesBetween(cal, new Date(c.running_since), new Date(now));
  const due = addBusinessMinutes(cal, new Date(now), Math.max(0, minutes - consumed)).getTime();
  const warn = c.warned_at === null ? warnAt(cal, now, minutes, consumed, p.warn_percent) : null;
  await updateClock(db, c.id, {
    target_minutes: minutes,
    policy_id: p.id,
    consumed_minutes: consumed,
    running_since: now,
    due_at: due,
    warn_at: warn,
  });
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
  const p = await findPolicy(db, c.policy_id);
  if (!p) throw new Error(`SLA policy ${c.policy_id} does not exist`);
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
  for (const c of await clocksOfTickets(db, ticketIds)) {
    const list = map.get(c.ticket_id) ?? [];
    list.push(c);
    map.set(c.ticket_id, list);
  }
  return map;
}
