import type { Insertable, Selectable, Updateable } from "kysely";
import { dbOf, type Runner } from "../../db/index";
import type { SlaClockTable, SlaPolicyTable, SlaTarget } from "../../db/schema";
import { insertQuery } from "../../db/statements";

// The SLA's reads and writes: policies, the clocks of each ticket, and what the watcher claims. No rules here.

export type Clock = Selectable<SlaClockTable>;
export type Policy = Selectable<SlaPolicyTable>;

/** The catch-all policy (any plan, priority and channel), if the workspace has one. */
export function findCatchAllPolicy(on: Runner, workspaceId: number) {
  return dbOf(on)
    .selectFrom("sla_policies")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("plan_name", "is", null)
    .where("priority", "is", null)
    .where("channel", "is", null)
    .executeTakeFirst();
}

/** The workspace's policies in the order they are tried. */
export function listPolicies(on: Runner, workspaceId: number): Promise<Policy[]> {
  return dbOf(on)
    .selectFrom("sla_policies")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

export function findPolicy(on: Runner, id: number): Promise<Policy | undefined> {
  return dbOf(on).selectFrom("sla_policies").selectAll().where("id", "=", id).executeTakeFirst();
}

export function policyExists(on: Runner, workspaceId: number, id: number) {
  return dbOf(on)
    .selectFrom("sla_policies")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function insertPolicy(on: Runner, row: Insertable<SlaPolicyTable>): Promise<Policy> {
  return dbOf(on).insertInto("sla_policies").values(row).returningAll().executeTakeFirstOrThrow();
}

export function updatePolicy(on: Runner, id: number, patch: Updateable<SlaPolicyTable>): Promise<Policy> {
  return dbOf(on).updateTable("sla_policies").set(patch).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

/** The support plan of a customer's organization (undefined: no such customer). */
export function planOfCustomer(on: Runner, customerId: number) {
  return dbOf(on)
    .selectFrom("customers")
    .leftJoin("organizations", "organizations.id", "customers.organization_id")
    .select("organizations.plan_name")
    .where("customers.id", "=", customerId)
    .executeTakeFirst();
}

export function clocksOf(on: Runner, ticketId: number): Promise<Clock[]> {
  return dbOf(on).selectFrom("sla_clocks").selectAll().where("ticket_id", "=", ticketId).execute();
}

export function clocksOfTickets(on: Runner, ticketIds: number[]): Promise<Clock[]> {
  return dbOf(on).selectFrom("sla_clocks").selectAll().where("ticket_id", "in", ticketIds).execute();
}

type ClockTimes = Omit<Insertable<SlaClockTable>, "workspace_id" | "ticket_id" | "policy_id" | "target" | "created_at">;

/** Starts (or restarts) one target's clock of a ticket. */
export async function upsertClock(
  on: Runner,
  key: { workspace_id: number; ticket_id: number; policy_id: number; target: SlaTarget; created_at: number },
  values: ClockTimes,
): Promise<void> {
  await dbOf(on)
    .insertInto("sla_clocks")
    .values({ ...key, ...values })
    .onConflict((oc) => oc.columns(["ticket_id", "target"]).doUpdateSet(values))
    .execute();
}

/** A new ticket's clocks, as one statement to send with the ticket's other writes (writeTogether). */
export const clocksInsert = (on: Runner, rows: Insertable<SlaClockTable>[]) =>
  insertQuery(dbOf(on), "sla_clocks", rows);

export async function updateClock(on: Runner, id: number, patch: Updateable<SlaClockTable>): Promise<void> {
  await dbOf(on).updateTable("sla_clocks").set(patch).where("id", "=", id).execute();
}

/** Meets the ticket's unmet clocks of these targets. */
export async function meetClocks(on: Runner, ticketId: number, targets: SlaTarget[], now: number): Promise<void> {
  await dbOf(on)
    .updateTable("sla_clocks")
    .set({ met_at: now, due_at: null, warn_at: null, running_since: null })
    .where("ticket_id", "=", ticketId)
    .where("target", "in", targets)
    .where("met_at", "is", null)
    .execute();
}

/** The earliest due time of the ticket's unmet clocks (null: none is running). */
export async function earliestDue(on: Runner, ticketId: number): Promise<number | null> {
  const r = await dbOf(on)
    .selectFrom("sla_clocks")
    .select((e) => e.fn.min("due_at").as("m"))
    .where("ticket_id", "=", ticketId)
    .where("met_at", "is", null)
    .executeTakeFirst();
  return r?.m == null ? null : Number(r.m);
}

export async function setTicketDue(on: Runner, ticketId: number, dueAt: number): Promise<void> {
  await dbOf(on).updateTable("tickets").set({ sla_due_at: dueAt }).where("id", "=", ticketId).execute();
}

export type Due = { workspace_id: number; ticket_id: number; target: string; due_at: number | null };

/** Unmet clocks whose `at` time came and whose `done` time is not set yet (a partial index each), at most 500. */
export function dueClocks(on: Runner, now: number, at: "warn_at" | "due_at", done: "warned_at" | "breached_at") {
  const db = dbOf(on);
  return db
    .selectFrom("sla_clocks")
    .select(["id", "ticket_id", "workspace_id", "target", "due_at"])
    .where(at, "<=", now)
    .where("met_at", "is", null)
    .where(done, "is", null)
    .where(at, "is not", null)
    .limit(500)
    .execute();
}

/**
 * Sets `done` on a clock that has none yet and is unmet, and records the timeline event in the same
 * transaction; false when another worker claimed it first (or it was met meanwhile).
 */
export function claimClock(
  on: Runner,
  c: Due & { id: number },
  done: "warned_at" | "breached_at",
  event: { type: string; data: string },
  now: number,
): Promise<boolean> {
  const db = dbOf(on);
  return db.transaction().execute(async (trx) => {
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
        type: event.type,
        actor_type: "system",
        actor_id: null,
        data: event.data,
        created_at: now,
      })
      .execute();
    return true;
  });
}

/** The next time a clock is due and the next time one is to be warned about (undefined: none). */
export async function nextAlarms(on: Runner) {
  const db = dbOf(on);
  const [nextDue, nextWarn] = await Promise.all([
    db
      .selectFrom("sla_clocks")
      .select("due_at as at")
      .where("met_at", "is", null)
      .where("breached_at", "is", null)
      .where("due_at", "is not", null)
      .orderBy("due_at")
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom("sla_clocks")
      .select("warn_at as at")
      .where("met_at", "is", null)
      .where("warned_at", "is", null)
      .where("warn_at", "is not", null)
      .orderBy("warn_at")
      .limit(1)
      .executeTakeFirst(),
  ]);
  return { due: nextDue?.at, warn: nextWarn?.at };
}

/** What a realtime alert names of the ticket. */
export function alertedTicket(on: Runner, ticketId: number) {
  return dbOf(on)
    .selectFrom("tickets")
    .select(["number", "assignee_id", "subject"])
    .where("id", "=", ticketId)
    .executeTakeFirst();
}
