import { ZSearchResults } from "../../../shared/api/index";
import { ZSearchQuery } from "../../../shared/schemas";
import { route } from "../../http/route";
import { decodeCursor, encodeCursor } from "../../lib/cursor";
import { presentMany } from "./tickets.read";
import { listTickets } from "./tickets.queries";
import { flushSearchDocs } from "../search/index-queue";
import { matchTickets } from "../search/search.queries";
import { highlight } from "../search/text";

// At most this many candidates per query, most recently matched first: a search is for finding, not exporting.
const CANDIDATES = 500;

export const searchRoutes = [
  route({
    method: "GET",
    url: "/api/v1/search",
    access: "agent",
    policy: "search.run",
    tag: "search",
    summary:
      "Full-text search over subjects and messages (Italian and English stemming, accents ignored), with filters",
    query: ZSearchQuery,
    response: ZSearchResults,
    handler: async ({ ctx, actor, query }) => {
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
      const snippets = await snippetsFor(
        ctx.reader,
        page.map((t) => t.id),
        query.q,
      );
      const tickets = await presentMany(ctx.reader, page);
      return {
        data: tickets.map((t) => ({
          ticket: t,
          highlight: { subject: highlight(t.subject, query.q), text: snippets.get(t.id) ?? "" },
        })),
        next_cursor: start + query.limit < rows.length ? encodeCursor([start + query.limit]) : null,
      };
    },
  }),
];

/** The latest public message of each ticket with the query's words marked. */
async function snippetsFor(db: Parameters<typeof listTickets>[0], ticketIds: number[], q: string) {
  const out = new Map<number, string>();
  if (!ticketIds.length) return out;
  const rows = await db
    .selectFrom("messages")
    .select(["ticket_id", "reply_text"])
    .where("ticket_id", "in", ticketIds)
    .where("internal", "=", 0)
    .orderBy("id", "desc")
    .execute();
  for (const r of rows) {
    const marked = highlight(r.reply_text, q);
    if (!out.has(r.ticket_id) || (!out.get(r.ticket_id)!.includes("<mark>") && marked.includes("<mark>")))
      out.set(r.ticket_id, marked);
  }
  return out;
}
