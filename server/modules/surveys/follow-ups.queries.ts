import { type Insertable, sql } from "kysely";
import { dbOf, type Runner } from "../../db/index";
import type { FollowUpTable } from "../../db/schema";

// Follow-ups ("recover this customer"): who gets them, and their list.

/** A supervisor of the team (the team's lead), else null. */
export const teamLead = async (on: Runner, teamId: number) =>
  (
    await dbOf(on)
      .selectFrom("team_members")
      .innerJoin("agents", "agents.id", "team_members.agent_id")
      .select("agents.id")
      .where("team_members.team_id", "=", teamId)
      .where("agents.role", "in", ["supervisor", "admin"])
      .where("agents.active", "=", 1)
      .orderBy(sql`case when agents.role = 'supervisor' then 0 else 1 end`)
      .orderBy("agents.id")
      .executeTakeFirst()
  )?.id ?? null;

export const firstAdmin = async (on: Runner, workspaceId: number) =>
  (
    await dbOf(on)
      .selectFrom("agents")
      .select("id")
      .where("workspace_id", "=", workspaceId)
      .where("role", "=", "admin")
      .where("active", "=", 1)
      .orderBy("id")
      .executeTakeFirst()
  )?.id ?? null;

export const insertFollowUp = (on: Runner, row: Insertable<FollowUpTable>) =>
  dbOf(on)
    .insertInto("follow_ups")
    .values(row)
    .onConflict((oc) => oc.column("survey_id").doNothing())
    .execute();

const followUpSelect = (db: Runner) =>
  dbOf(db)
    .selectFrom("follow_ups")
    .innerJoin("surveys", "surveys.id", "follow_ups.survey_id")
    .innerJoin("customers", "customers.id", "follow_ups.customer_id")
    .leftJoin("agents", "agents.id", "follow_ups.assignee_id")
    .leftJoin("tickets", "tickets.id", "follow_ups.ticket_id")
    .select([
      "follow_ups.id",
      "follow_ups.kind",
      "follow_ups.status",
      "follow_ups.due_at",
      "follow_ups.created_at",
      "follow_ups.assignee_id",
      "agents.name as assignee_name",
      "customers.id as customer_id",
      "customers.name as customer_name",
      "customers.email as customer_email",
      "tickets.number as ticket_number",
      "surveys.score",
      "surveys.scale",
      "surveys.comment",
    ]);

export const listFollowUps = (db: Runner, workspaceId: number, status: "open" | "done", assigneeId: number | null) => {
  let q = followUpSelect(db).where("follow_ups.workspace_id", "=", workspaceId).where("follow_ups.status", "=", status);
  if (assigneeId !== null) q = q.where("follow_ups.assignee_id", "=", assigneeId);
  return q.orderBy("follow_ups.due_at").orderBy("follow_ups.id").limit(200).execute();
};

export const followUpById = (db: Runner, workspaceId: number, id: number) =>
  followUpSelect(db)
    .where("follow_ups.workspace_id", "=", workspaceId)
    .where("follow_ups.id", "=", id)
    .executeTakeFirst();

/**
 * A survey's follow-up once the customer changed their answer: a good answer closes it (nobody closed it: done_by
 * stays null), a bad one again reopens what such a change had closed. One a person closed stays closed.
 */
export const followUpAfterChange = (db: Runner, surveyId: number, bad: boolean, now: number) =>
  bad
    ? dbOf(db)
        .updateTable("follow_ups")
        .set({ status: "open", done_at: null })
        .where("survey_id", "=", surveyId)
        .where("status", "=", "done")
        .where("done_by", "is", null)
        .execute()
    : dbOf(db)
        .updateTable("follow_ups")
        .set({ status: "done", done_at: now, done_by: null })
        .where("survey_id", "=", surveyId)
        .where("status", "=", "open")
        .execute();

export const finishFollowUp = (db: Runner, workspaceId: number, id: number, agentId: number, now: number) =>
  dbOf(db)
    .updateTable("follow_ups")
    .set({ status: "done", done_at: now, done_by: agentId })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
