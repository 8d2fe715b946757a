import type { SearchMatch } from "../../../shared/api/index";
import type { SearchQuery } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { decodeCursor, encodeCursor } from "../../lib/cursor";
import { customerWords, matchedFields, matchesAll, queryPrefixes } from "../customers/directory-words";
import { flushSearchDocs } from "../search/index-queue";
import { matchTicketFields, publicReplies, type TextHit } from "../search/search.queries";
import { highlight, snippets, words } from "../search/text";
import {
  customersOf,
  matchingPeople,
  recentTicketsOfPeople,
  ticketIdByNumber,
  ticketsOfRequesters,
} from "./people-search.queries";
import { presentMany } from "./tickets.read";
import { listTickets } from "./tickets.queries";

// At most this many candidates per query, most recently matched first: a search is for finding, not exporting.
const CANDIDATES = 500;
/** Tickets found by who asked, at most (they come before the text's matches). */
const BY_PEOPLE = 200;
/**
 * Up to this many matching customers, each one's tickets are read through the requester index (covering: the
 * ids come from the index alone). More are only found when every word of the query is common (planWords), and
 * then the recent tickets are checked instead, where such customers' tickets are dense.
 */
const FEW_PEOPLE = 1_000;
/** Matching organizations taken into account, newest first. */
const ORGANIZATIONS = 50;
/** Beyond FEW_PEOPLE, the tickets of the people matched are looked for among this many recently updated ones. */
const RECENT_TICKETS = 20_000;

/** "97" and "#97": a ticket's number. */
function ticketNumber(q: string): number | null {
  const m = /^#?(\d{1,9})$/.exec(q.trim());
  return m ? Number(m[1]) : null;
}

/**
 * Tickets whose requester's name or email, or whose requester's organization, holds every word of the query,
 * newest first. A few people: their tickets through the requester index; many (or words too common to list
 * the people by): the recent tickets, each requester checked.
 */
async function ticketsByPeople(ctx: Ctx, workspaceId: number, prefixes: string[][]) {
  const [customerIds, organizationIds] = await matchingPeople(ctx.reader, workspaceId, prefixes, FEW_PEOPLE + 1);
  const organizations = (organizationIds ?? []).slice(0, ORGANIZATIONS);
  const members = await customersOf(ctx.reader, organizations, FEW_PEOPLE + 1);
  const requesters = customerIds && [...new Set([...customerIds, ...members])];
  const ids =
    !requesters || requesters.length > FEW_PEOPLE
      ? await recentTicketsOfPeople(ctx.reader, workspaceId, prefixes, organizations, RECENT_TICKETS, BY_PEOPLE)
      : await ticketsOfRequesters(ctx.reader, requesters, BY_PEOPLE);
  return { ids: ids.sort((a, b) => b - a), organizations: new Set(organizations) };
}

/**
 * Tickets matching the query, with their subject and a message marked and why each was found: the ticket with
 * that number first, then the tickets of the customers and organizations it names, then the text's matches
 * (subjects and messages); each group newest first. Filters apply to all of them.
 */
export async function searchTickets(ctx: Ctx, actor: AgentActor, query: SearchQuery) {
  // Documents still waiting to be written (SQLite, index-queue.ts) are written first: a search sees every
  // ticket and message committed before it.
  await flushSearchDocs(ctx);
  const ws = actor.workspaceId;
  const number = ticketNumber(query.q);
  // A number is a number; one letter alone would name half the customers.
  const prefixes = number === null && words(query.q).some((w) => w.length >= 2) ? queryPrefixes(query.q) : [];
  const [byNumber, text, people] = await Promise.all([
    number === null ? null : ticketIdByNumber(ctx.reader, ws, number),
    matchTicketFields(ctx.reader, ctx.dialect, ws, query.q, CANDIDATES),
    prefixes.length ? ticketsByPeople(ctx, ws, prefixes) : { ids: [], organizations: new Set<number>() },
  ]);
  const ranked: number[] = [];
  const seen = new Set<number>();
  const take = (id: number) => {
    if (seen.has(id) || ranked.length >= CANDIDATES) return;
    seen.add(id);
    ranked.push(id);
  };
  if (byNumber !== null) take(byNumber);
  people.ids.forEach(take);
  const textHits = new Map<number, TextHit>((text ?? []).map((h) => [h.id, h]));
  textHits.forEach((_, id) => take(id));

  const start = decodeCursor(query.cursor, 1)?.[0] ?? 0;
  // Filters apply to the candidates; their order is kept.
  const rows = await listTickets(
    ctx.reader,
    {
      workspaceId: ws,
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
    data: tickets.map((t) => {
      const matched: SearchMatch[] = [];
      if (number !== null && t.number === number) matched.push("number");
      const hit = textHits.get(t.id);
      if (hit?.subject) matched.push("subject");
      if (hit?.body) matched.push("body");
      if (prefixes.length && t.requester) {
        const own = customerWords({ name: t.requester.name, email: t.requester.email, phone: null });
        if (matchesAll(own, prefixes))
          for (const f of matchedFields(own, prefixes))
            matched.push(f === "name" ? "requester_name" : "requester_email");
        if (t.requester.organization_id !== null && people.organizations.has(t.requester.organization_id))
          matched.push("organization");
      }
      return {
        ticket: t,
        highlight: { subject: highlight(t.subject, query.q), text: marked.get(t.id) ?? "" },
        matched,
      };
    }),
    next_cursor: start + query.limit < rows.length ? encodeCursor([start + query.limit]) : null,
  };
}
