import { sql, type ExpressionBuilder, type Insertable, type SelectQueryBuilder } from "kysely";
import { OPEN_STATUSES, type TicketStatus } from "../../../shared/enums";
import { dbOf, type Runner } from "../../db/index";
import type {
  Database,
  MessageRow,
  MessageTable,
  TicketEventTable,
  TicketRow,
  TicketTable,
  TicketUpdate,
} from "../../db/schema";
import { insertQuery, insertRows, isPostgres, statement } from "../../db/statements";

export interface TicketFilter {
  workspaceId: number;
  isOpen?: boolean;
  status?: TicketStatus;
  assigneeId?: number | null; // null = unassigned
  teamIds?: number[];
  requesterId?: number;
  tag?: string;
  createdFrom?: number;
  createdTo?: number;
  ids?: number[];
}

export type TicketSort = "updated_desc" | "updated_asc" | "created_desc" | "due_asc";

type Q = SelectQueryBuilder<Database, "tickets", TicketRow>;

function applyFilter(q: Q, f: TicketFilter): Q {
  q = q.where("tickets.workspace_id", "=", f.workspaceId);
  if (f.isOpen !== undefined) q = q.where("tickets.is_open", "=", f.isOpen ? 1 : 0);
  if (f.status) q = q.where("tickets.status", "=", f.status);
  if (f.assigneeId === null) q = q.where("tickets.assignee_id", "is", null);
  else if (f.assigneeId !== undefined) q = q.where("tickets.assignee_id", "=", f.assigneeId);
  if (f.teamIds) q = f.teamIds.length ? q.where("tickets.team_id", "in", f.teamIds) : q.where(sql<boolean>`1 = 0`);
  if (f.requesterId) q = q.where("tickets.requester_id", "=", f.requesterId);
  if (f.createdFrom) q = q.where("tickets.created_at", ">=", f.createdFrom);
  if (f.createdTo) q = q.where("tickets.created_at", "<", f.createdTo);
  if (f.ids) q = q.where("tickets.id", "in", f.ids.length ? f.ids : [0]);
  if (f.tag) {
    const tag = f.tag;
    q = q.where((eb: ExpressionBuilder<Database, "tickets">) =>
      eb.exists(
        eb
          .selectFrom("ticket_tags")
          .select("ticket_tags.ticket_id")
          .whereRef("ticket_tags.ticket_id", "=", "tickets.id")
          .where("ticket_tags.tag", "=", tag),
      ),
    );
  }
  return q;
}

/** One page of tickets in keyset order; `after` is the (sort key, id) pair of the previous page's last row. */
export function listTickets(
  on: Runner,
  f: TicketFilter,
  sort: TicketSort,
  limit: number,
  after: number[] | null,
): Promise<TicketRow[]> {
  return listTicketsQuery(dbOf(on), f, sort, limit, after).execute();
}

/** The query behind listTickets, unexecuted: the benchmark prints its plan. */
export function listTicketsQuery(on: Runner, f: TicketFilter, sort: TicketSort, limit: number, after: number[] | null) {
  let q = applyFilter(dbOf(on).selectFrom("tickets").selectAll("tickets") as Q, f);
  if (sort === "created_desc") {
    if (after) q = q.where("tickets.id", "<", after[1]);
    q = q.orderBy("tickets.id", "desc");
  } else if (sort === "due_asc") {
    // Tickets with no running target last on both engines (SQLite puts NULL first, PostgreSQL last); the cursor
    // says -1 once among them.
    if (after) {
      const [due, id] = after;
      q =
        due < 0
          ? q.where("tickets.sla_due_at", "is", null).where("tickets.id", ">", id)
          : q.where((eb) =>
              eb.or([
                eb("tickets.sla_due_at", "is", null),
                eb("tickets.sla_due_at", ">", due),
                eb.and([eb("tickets.sla_due_at", "=", due), eb("tickets.id", ">", id)]),
              ]),
            );
    }
    q = q
      .orderBy(sql`case when tickets.sla_due_at is null then 1 else 0 end`)
      .orderBy("tickets.sla_due_at", "asc")
      .orderBy("tickets.id", "asc");
  } else {
    const desc = sort === "updated_desc";
    if (after) {
      const [u, id] = after;
      q = q.where((eb) =>
        eb.or([
          eb("tickets.updated_at", desc ? "<" : ">", u),
          eb.and([eb("tickets.updated_at", "=", u), eb("tickets.id", desc ? "<" : ">", id)]),
        ]),
      );
    }
    q = q.orderBy("tickets.updated_at", desc ? "desc" : "asc").orderBy("tickets.id", desc ? "desc" : "asc");
  }
  return q.limit(limit);
}

