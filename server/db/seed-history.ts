import type { Ctx } from "../context";
import { addBusinessMinutes } from "../modules/calendars/business-time";
import { calendarOf } from "../modules/sla/policies.service";
import { findPolicy } from "../modules/sla/sla.queries";

// The demo's history: tickets that were answered and solved before the installation. The use cases write them at
// the moment the demo is created (a first response in 0 minutes); this moves each one to the past, with the
// customer's message, the first answer and the solve a given number of business minutes apart on the ticket's own
// calendar, and its SLA clocks met or breached as the watcher would have left them. The fairness report, the
// timelines and the lists then show weeks of work instead of one instant.

export type History = {
  /** When the customer wrote (moved to the calendar's next opening if it is closed then). */
  opened: number;
  /** Business minutes from then to the first answer, and to the solve. */
  answerAfter: number;
  solveAfter: number;
};

/** Moves a solved ticket of one customer message and one agent reply to the past; returns its solve time. */
export async function backdateTicket(ctx: Ctx, ticketId: number, h: History): Promise<number> {
  const db = ctx.db;
  const clocks = await db.selectFrom("sla_clocks").selectAll().where("ticket_id", "=", ticketId).execute();
  const policy = clocks.length ? await findPolicy(db, clocks[0].policy_id) : undefined;
  if (!policy) throw new Error(`ticket ${ticketId} has no SLA clock to place in time`);
  const cal = await calendarOf(db, policy.calendar_id);
  const opened = addBusinessMinutes(cal, new Date(h.opened), 0).getTime();
  const after = (minutes: number) => addBusinessMinutes(cal, new Date(opened), minutes).getTime();
  const answered = after(h.answerAfter);
  const solved = after(h.solveAfter);
  await db
    .updateTable("tickets")
    .set({ created_at: opened, updated_at: solved, first_response_at: answered, solved_at: solved })
    .where("id", "=", ticketId)
    .execute();
  for (const [author, at] of [
    ["customer", opened],
    ["agent", answered],
  ] as const)
    await db
      .updateTable("messages")
      .set({ created_at: at })
      .where("ticket_id", "=", ticketId)
      .where("author_type", "=", author)
      .execute();
  for (const [type, at] of [
    ["created", opened],
    ["status_changed", solved],
  ] as const)
    await db
      .updateTable("ticket_events")
      .set({ created_at: at })
      .where("ticket_id", "=", ticketId)
      .where("type", "=", type)
      .execute();
  for (const c of clocks) {
    const met = c.target === "resolution" ? solved : answered;
    const due = after(c.target_minutes);
    await db
      .updateTable("sla_clocks")
      .set({ created_at: opened, met_at: met, breached_at: met > due ? due : null })
      .where("id", "=", c.id)
      .execute();
  }
  return solved;
}

/**
 * Moves a survey's answer, just recorded, to `at` (the use case wrote it at the demo's creation): the survey, its
 * outbox event (the praise a good rating with a comment becomes is dated from it when the worker dispatches it) and
 * the event on its ticket's timeline.
 */
export async function backdateAnswer(ctx: Ctx, surveyId: number, at: number): Promise<void> {
  const db = ctx.db;
  const s = await db.selectFrom("surveys").select("ticket_id").where("id", "=", surveyId).executeTakeFirstOrThrow();
  await db.updateTable("surveys").set({ answered_at: at }).where("id", "=", surveyId).execute();
  const event = await db
    .selectFrom("outbox")
    .select(["id", "payload"])
    .where("event", "=", "survey.answered")
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (event && (JSON.parse(event.payload) as { survey_id: number }).survey_id === surveyId)
    await db.updateTable("outbox").set({ created_at: at }).where("id", "=", event.id).execute();
  if (s.ticket_id === null) return;
  await db
    .updateTable("ticket_events")
    .set({ created_at: at })
    .where("ticket_id", "=", s.ticket_id)
    .where("type", "=", "survey_answered")
    .execute();
}
