import { sql, type ExpressionBuilder, type SelectQueryBuilder } from "kysely";
import { OPEN_STATUSES, type TicketStatus } from "../../../shared/enums";
import type { DbOrTrx } from "../../db/index";
import type { Database, TicketRow } from "../../db/schema";
import { insertQuery, statement } from "../../db/statements";

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

export type TicketSort = "updated_desc" | "updated_asc" | "created_desc";

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
  db: DbOrTrx,
  f: TicketFilter,
  sort: TicketSort,
  limit: number,
  after: number[] | null,
): Promise<TicketRow[]> {
  return listTicketsQuery(db, f, sort, limit, after).execute();
}

/** The query behind listTickets, unexecuted: the benchmark prints its plan. */
export function listTicketsQuery(
  db: DbOrTrx,
  f: TicketFilter,
  sort: TicketSort,
  limit: number,
  after: number[] | null,
) {
  let q = applyFilter(db.selectFrom("tickets").selectAll("tickets") as Q, f);
  if (sort === "created_desc") {
    if (after) q = q.where("tickets.id", "<", after[1]);
    q = q.orderBy("tickets.id", "desc");
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
  return sort === "created_desc" ? [t.created_at, t.id] : [t.updated_at, t.id];
}

export function findTicketByNumber(db: DbOrTrx, workspaceId: number, number: number) {
  return db
    .selectFrom("tickets")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("number", "=", number)
    .executeTakeFirst();
}

const TAKE_NUMBER = statement<{ next_ticket_number: number }>(
  'update "workspaces" set "next_ticket_number" = next_ticket_number + 1 where "id" = ? returning "next_ticket_number"',
);

/** Next number for a workspace: the row lock on the counter serialises concurrent creators on any node. */
export async function takeTicketNumber(db: DbOrTrx, workspaceId: number): Promise<number> {
  const r = await TAKE_NUMBER.first(db, [workspaceId]);
  if (!r) throw new Error(`workspace ${workspaceId} does not exist`);
  return Number(r.next_ticket_number) - 1;
}

export async function replaceTags(db: DbOrTrx, workspaceId: number, ticketId: number, tags: string[]): Promise<void> {
  await db.deleteFrom("ticket_tags").where("ticket_id", "=", ticketId).execute();
  if (tags.length) await insertTags(db, workspaceId, ticketId, tags);
}

export async function insertTags(db: DbOrTrx, workspaceId: number, ticketId: number, tags: string[]): Promise<void> {
  await db
    .insertInto("ticket_tags")
    .values(tags.map((tag) => ({ workspace_id: workspaceId, ticket_id: ticketId, tag })))
    .execute();
}

type CountKey = Pick<TicketRow, "workspace_id" | "status" | "assignee_id" | "team_id">;

/** Maintained inbox counters: one row per (status, assignee, team), adjusted in the same transaction as the ticket. */
export async function adjustCount(db: DbOrTrx, t: CountKey, delta: number): Promise<void> {
  await db.executeQuery(countChange(db, t, delta));
}

/** adjustCount's statement, for sending with others (writeTogether). */
export const countChange = (db: DbOrTrx, t: CountKey, delta: number) =>
  insertQuery(
    db,
    "ticket_counts",
    [
      {
        workspace_id: t.workspace_id,
        status: t.status,
        assignee_id: t.assignee_id ?? 0,
        team_id: t.team_id ?? 0,
        count: delta,
      },
    ],
    'on conflict ("workspace_id", "status", "assignee_id", "team_id") do update set "count" = ticket_counts.count + excluded.count',
  );

export async function viewCounts(db: DbOrTrx, workspaceId: number, agentId: number, teamIds: number[]) {
  const rows = await db
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

export function teamIdsOf(db: DbOrTrx, agentId: number) {
  return db
    .selectFrom("team_members")
    .select("team_id")
    .where("agent_id", "=", agentId)
    .execute()
    .then((r) => r.map((x) => x.team_id));
}