export function cursorOf(t: TicketRow, sort: TicketSort): number[] {
  if (sort === "due_asc") return [t.sla_due_at ?? -1, t.id];
  return sort === "created_desc" ? [t.created_at, t.id] : [t.updated_at, t.id];
}

export function findTicketByNumber(on: Runner, workspaceId: number, number: number) {
  return dbOf(on)
    .selectFrom("tickets")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("number", "=", number)
    .executeTakeFirst();
}

const TAKE_NUMBER = statement<{ next_ticket_number: number }>(
  'update "workspaces" set "next_ticket_number" = next_ticket_number + 1 where "id" = ? returning "next_ticket_number"',
);
/** PostgreSQL: the workspace's sequence, or null when it has none (then the counter row is used). */
const NEXT_FROM_SEQUENCE = statement<{ n: number | null }>("select nextval(to_regclass('ticket_numbers_' || ?)) as n");

/**
 * Next number for a workspace. On PostgreSQL, from the workspace's sequence (migration 037): no lock, so concurrent
 * creators never wait for one another, and a creation that rolls back leaves a gap. On SQLite (and for a PostgreSQL
 * workspace without a sequence), the counter row, whose lock serialises creators until they commit.
 */
export async function takeTicketNumber(on: Runner, workspaceId: number): Promise<number> {
  const db = dbOf(on);
  if (isPostgres(db)) {
    const r = await NEXT_FROM_SEQUENCE.first(db, [String(workspaceId)]);
    if (r?.n != null) return Number(r.n);
  }
  const r = await TAKE_NUMBER.first(db, [workspaceId]);
  if (!r) throw new Error(`workspace ${workspaceId} does not exist`);
  return Number(r.next_ticket_number) - 1;
}

/** PostgreSQL: the sequence of a new workspace's ticket numbers, from `start`. Nothing on SQLite. */
export async function createTicketNumbers(on: Runner, workspaceId: number, start = 1): Promise<void> {
  const db = dbOf(on);
  if (!isPostgres(db)) return;
  await sql
    .raw(
      `CREATE SEQUENCE IF NOT EXISTS ticket_numbers_${Number(workspaceId)} START WITH ${Math.max(1, Math.floor(start))}`,
    )
    .execute(db);
}

export async function replaceTags(on: Runner, workspaceId: number, ticketId: number, tags: string[]): Promise<void> {
  await dbOf(on).deleteFrom("ticket_tags").where("ticket_id", "=", ticketId).execute();
  if (tags.length) await insertTags(dbOf(on), workspaceId, ticketId, tags);
}

export async function insertTags(on: Runner, workspaceId: number, ticketId: number, tags: string[]): Promise<void> {
  await dbOf(on)
    .insertInto("ticket_tags")
    .values(tags.map((tag) => ({ workspace_id: workspaceId, ticket_id: ticketId, tag })))
    .execute();
}

type CountKey = Pick<TicketRow, "workspace_id" | "status" | "assignee_id" | "team_id"> & { id?: number };

/** Rows a count is spread over on PostgreSQL (migration 038), so that concurrent creators do not queue on one row. */
const COUNT_SLOTS = 8;

/** Maintained inbox counters: one row per (status, assignee, team) and slot, adjusted in the same transaction as the ticket. */
export async function adjustCount(on: Runner, t: CountKey, delta: number): Promise<void> {
  await dbOf(on).executeQuery(countChange(dbOf(on), t, delta));
}

