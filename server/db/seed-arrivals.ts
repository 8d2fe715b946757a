import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { Ctx } from "../context";
import type { AgentActor } from "../http/actor";
import { ingest } from "../modules/email/inbound";
import { findTicketByNumber } from "../modules/tickets/tickets.queries";
import { addMessage, createTicket, updateTicket } from "../modules/tickets/tickets.service";
import type { OverrideSource, TicketPriority, TicketStatus } from "../../shared/enums";

// The demo's current requests arrive the way customers send them: an email to the support address (read by the
// same intake as real mail, so the ticket has its message, headers and acknowledgement), the web form or the
// portal. The team then triages them (team, tags, priority with its reason) and the agent who handles each one
// answers it, as the timeline of a real ticket would show.

type Customer = { id: number; email: string; name: string | null };

export interface Arrival {
  via: "email" | "web" | "portal";
  from: Customer;
  subject: string;
  body: string;
  /** Who triages: sets the team, the tags and the priority after it arrived. */
  triage: AgentActor;
  team_id?: number;
  tags?: string[];
  priority?: { to: TicketPriority; reason: string; source: OverrideSource };
  /** The agent who handles it: assigned, and the author of the note and the reply. */
  handler?: AgentActor;
  note?: string;
  reply?: string;
  status?: TicketStatus;
}

let sent = 0;

/** The ticket once it has arrived, been triaged and (when asked) answered. */
export async function arrive(ctx: Ctx, to: string, a: Arrival): Promise<{ id: number; number: number }> {
  const number = await open(ctx, to, a);
  const change = {
    ...(a.team_id !== undefined ? { team_id: a.team_id } : {}),
    ...(a.tags?.length ? { tags: a.tags } : {}),
    ...(a.priority
      ? { priority: a.priority.to, priority_reason: a.priority.reason, priority_source: a.priority.source }
      : {}),
  };
  if (Object.keys(change).length > 0) await updateTicket(ctx, a.triage, number, change);
  if (a.handler) await updateTicket(ctx, a.triage, number, { assignee_id: a.handler.agentId });
  const by = a.handler ?? a.triage;
  if (a.note) await addMessage(ctx, by, number, { body_text: a.note, internal: true, attachment_ids: [] });
  if (a.reply) await addMessage(ctx, by, number, { body_text: a.reply, internal: false, attachment_ids: [] });
  if (a.status && a.status !== "new") await updateTicket(ctx, by, number, { status: a.status });
  const ticket = await findTicketByNumber(ctx.db, a.triage.workspaceId, number);
  return { id: ticket!.id, number };
}

async function open(ctx: Ctx, to: string, a: Arrival): Promise<number> {
  const workspaceId = a.triage.workspaceId;
  if (a.via === "email") {
    const raw = await new MailComposer({
      from: { name: a.from.name ?? "", address: a.from.email },
      to,
      subject: a.subject,
      text: a.body,
      messageId: `<demo-${Date.now()}-${++sent}@${a.from.email.split("@")[1]}>`,
      date: new Date(),
    })
      .compile()
      .build();
    const placed = await ingest(ctx, { raw, recipients: [to] });
    if (placed.status !== "created" || placed.ticketNumber === null)
      throw new Error(`the demo's email "${a.subject}" was ${placed.status}, not a new ticket`);
    return placed.ticketNumber;
  }
  const ticket = await createTicket(
    ctx,
    { kind: "customer", workspaceId, customerId: a.from.id },
    {
      subject: a.subject,
      body_text: a.body,
      requester: { email: a.from.email, name: a.from.name ?? undefined },
      priority: "normal",
      channel: a.via,
      tags: [],
      assignee_id: null,
      team_id: null,
    },
  );
  return ticket.number;
}
