import type { Insertable, Updateable } from "kysely";
import { dbOf, type Runner } from "../../db/index";
import type { KudosTable } from "../../db/schema";

// Kudos, who they reached, consent and the weekly digest, as stored. No rules here.

export const workspaceSender = (on: Runner, workspaceId: number) =>
  dbOf(on)
    .selectFrom("workspaces")
    .select(["name", "support_address", "default_language", "timezone"])
    .where("id", "=", workspaceId)
    .executeTakeFirst();

export const ticketForKudos = (on: Runner, workspaceId: number, number: number) =>
  dbOf(on)
    .selectFrom("tickets")
    .select(["id", "number", "requester_id", "assignee_id", "workspace_id"])
    .where("workspace_id", "=", workspaceId)
    .where("number", "=", number)
    .executeTakeFirst();

export const ticketById = (on: Runner, workspaceId: number, id: number) =>
  dbOf(on)
    .selectFrom("tickets")
    .select(["id", "number", "requester_id", "assignee_id", "workspace_id"])
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();

export const messageOfTicket = (on: Runner, ticketId: number, messageId: number) =>
  dbOf(on)
    .selectFrom("messages")
    .select(["id", "author_type", "author_customer_id", "internal", "reply_text", "body_text"])
    .where("ticket_id", "=", ticketId)
    .where("id", "=", messageId)
    .executeTakeFirst();

/** The ticket's latest customer message, when no message is named. */
export const lastCustomerMessage = (on: Runner, ticketId: number) =>
  dbOf(on)
    .selectFrom("messages")
    .select(["id", "author_type", "author_customer_id", "internal", "reply_text", "body_text"])
    .where("ticket_id", "=", ticketId)
    .where("author_type", "=", "customer")
    .orderBy("id", "desc")
    .executeTakeFirst();

export const kudosOfMessage = (on: Runner, messageId: number) =>
  dbOf(on).selectFrom("kudos").select("id").where("message_id", "=", messageId).executeTakeFirst();

export const ratingKudosOfTicket = (on: Runner, ticketId: number) =>
  dbOf(on)
    .selectFrom("kudos")
    .select("id")
    .where("ticket_id", "=", ticketId)
    .where("source", "=", "rating")
    .executeTakeFirst();

/** The agents who answered the customer on the ticket (public replies). */
export async function answeringAgents(on: Runner, ticketId: number): Promise<number[]> {
  const rows = await dbOf(on)
    .selectFrom("messages")
    .select("author_agent_id")
    .distinct()
    .where("ticket_id", "=", ticketId)
    .where("author_type", "=", "agent")
    .where("internal", "=", 0)
    .where("author_agent_id", "is not", null)
    .execute();
  return rows.map((r) => r.author_agent_id!);
}

/** Supervisors who share a team with any of these agents. */
export async function leadsOf(on: Runner, workspaceId: number, agentIds: number[]): Promise<number[]> {
  if (!agentIds.length) return [];
  const rows = await dbOf(on)
    .selectFrom("team_members as mine")
    .innerJoin("team_members as theirs", "theirs.team_id", "mine.team_id")
    .innerJoin("agents", "agents.id", "theirs.agent_id")
    .select("agents.id")
    .distinct()
    .where("mine.agent_id", "in", agentIds)
    .where("agents.workspace_id", "=", workspaceId)
    .where("agents.role", "=", "supervisor")
    .where("agents.active", "=", 1)
    .execute();
  return rows.map((r) => r.id);
}

export async function supervisorsOf(on: Runner, workspaceId: number): Promise<number[]> {
  const rows = await dbOf(on)
    .selectFrom("agents")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("role", "=", "supervisor")
    .where("active", "=", 1)
    .execute();
  return rows.map((r) => r.id);
}

export async function insertKudos(on: Runner, row: Insertable<KudosTable>): Promise<number> {
  return (await dbOf(on).insertInto("kudos").values(row).returning("id").executeTakeFirstOrThrow()).id;
}

export async function updateKudos(on: Runner, id: number, patch: Updateable<KudosTable>): Promise<void> {
  await dbOf(on).updateTable("kudos").set(patch).where("id", "=", id).execute();
}

export async function insertRecipients(
  on: Runner,
  rows: { kudos_id: number; agent_id: number; workspace_id: number; role: "agent" | "lead" }[],
): Promise<void> {
  if (!rows.length) return;
  await dbOf(on)
    .insertInto("kudos_recipients")
    .values(rows.map((r) => ({ ...r, read_at: null })))
    .onConflict((oc) => oc.columns(["kudos_id", "agent_id"]).doNothing())
    .execute();
}