/** adjustCount's statement, for sending with others (writeTogether). */
export const countChange = (on: Runner, t: CountKey, delta: number) =>
  insertQuery(
    dbOf(on),
    "ticket_counts",
    [
      {
        workspace_id: t.workspace_id,
        status: t.status,
        assignee_id: t.assignee_id ?? 0,
        team_id: t.team_id ?? 0,
        slot: isPostgres(dbOf(on)) && t.id ? t.id % COUNT_SLOTS : 0,
        count: delta,
      },
    ],
    'on conflict ("workspace_id", "status", "assignee_id", "team_id", "slot") do update set "count" = ticket_counts.count + excluded.count',
  );

export async function viewCounts(on: Runner, workspaceId: number, agentId: number, teamIds: number[]) {
  const rows = await dbOf(on)
    .selectFrom("ticket_counts")
    .select(["status", "assignee_id", "team_id", "count"])
    .where("workspace_id", "=", workspaceId)
    .where("count", "<>", 0)
    .execute();
  const open = new Set<string>(OPEN_STATUSES);
  const sum = (pred: (r: (typeof rows)[number]) => boolean) =>
    rows.filter(pred).reduce((n, r) => n + Number(r.count), 0);
  return {
    mine: sum((r) => open.has(r.status) && r.assignee_id === agentId),
    unassigned: sum((r) => open.has(r.status) && r.assignee_id === 0),
    my_teams: sum((r) => open.has(r.status) && teamIds.includes(r.team_id)),
    all_open: sum((r) => open.has(r.status)),
    pending: sum((r) => r.status === "pending"),
    solved: sum((r) => r.status === "solved"),
  };
}

export function teamIdsOf(on: Runner, agentId: number) {
  return dbOf(on)
    .selectFrom("team_members")
    .select("team_id")
    .where("agent_id", "=", agentId)
    .execute()
    .then((r) => r.map((x) => x.team_id));
}

export async function activeAgentExists(on: Runner, workspaceId: number, agentId: number): Promise<boolean> {
  const a = await dbOf(on)
    .selectFrom("agents")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", agentId)
    .where("active", "=", 1)
    .executeTakeFirst();
  return a !== undefined;
}

export async function teamExists(on: Runner, workspaceId: number, teamId: number): Promise<boolean> {
  const t = await dbOf(on)
    .selectFrom("teams")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", teamId)
    .executeTakeFirst();
  return t !== undefined;
}

export async function tierOfTeam(on: Runner, teamId: number) {
  return (await dbOf(on).selectFrom("teams").select("tier").where("id", "=", teamId).executeTakeFirst())?.tier;
}

/** The ticket, locked for the rest of the transaction with `lock` (FOR UPDATE, PostgreSQL only). */
export function ticketByNumber(on: Runner, workspaceId: number, number: number, lock: boolean) {
  let q = dbOf(on)
    .selectFrom("tickets")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("number", "=", number);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** A new ticket, through the statement made once per shape (the hot path of incoming mail). */
export async function insertTicket(on: Runner, row: Insertable<TicketTable>): Promise<TicketRow> {
  const [ticket] = await insertRows<"tickets", TicketRow>(dbOf(on), "tickets", [row], "returning *");
  return ticket;
}

/** A new message; only its id comes back. */
export async function insertMessageRow(on: Runner, row: Insertable<MessageTable>): Promise<number> {
  const [{ id }] = await insertRows<"messages", { id: number }>(dbOf(on), "messages", [row], 'returning "id"');
  return id;
}

/** Gives unclaimed attachments to a message; answers how many it took. */
/** Attaches uploads to a message: those of this uploader (an agent or a customer) not attached yet, made since `since`. */
export async function claimAttachments(
  on: Runner,
  workspaceId: number,
  messageId: number,
  ids: number[],
  uploader: { agentId: number } | { customerId: number },
  since: number,
) {
  const claimed = await dbOf(on)
    .updateTable("attachments")
    .set({ message_id: messageId })
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", ids)
    .where("message_id", "is", null)
    .where("created_at", ">", since)
    .where((eb) =>
      "agentId" in uploader
        ? eb("uploader_agent_id", "=", uploader.agentId)
        : eb("uploader_customer_id", "=", uploader.customerId),
    )
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows);
}

