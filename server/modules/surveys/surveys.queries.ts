import { type Insertable, sql } from "kysely";
import { dbOf, type Runner } from "../../db/index";
import type { MailOutboxTable, SurveyCountTable, SurveySettingsTable, SurveyTable } from "../../db/schema";

// The SQL of the surveys module: plain queries, no rules. Each takes the handle it runs on (a transaction's when
// it runs inside one).

export const settingsRow = (on: Runner, workspaceId: number) =>
  dbOf(on).selectFrom("survey_settings").selectAll().where("workspace_id", "=", workspaceId).executeTakeFirst();

export async function upsertSettings(on: Runner, row: SurveySettingsTable): Promise<void> {
  const { workspace_id: _w, ...rest } = row;
  await dbOf(on)
    .insertInto("survey_settings")
    .values(row)
    .onConflict((oc) => oc.column("workspace_id").doUpdateSet(rest))
    .execute();
}

/** What a CSAT survey needs to know of the solved ticket, its requester, organization and workspace. */
export const ticketForSurvey = (on: Runner, ticketId: number) =>
  dbOf(on)
    .selectFrom("tickets")
    .innerJoin("customers", "customers.id", "tickets.requester_id")
    .innerJoin("workspaces", "workspaces.id", "tickets.workspace_id")
    .leftJoin("organizations", "organizations.id", "customers.organization_id")
    .select([
      "tickets.id",
      "tickets.workspace_id",
      "tickets.number",
      "tickets.subject",
      "tickets.status",
      "tickets.channel",
      "tickets.team_id",
      "tickets.assignee_id",
      "tickets.merged_into_id",
      "customers.id as customer_id",
      "customers.email",
      "customers.name as customer_name",
      "customers.language",
      "customers.organization_id",
      "organizations.plan_name",
      "organizations.account_owner_id",
      "workspaces.default_language",
      "workspaces.name as workspace_name",
    ])
    .where("tickets.id", "=", ticketId)
    .executeTakeFirst();

/** The flags of the email that opened a ticket (auto-reply, bounce…), if it came by email. */
export const firstInboundFlags = async (on: Runner, ticketId: number) =>
  (
    await dbOf(on)
      .selectFrom("email_messages")
      .select("flags")
      .where("ticket_id", "=", ticketId)
      .where("direction", "=", "in")
      .orderBy("id")
      .limit(1)
      .executeTakeFirst()
  )?.flags ?? null;

/** Whether an email of ours to this ticket's requester bounced. */
export const ticketHasBounce = async (on: Runner, ticketId: number) =>
  !!(await dbOf(on)
    .selectFrom("ticket_events")
    .select("id")
    .where("ticket_id", "=", ticketId)
    .where("type", "=", "delivery_failed")
    .limit(1)
    .executeTakeFirst());