function kudosRows(on: Runner, workspaceId: number) {
  return dbOf(on)
    .selectFrom("kudos")
    .innerJoin("tickets", "tickets.id", "kudos.ticket_id")
    .innerJoin("customers", "customers.id", "kudos.customer_id")
    .leftJoin("organizations", "organizations.id", "customers.organization_id")
    .leftJoin("agents as creator", "creator.id", "kudos.created_by")
    .selectAll("kudos")
    .select([
      "tickets.number as ticket_number",
      "tickets.subject as ticket_subject",
      "customers.name as customer_name",
      "customers.email as customer_email",
      "customers.language as customer_language",
      "organizations.name as organization_name",
      "creator.name as creator_name",
    ])
    .where("kudos.workspace_id", "=", workspaceId);
}
export type KudosRow = Awaited<ReturnType<ReturnType<typeof kudosRows>["executeTakeFirstOrThrow"]>>;

export function listKudosRows(on: Runner, workspaceId: number, f: { since: number; agentId?: number; limit: number }) {
  let q = kudosRows(on, workspaceId).where("kudos.created_at", ">=", f.since);
  if (f.agentId !== undefined) {
    const agentId = f.agentId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("kudos_recipients")
          .select("kudos_recipients.agent_id")
          .whereRef("kudos_recipients.kudos_id", "=", "kudos.id")
          .where("kudos_recipients.agent_id", "=", agentId),
      ),
    );
  }
  return q.orderBy("kudos.created_at", "desc").orderBy("kudos.id", "desc").limit(f.limit).execute();
}

export const kudosById = (on: Runner, workspaceId: number, id: number) =>
  kudosRows(on, workspaceId).where("kudos.id", "=", id).executeTakeFirst();

export const kudosByTokenHash = (on: Runner, hash: string) =>
  dbOf(on)
    .selectFrom("kudos")
    .innerJoin("workspaces", "workspaces.id", "kudos.workspace_id")
    .select([
      "kudos.id",
      "kudos.workspace_id",
      "kudos.consent_status",
      "kudos.consent_text",
      "kudos.consent_language",
      "workspaces.name as workspace_name",
    ])
    .where("kudos.consent_token_hash", "=", hash)
    .executeTakeFirst();

/** Claims the consent answer once: a second answer finds the status changed and writes nothing. */
export async function answerConsent(on: Runner, id: number, agreed: boolean, at: number): Promise<boolean> {
  const r = await dbOf(on)
    .updateTable("kudos")
    .set({ consent_status: agreed ? "agreed" : "refused", consent_answered_at: at })
    .where("id", "=", id)
    .where("consent_status", "=", "requested")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function recipientsOf(on: Runner, kudosIds: number[]) {
  if (!kudosIds.length) return Promise.resolve([]);
  return dbOf(on)
    .selectFrom("kudos_recipients")
    .innerJoin("agents", "agents.id", "kudos_recipients.agent_id")
    .select([
      "kudos_recipients.kudos_id",
      "kudos_recipients.agent_id",
      "kudos_recipients.role",
      "kudos_recipients.read_at",
      "agents.name",
    ])
    .where("kudos_recipients.kudos_id", "in", kudosIds)
    .execute();
}

export async function unreadCount(on: Runner, agentId: number): Promise<number> {
  const r = await dbOf(on)
    .selectFrom("kudos_recipients")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("agent_id", "=", agentId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function markAllRead(on: Runner, agentId: number, at: number): Promise<void> {
  await dbOf(on)
    .updateTable("kudos_recipients")
    .set({ read_at: at })
    .where("agent_id", "=", agentId)
    .where("read_at", "is", null)
    .execute();
}

export function consentedRows(on: Runner, workspaceId: number) {
  return kudosRows(on, workspaceId)
    .where("kudos.consent_status", "=", "agreed")
    .orderBy("kudos.consent_answered_at", "desc")
    .execute();
}

/** The weekly digest: one row per workspace and week, so that it is sent once however many workers look. */
export async function claimDigest(on: Runner, workspaceId: number, weekStart: number, at: number): Promise<boolean> {
  const r = await dbOf(on)
    .insertInto("kudos_digests")
    .values({ workspace_id: workspaceId, week_start: weekStart, sent_at: at })
    .onConflict((oc) => oc.columns(["workspace_id", "week_start"]).doNothing())
    .returning("workspace_id")
    .executeTakeFirst();
  return r !== undefined;
}

export async function workspacesWithKudos(on: Runner, from: number, to: number): Promise<number[]> {
  const rows = await dbOf(on)
    .selectFrom("kudos")
    .select("workspace_id")
    .distinct()
    .where("created_at", ">=", from)
    .where("created_at", "<", to)
    .execute();
  return rows.map((r) => r.workspace_id);
}

export const activeAgents = (on: Runner, workspaceId: number) =>
  dbOf(on)
    .selectFrom("agents")
    .select(["id", "name", "email", "languages"])
    .where("workspace_id", "=", workspaceId)
    .where("active", "=", 1)
    .orderBy("id")
    .execute();
