import type { SearchQuery } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { decodeCursor, encodeCursor } from "../../lib/cursor";
import { flushSearchDocs } from "../search/index-queue";
import { matchTickets, publicReplies } from "../search/search.queries";
import { highlight, snippets } from "../search/text";
import { presentMany } from "./tickets.read";
import { listTickets } from "./tickets.queries";

// At most this many candidates per query, most recently matched first: a search is for finding, not exporting.
const CANDIDATES = 500;

/** Tickets matching the words of the query and its filters, with their subject and a message marked. */
export async function searchTickets(ctx: Ctx, actor: AgentActor, query: SearchQuery) {
  // Documents still waiting to be written (SQLite, index-queue.ts) are written first: a search sees every
  // ticket and message committed before it.
  await flushSearchDocs(ctx);
  const ranked = (await matchTickets(ctx.reader, ctx.dialect, actor.workspaceId, query.q, CANDIDATES)) ?? [];
  const start = decodeCursor(query.cursor, 1)?.[0] ?? 0;
  // Filters apply to the candidates; their order (newest match first) is kept.
  const rows = await listTickets(
    ctx.reader,
    {
      workspaceId: actor.workspaceId,
      ids: ranked,
      status: query.status,
      assigneeId: query.assignee_id,
      teamIds: query.team_id ? [query.team_id] : undefined,
      requesterId: query.requester_id,
      tag: query.tag,
      createdFrom: query.from ? Date.parse(query.from) : undefined,
      createdTo: query.to ? Date.parse(query.to) : undefined,
    },
    "updated_desc",
    CANDIDATES,
    null,
  );
  const order = new Map(ranked.map((id, i) => [id, i]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const page = rows.slice(start, start + query.limit);
  const replies = page.length
    ? await publicReplies(
        ctx.reader,
        page.map((t) => t.id),
      )
    : [];
  const marked = snippets(replies, query.q);
  const tickets = await presentMany(ctx.reader, page);
  return {
    data: tickets.map((t) => ({
      ticket: t,
      highlight: { subject: highlight(t.subject, query.q), text: marked.get(t.id) ?? "" },
    })),
    next_cursor: start + query.limit < rows.length ? encodeCursor([start + query.limit]) : null,
  };
}
