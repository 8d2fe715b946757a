import type { Attachment, Delivery, EmailInfo, Message, Ticket } from "../../../shared/api/tickets";
import type { Runner } from "../../db/index";
import type { MessageRow, TicketRow } from "../../db/schema";
import { iso, json } from "../../lib/cursor";
import { clocksFor, presentSla } from "../sla/clocks";
import { agentNames, customersByIds, teamNames, ticketNumbers } from "./tickets.queries";
import { partsOfRow } from "./message-parts";

// One shape per object, used by the REST API and the realtime pushes alike; the shapes are shared/api's schemas.

export interface People {
  customers: Map<
    number,
    { id: number; email: string; name: string | null; organization_id: number | null; language: string | null }
  >;
  agents: Map<number, { id: number; name: string }>;
  teams: Map<number, { id: number; name: string }>;
  tickets: Map<number, number>; // ticket id -> number, for merged_into
  clocks: Awaited<ReturnType<typeof clocksFor>>;
}

export async function loadPeople(db: Runner, tickets: TicketRow[], messages: MessageRow[] = []): Promise<People> {
  const ids = (xs: (number | null)[]) => [...new Set(xs.filter((x): x is number => x != null))];
  const customerIds = ids([...tickets.map((t) => t.requester_id), ...messages.map((m) => m.author_customer_id)]);
  const agentIds = ids([...tickets.map((t) => t.assignee_id), ...messages.map((m) => m.author_agent_id)]);
  const teamIds = ids(tickets.map((t) => t.team_id));
  const mergedIds = ids(tickets.map((t) => t.merged_into_id));
  const [customers, agents, teams, merged, clocks] = await Promise.all([
    customerIds.length ? customersByIds(db, customerIds) : [],
    agentIds.length ? agentNames(db, agentIds) : [],
    teamIds.length ? teamNames(db, teamIds) : [],
    mergedIds.length ? ticketNumbers(db, mergedIds) : [],
    clocksFor(
      db,
      tickets.map((t) => t.id),
    ),
  ]);
  return {
    customers: new Map(customers.map((c) => [c.id, c])),
    agents: new Map(agents.map((a) => [a.id, a])),
    teams: new Map(teams.map((t) => [t.id, t])),
    tickets: new Map(merged.map((t) => [t.id, t.number])),
    clocks,
  };
}

export function presentTicket(t: TicketRow, people: People): Ticket {
  const requester = people.customers.get(t.requester_id);
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    channel: t.channel,
    tier: t.tier,
    tags: json<string[]>(t.tags, []),
    requester: requester
      ? {
          id: requester.id,
          email: requester.email,
          name: requester.name,
          organization_id: requester.organization_id,
          language: requester.language,
        }
      : null,
    assignee: t.assignee_id ? (people.agents.get(t.assignee_id) ?? null) : null,
    team: t.team_id ? (people.teams.get(t.team_id) ?? null) : null,
    merged_into: t.merged_into_id ? (people.tickets.get(t.merged_into_id) ?? null) : null,
    created_at: iso(t.created_at),
    updated_at: iso(t.updated_at),
    first_response_at: iso(t.first_response_at),
    solved_at: iso(t.solved_at),
    sla: presentSla(people.clocks.get(t.id) ?? []),
  };
}

/** What the email channel recorded about a message (shared/api ZEmailInfo); null for one that never was an email. */
export function presentEmail(e: {
  message_id: number | null;
  direction: "in" | "out";
  flags: string;
  raw_sha256: string;
}): EmailInfo {
  // Outgoing mail is recorded without a raw copy (raw_sha256 ""): only received mail has an original to download.
  return {
    direction: e.direction,
    flags: json<string[]>(e.flags, []),
    raw_url: e.direction === "in" && e.raw_sha256 && e.message_id ? `/api/v1/messages/${e.message_id}/raw` : null,
  };
}

/** The kind of a relay's error (nodemailer's codes and the SMTP reply), so the app can say it in any language. */
export function deliveryReason(error: string | undefined): NonNullable<Delivery["reason"]> {
  if (!error) return "other";
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ECONNRESET|EPIPE/.test(error)) return "unreachable";
  if (/timed? ?out|ETIMEDOUT|ETIMEOUT|Greeting never/i.test(error)) return "timeout";
  if (/EAUTH|Invalid login|\b53[05]\b|authenticat/i.test(error)) return "auth";
  if (/certificate|self[- ]signed|\bTLS\b|\bSSL\b/i.test(error)) return "tls";
  if (/EENVELOPE|recipient|rejected|\b5[0-5]\d\b/i.test(error)) return "rejected";
  return "other";
}

/** The delivery state of an outgoing email (shared/api ZDelivery) from its mail_outbox row. */
export function presentDelivery(row: { status: string; last_error: string | null } | undefined): Delivery | null {
  if (!row) return null;
  const error = row.last_error ?? undefined;
  if (row.status === "sent") return { status: "sent" };
  if (row.status === "captured") return { status: "captured" };
  if (row.status === "dead") return { status: "failed", error: error ?? "not sent", reason: deliveryReason(error) };
  return error ? { status: "queued", error, reason: deliveryReason(error) } : { status: "queued" };
}

export function presentMessage(
  m: MessageRow,
  ticketNumber: number,
  people: People,
  attachments: Attachment[] = [],
  email: EmailInfo | null = null,
  delivery: Delivery | null = null,
): Message {
  const author =
    m.author_type === "agent" && m.author_agent_id
      ? { type: "agent" as const, id: m.author_agent_id, name: people.agents.get(m.author_agent_id)?.name ?? null }
      : m.author_type === "customer" && m.author_customer_id
        ? {
            type: "customer" as const,
            id: m.author_customer_id,
            name:
              people.customers.get(m.author_customer_id)?.name ??
              people.customers.get(m.author_customer_id)?.email ??
              null,
          }
        : { type: "system" as const, id: null, name: null };
  return {
    id: m.id,
    ticket_number: ticketNumber,
    internal: m.internal === 1,
    author,
    body_text: m.body_text,
    body_html: m.body_html,
    reply_text: m.reply_text,
    parts: partsOfRow(m.parts, m.reply_text),
    attachments,
    email,
    delivery,
    created_at: iso(m.created_at),
  };
}