export function updateTicketRow(on: Runner, ticketId: number, patch: TicketUpdate): Promise<TicketRow> {
  return dbOf(on).updateTable("tickets").set(patch).where("id", "=", ticketId).returningAll().executeTakeFirstOrThrow();
}

export async function moveMessages(on: Runner, fromTicketId: number, toTicketId: number): Promise<void> {
  await dbOf(on).updateTable("messages").set({ ticket_id: toTicketId }).where("ticket_id", "=", fromTicketId).execute();
}

/** Split: one message (with its email record and, on PostgreSQL, its search document) moves to another ticket. */
export async function moveMessageTo(
  on: Runner,
  dialect: "sqlite" | "postgres",
  message: MessageRow,
  toTicketId: number,
) {
  const db = dbOf(on);
  await db.updateTable("messages").set({ ticket_id: toTicketId }).where("id", "=", message.id).execute();
  await db.updateTable("email_messages").set({ ticket_id: toTicketId }).where("message_id", "=", message.id).execute();
  if (dialect === "postgres")
    await sql`UPDATE search_docs SET ticket_id = ${toTicketId} WHERE message_id = ${message.id}`.execute(db);
  return { ...message, ticket_id: toTicketId };
}

/** A timeline event's INSERT, for sending with other writes (writeTogether). */
export const eventInsert = (on: Runner, row: Insertable<TicketEventTable>) =>
  insertQuery(dbOf(on), "ticket_events", [row]);

export async function insertEvent(on: Runner, row: Insertable<TicketEventTable>): Promise<void> {
  await dbOf(on).executeQuery(eventInsert(on, row));
}

/** A ticket's messages, oldest first; without internal notes unless asked; one message with `messageId`. */
export function messagesOf(on: Runner, ticketId: number, opts: { includeInternal: boolean; messageId?: number }) {
  let q = dbOf(on).selectFrom("messages").selectAll().where("ticket_id", "=", ticketId);
  if (!opts.includeInternal) q = q.where("internal", "=", 0);
  if (opts.messageId) q = q.where("id", "=", opts.messageId);
  return q.orderBy("id").execute();
}

export function attachmentsOfMessages(on: Runner, messageIds: number[]) {
  return dbOf(on).selectFrom("attachments").selectAll().where("message_id", "in", messageIds).execute();
}

export function emailsOfMessages(on: Runner, workspaceId: number, messageIds: number[]) {
  return dbOf(on)
    .selectFrom("email_messages")
    .select(["message_id", "direction", "flags", "raw_sha256"])
    .where("workspace_id", "=", workspaceId)
    .where("message_id", "in", messageIds)
    .orderBy("id")
    .execute();
}

/** The outgoing email (the agent's reply) of each of these messages, with its delivery state. */
export function repliesMailOf(on: Runner, workspaceId: number, messageIds: number[]) {
  return dbOf(on)
    .selectFrom("mail_outbox")
    .select(["message_id", "status", "last_error"])
    .where("workspace_id", "=", workspaceId)
    .where("message_id", "in", messageIds)
    .where("kind", "=", "reply")
    .execute();
}

export function eventsOf(on: Runner, ticketId: number) {
  return dbOf(on).selectFrom("ticket_events").selectAll().where("ticket_id", "=", ticketId).orderBy("id").execute();
}

export function customersByIds(on: Runner, ids: number[]) {
  return dbOf(on)
    .selectFrom("customers")
    .select(["id", "email", "name", "organization_id", "language"])
    .where("id", "in", ids)
    .execute();
}

export function agentNames(on: Runner, ids: number[]) {
  return dbOf(on).selectFrom("agents").select(["id", "name"]).where("id", "in", ids).execute();
}

export function teamNames(on: Runner, ids: number[]) {
  return dbOf(on).selectFrom("teams").select(["id", "name"]).where("id", "in", ids).execute();
}

export function ticketNumbers(on: Runner, ids: number[]) {
  return dbOf(on).selectFrom("tickets").select(["id", "number"]).where("id", "in", ids).execute();
}
