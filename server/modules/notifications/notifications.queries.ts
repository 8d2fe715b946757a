import { dbOf, type Runner } from "../../db/index";
import { newOutboxMail } from "../../db/mail-outbox";

// Notifications as stored, and what their listener reads about tickets and agents. No rules here.

export async function insertNotification(
  on: Runner,
  row: { workspace_id: number; agent_id: number; kind: string; ticket_id: number | null; payload: string },
) {
  const created_at = Date.now();
  const { id } = await dbOf(on)
    .insertInto("notifications")
    .values({ ...row, created_at, read_at: null, emailed_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: Number(id), ...row, created_at, read_at: null as number | null };
}

export function notificationsOf(
  on: Runner,
  agentId: number,
  opts: { limit: number; before?: number; unread?: boolean },
) {
  let q = dbOf(on)
    .selectFrom("notifications")
    .leftJoin("tickets", "tickets.id", "notifications.ticket_id")
    .select([
      "notifications.id",
      "notifications.kind",
      "notifications.payload",
      "notifications.created_at",
      "notifications.read_at",
      "tickets.number as ticket_number",
    ])
    .where("notifications.agent_id", "=", agentId);
  if (opts.before) q = q.where("notifications.id", "<", opts.before);
  if (opts.unread) q = q.where("notifications.read_at", "is", null);
  return q.orderBy("notifications.id", "desc").limit(opts.limit).execute();
}

export async function unreadCount(on: Runner, agentId: number): Promise<number> {
  const r = await dbOf(on)
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("agent_id", "=", agentId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function markRead(on: Runner, agentId: number, ids: number[] | "all") {
  let q = dbOf(on)
    .updateTable("notifications")
    .set({ read_at: Date.now() })
    .where("agent_id", "=", agentId)
    .where("read_at", "is", null);
  if (ids !== "all") q = q.where("id", "in", ids);
  await q.execute();
}

export function settingsOf(on: Runner, agentId: number) {
  return dbOf(on)
    .selectFrom("notification_settings")
    .select(["kind", "delivery"])
    .where("agent_id", "=", agentId)
    .execute();
}

export async function upsertSetting(on: Runner, agentId: number, kind: string, delivery: string) {
  await dbOf(on)
    .insertInto("notification_settings")
    .values({ agent_id: agentId, kind, delivery })
    .onConflict((oc) => oc.columns(["agent_id", "kind"]).doUpdateSet({ delivery }))
    .execute();
}

export function deliveryOf(on: Runner, agentId: number, kind: string) {
  return dbOf(on)
    .selectFrom("notification_settings")
    .select("delivery")
    .where("agent_id", "=", agentId)
    .where("kind", "=", kind)
    .executeTakeFirst();
}

/** Whom an email goes to, and in which language: the agent's own, else the workspace's default. */
export function agentForMail(on: Runner, agentId: number) {
  return dbOf(on)
    .selectFrom("agents")
    .innerJoin("workspaces", "workspaces.id", "agents.workspace_id")
    .select([
      "agents.id",
      "agents.name",
      "agents.email",
      "agents.active",
      "agents.workspace_id",
      "agents.language",
      "workspaces.default_language",
    ])
    .where("agents.id", "=", agentId)
    .executeTakeFirst();
}

export function firstMailbox(on: Runner, workspaceId: number) {
  return dbOf(on)
    .selectFrom("mailboxes")
    .select(["address", "display_name"])
    .where("workspace_id", "=", workspaceId)
    .orderBy("id")
    .executeTakeFirst();
}

export async function insertAgentMail(
  on: Runner,
  row: {
    workspace_id: number;
    ticket_id: number | null;
    to_address: string;
    from_address: string;
    subject: string;
    body_text: string;
    status: "queued" | "captured";
    header_message_id: string;
  },
) {
  const { id } = await dbOf(on)
    .insertInto("mail_outbox")
    .values(newOutboxMail({ ...row, kind: "agent_notification" }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(id);
}

export async function markEmailed(on: Runner, id: number) {
  await dbOf(on).updateTable("notifications").set({ emailed_at: Date.now() }).where("id", "=", id).execute();
}

/** What a listener needs of a ticket: its number, subject, assignee and followers. */
export async function ticketForNotice(on: Runner, ticketId: number) {
  const db = dbOf(on);
  const t = await db
    .selectFrom("tickets")
    .select(["id", "workspace_id", "number", "subject", "assignee_id"])
    .where("id", "=", ticketId)
    .executeTakeFirst();
  if (!t) return null;
  const followers = await db
    .selectFrom("ticket_followers")
    .select("agent_id")
    .where("ticket_id", "=", ticketId)
    .execute();
  return { ...t, followers: followers.map((f) => f.agent_id) };
}

export function messageForNotice(on: Runner, messageId: number) {
  return dbOf(on)
    .selectFrom("messages")
    .leftJoin("customers", "customers.id", "messages.author_customer_id")
    .leftJoin("agents", "agents.id", "messages.author_agent_id")
    .select([
      "messages.id",
      "messages.author_type",
      "messages.author_agent_id",
      "messages.body_text",
      "messages.internal",
      "customers.name as customer_name",
      "customers.email as customer_email",
      "agents.name as agent_name",
    ])
    .where("messages.id", "=", messageId)
    .executeTakeFirst();
}

/** How many messages the ticket has up to this one (the first is the request itself, not a reply). */
export async function messagesUpTo(on: Runner, ticketId: number, messageId: number) {
  const r = await dbOf(on)
    .selectFrom("messages")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("ticket_id", "=", ticketId)
    .where("id", "<=", messageId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Who made the ticket's latest assignment (null: the system, automatic assignment). */
export async function lastAssigner(on: Runner, ticketId: number) {
  const e = await dbOf(on)
    .selectFrom("ticket_events")
    .leftJoin("agents", (j) =>
      j.onRef("agents.id", "=", "ticket_events.actor_id").on("ticket_events.actor_type", "=", "agent"),
    )
    .select(["agents.id", "agents.name"])
    .where("ticket_events.ticket_id", "=", ticketId)
    .where("ticket_events.type", "in", ["assigned", "auto_assigned"])
    .orderBy("ticket_events.id", "desc")
    .executeTakeFirst();
  return e ? { id: e.id, name: e.name } : null;
}

export function activeAgentNames(on: Runner, workspaceId: number) {
  return dbOf(on)
    .selectFrom("agents")
    .select(["id", "name"])
    .where("workspace_id", "=", workspaceId)
    .where("active", "=", 1)
    .execute();
}

export function ticketNumberOf(on: Runner, ticketId: number) {
  return dbOf(on).selectFrom("tickets").select("number").where("id", "=", ticketId).executeTakeFirst();
}

/** Agents with digest notifications not emailed yet, and the oldest one's time. */
export function pendingDigests(on: Runner) {
  return dbOf(on)
    .selectFrom("notifications")
    .innerJoin("notification_settings", (j) =>
      j
        .onRef("notification_settings.agent_id", "=", "notifications.agent_id")
        .onRef("notification_settings.kind", "=", "notifications.kind"),
    )
    .select(["notifications.agent_id", "notifications.workspace_id"])
    .select((eb) => eb.fn.min("notifications.created_at").as("oldest"))
    .where("notification_settings.delivery", "=", "digest")
    .where("notifications.emailed_at", "is", null)
    .groupBy(["notifications.agent_id", "notifications.workspace_id"])
    .execute();
}

/** An agent's digest notifications not emailed yet, oldest first. */
export function digestItems(on: Runner, agentId: number) {
  return dbOf(on)
    .selectFrom("notifications")
    .innerJoin("notification_settings", (j) =>
      j
        .onRef("notification_settings.agent_id", "=", "notifications.agent_id")
        .onRef("notification_settings.kind", "=", "notifications.kind"),
    )
    .leftJoin("tickets", "tickets.id", "notifications.ticket_id")
    .select([
      "notifications.id",
      "notifications.kind",
      "notifications.payload",
      "notifications.created_at",
      "notifications.read_at",
      "tickets.number as ticket_number",
    ])
    .where("notifications.agent_id", "=", agentId)
    .where("notification_settings.delivery", "=", "digest")
    .where("notifications.emailed_at", "is", null)
    .orderBy("notifications.id")
    .limit(200)
    .execute();
}

export async function markManyEmailed(on: Runner, ids: number[]) {
  if (ids.length)
    await dbOf(on).updateTable("notifications").set({ emailed_at: Date.now() }).where("id", "in", ids).execute();
}

/** Who made the ticket (its "created" event's agent), for a ticket created already assigned. */
export async function creatorOf(on: Runner, ticketId: number) {
  const e = await dbOf(on)
    .selectFrom("ticket_events")
    .leftJoin("agents", (j) =>
      j.onRef("agents.id", "=", "ticket_events.actor_id").on("ticket_events.actor_type", "=", "agent"),
    )
    .select(["agents.id", "agents.name"])
    .where("ticket_events.ticket_id", "=", ticketId)
    .where("ticket_events.type", "=", "created")
    .executeTakeFirst();
  return e ? { id: e.id, name: e.name } : null;
}