export const csatCountForTicket = async (on: Runner, ticketId: number) =>
  Number(
    (
      await dbOf(on)
        .selectFrom("surveys")
        .select(sql<number>`count(*)`.as("n"))
        .where("ticket_id", "=", ticketId)
        .where("kind", "=", "csat")
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The customer's latest survey of a kind sent since `since` (quiet days, NPS interval). */
export const surveyedSince = async (on: Runner, customerId: number, kind: "csat" | "nps", since: number) =>
  !!(await dbOf(on)
    .selectFrom("surveys")
    .select("id")
    .where("customer_id", "=", customerId)
    .where("kind", "=", kind)
    .where("sent_at", ">", since)
    .limit(1)
    .executeTakeFirst());

/** Of these customers, those sent a survey of the kind since `since`. */
export const customersSurveyedSince = async (on: Runner, ids: number[], kind: "csat" | "nps", since: number) =>
  ids.length === 0
    ? []
    : (
        await dbOf(on)
          .selectFrom("surveys")
          .select("customer_id")
          .distinct()
          .where("customer_id", "in", ids)
          .where("kind", "=", kind)
          .where("sent_at", ">", since)
          .execute()
      ).map((r) => Number(r.customer_id));

export const insertSurvey = (on: Runner, row: Insertable<SurveyTable>) =>
  dbOf(on)
    .insertInto("surveys")
    .values(row)
    .onConflict((oc) => oc.columns(["ticket_id", "solve_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();

export const insertSurveys = (on: Runner, rows: Insertable<SurveyTable>[]) =>
  dbOf(on).insertInto("surveys").values(rows).returning(["id", "customer_id"]).execute();

export const setSurveyMail = (on: Runner, surveyId: number, mailId: number) =>
  dbOf(on).updateTable("surveys").set({ mail_id: mailId }).where("id", "=", surveyId).execute();

export const insertMails = (on: Runner, rows: Insertable<MailOutboxTable>[]) =>
  dbOf(on).insertInto("mail_outbox").values(rows).returning(["id"]).execute();

/** Adds to the day's counters (several rows at once; each delta is added to what is there). */
export async function addCounts(on: Runner, rows: SurveyCountTable[]): Promise<void> {
  if (!rows.length) return;
  await dbOf(on)
    .insertInto("survey_counts")
    .values(rows)
    .onConflict((oc) =>
      oc.columns(["workspace_id", "kind", "dim", "key", "day"]).doUpdateSet({
        sent: sql`survey_counts.sent + excluded.sent`,
        answered: sql`survey_counts.answered + excluded.answered`,
        good: sql`survey_counts.good + excluded.good`,
        bad: sql`survey_counts.bad + excluded.bad`,
      }),
    )
    .execute();
}

export const surveyById = (on: Runner, id: number) =>
  dbOf(on).selectFrom("surveys").selectAll().where("id", "=", id).executeTakeFirst();

/** The survey under a row lock on PostgreSQL: two answers at once change the counters one after the other. */
export const surveyForUpdate = (on: Runner, id: number, dialect: "sqlite" | "postgres") => {
  const q = dbOf(on).selectFrom("surveys").selectAll().where("id", "=", id);
  return (dialect === "postgres" ? q.forUpdate() : q).executeTakeFirst();
};

export const saveAnswer = (
  on: Runner,
  id: number,
  a: { score: number; comment: string | null; resolved: number | null; answered_at: number },
) => dbOf(on).updateTable("surveys").set(a).where("id", "=", id).execute();

export const ticketNumberOf = async (on: Runner, ticketId: number) =>
  (await dbOf(on).selectFrom("tickets").select("number").where("id", "=", ticketId).executeTakeFirst())?.number ?? null;

export const insertTicketEvent = (
  on: Runner,
  row: { workspace_id: number; ticket_id: number; customer_id: number; data: object; created_at: number },
) =>
  dbOf(on)
    .insertInto("ticket_events")
    .values({
      workspace_id: row.workspace_id,
      ticket_id: row.ticket_id,
      type: "survey_answered",
      actor_type: "customer",
      actor_id: row.customer_id,
      data: JSON.stringify(row.data),
      created_at: row.created_at,
    })
    .execute();

/** Surveys as agents see them, newest first, filtered by customer, organization, ticket or agent. */
export function listSurveys(
  db: Runner,
  workspaceId: number,
  f: {
    customerId?: number;
    organizationId?: number;
    ticketId?: number;
    agentId?: number;
    kind?: "csat" | "nps";
    answeredOnly: boolean;
  },
) {
  let q = dbOf(db)
    .selectFrom("surveys")
    .innerJoin("customers", "customers.id", "surveys.customer_id")
    .leftJoin("agents", "agents.id", "surveys.agent_id")
    .leftJoin("tickets", "tickets.id", "surveys.ticket_id")
    .select([
      "surveys.id",
      "surveys.kind",
      "surveys.scale",
      "surveys.score",
      "surveys.comment",
      "surveys.resolved",
      "surveys.sent_at",
      "surveys.answered_at",
      "surveys.agent_id",
      "agents.name as agent_name",
      "tickets.number as ticket_number",
      "customers.id as customer_id",
      "customers.name as customer_name",
      "customers.email as customer_email",
    ])
    .where("surveys.workspace_id", "=", workspaceId);
  if (f.customerId) q = q.where("surveys.customer_id", "=", f.customerId);
  if (f.organizationId) q = q.where("surveys.organization_id", "=", f.organizationId);
  if (f.ticketId) q = q.where("surveys.ticket_id", "=", f.ticketId);
  if (f.agentId) q = q.where("surveys.agent_id", "=", f.agentId);
  if (f.kind) q = q.where("surveys.kind", "=", f.kind);
  if (f.answeredOnly) q = q.where("surveys.answered_at", "is not", null);
  return q.orderBy("surveys.id", "desc").limit(100).execute();
}

export const ticketIdByNumber = async (db: Runner, workspaceId: number, number: number) =>
  (
    await dbOf(db)
      .selectFrom("tickets")
      .select("id")
      .where("workspace_id", "=", workspaceId)
      .where("number", "=", number)
      .executeTakeFirst()
  )?.id ?? null;

/** The counters of a period's days, summed per key of one dimension. */
export const sumCounts = (
  db: Runner,
  workspaceId: number,
  kind: "csat" | "nps",
  dim: string,
  fromDay: number,
  toDay: number,
) =>
  dbOf(db)
    .selectFrom("survey_counts")
    .select([
      "key",
      sql<number>`sum(sent)`.as("sent"),
      sql<number>`sum(answered)`.as("answered"),
      sql<number>`sum(good)`.as("good"),
      sql<number>`sum(bad)`.as("bad"),
    ])
    .where("workspace_id", "=", workspaceId)
    .where("kind", "=", kind)
    .where("dim", "=", dim)
    .where("day", ">=", fromDay)
    .where("day", "<", toDay)
    .groupBy("key")
    .execute();

/** The counters of the whole workspace, day by day (the trend). */
export const dailyCounts = (db: Runner, workspaceId: number, kind: "csat" | "nps", fromDay: number, toDay: number) =>
  dbOf(db)
    .selectFrom("survey_counts")
    .select(["day", "sent", "answered", "good", "bad"])
    .where("workspace_id", "=", workspaceId)
    .where("kind", "=", kind)
    .where("dim", "=", "all")
    .where("key", "=", "")
    .where("day", ">=", fromDay)
    .where("day", "<", toDay)
    .execute();

export const namesOf = async (db: Runner, table: "agents" | "teams" | "organizations", ids: number[]) =>
  ids.length === 0
    ? new Map<number, string>()
    : new Map(
        (await dbOf(db).selectFrom(table).select(["id", "name"]).where("id", "in", ids).execute()).map((r) => [
          Number(r.id),
          r.name,
        ]),
      );

/** The people an NPS survey may go to: listed ones, or an organization's, with what the counters need. */
/** Who an NPS send asks: these customers, an organization's, a plan's organizations' (a segment), or (none) all. */
export function npsCandidates(
  db: Runner,
  workspaceId: number,
  f: { customerIds?: number[]; organizationId?: number; plan?: string },
) {
  let q = dbOf(db)
    .selectFrom("customers")
    .leftJoin("organizations", "organizations.id", "customers.organization_id")
    .select([
      "customers.id",
      "customers.email",
      "customers.language",
      "customers.organization_id",
      "organizations.plan_name",
      "organizations.account_owner_id",
    ])
    .where("customers.workspace_id", "=", workspaceId);
  if (f.customerIds) q = q.where("customers.id", "in", f.customerIds);
  if (f.organizationId) q = q.where("customers.organization_id", "=", f.organizationId);
  if (f.plan) q = q.where("organizations.plan_name", "=", f.plan);
  return q.orderBy("customers.id").execute();
}

export const workspaceMailbox = (db: Runner, workspaceId: number) =>
  dbOf(db)
    .selectFrom("mailboxes")
    .innerJoin("workspaces", "workspaces.id", "mailboxes.workspace_id")
    .select(["mailboxes.address", "mailboxes.display_name", "workspaces.default_language", "workspaces.name"])
    .where("mailboxes.workspace_id", "=", workspaceId)
    .orderBy("mailboxes.id")
    .executeTakeFirst();

/** Claims up to `limit` NPS emails nobody has tried yet (attempts 0 -> 1): a drip job sends them. */
export const claimNpsMails = async (db: Runner, limit: number) =>
  (
    await dbOf(db)
      .updateTable("mail_outbox")
      .set({ attempts: 1 })
      .where(
        "id",
        "in",
        dbOf(db)
          .selectFrom("mail_outbox")
          .select("id")
          .where("kind", "=", "nps")
          .where("status", "=", "queued")
          .where("attempts", "=", 0)
          .orderBy("id")
          .limit(limit),
      )
      .where("attempts", "=", 0)
      .returning("id")
      .execute()
  ).map((r) => Number(r.id));

export const npsMailsWaiting = async (db: Runner) =>
  !!(await dbOf(db)
    .selectFrom("mail_outbox")
    .select("id")
    .where("kind", "=", "nps")
    .where("status", "=", "queued")
    .where("attempts", "=", 0)
    .limit(1)
    .executeTakeFirst());
