import type { Ctx } from "../../context";
import type { OutboxEvent } from "../../events/events";
import {
  activeAgentNames,
  creatorOf,
  lastAssigner,
  messageForNotice,
  messagesUpTo,
  ticketForNotice,
} from "./notifications.queries";
import { notifyNow } from "./notifications.service";

// Outbox listener: the notifications a ticket's changes cause. It runs after commit from the outbox, so a crash
// delays them and never loses them; the dispatcher may hand an event out twice, which at worst repeats one.

const excerpt = (text: string) => (text.length > 140 ? `${text.slice(0, 139)}…` : text);

/**
 * Whom a note mentions: at each "@", the active colleague with the longest name written there whole (the
 * composer writes "@Name"; "@Anna Conti" is Anna Conti, not a colleague called Anna).
 */
export function mentioned(text: string, agents: { id: number; name: string }[]): number[] {
  const lower = text.toLowerCase();
  const found = new Set<number>();
  for (let at = lower.indexOf("@"); at >= 0; at = lower.indexOf("@", at + 1)) {
    let best: { id: number; len: number } | null = null;
    for (const a of agents) {
      const name = a.name.toLowerCase();
      if (!lower.startsWith(name, at + 1)) continue;
      const next = lower[at + 1 + name.length];
      if (next !== undefined && /[\p{L}\p{N}]/u.test(next)) continue;
      if (!best || name.length > best.len) best = { id: a.id, len: name.length };
    }
    if (best) found.add(best.id);
  }
  return [...found];
}

export async function notifyOnEvent(ctx: Ctx, event: OutboxEvent): Promise<void> {
  if (event.event === "ticket.created") {
    // Created already assigned (a colleague logged a call for you).
    const p = event.payload as OutboxEvent<"ticket.created">["payload"];
    const t = await ticketForNotice(ctx.db, p.ticket_id);
    if (!t?.assignee_id) return;
    // Assigned since (by a person or the rules, perhaps before this event is dispatched): that change's own
    // ticket.updated tells the assignee, once.
    if (await lastAssigner(ctx.db, t.id)) return;
    const by = await creatorOf(ctx.db, t.id);
    if (by?.id === t.assignee_id) return;
    await notifyNow(ctx, {
      workspaceId: event.workspace_id,
      agentId: t.assignee_id,
      kind: "assigned",
      ticketId: t.id,
      payload: { subject: t.subject, by: by?.name ?? null },
    });
  } else if (event.event === "ticket.updated") {
    const p = event.payload as OutboxEvent<"ticket.updated">["payload"];
    const to = p.changes.assignee_id?.to;
    if (typeof to !== "number") return;
    const t = await ticketForNotice(ctx.db, p.ticket_id);
    const by = await lastAssigner(ctx.db, p.ticket_id);
    // Taking a ticket yourself needs no notice.
    if (!t || by?.id === to) return;
    await notifyNow(ctx, {
      workspaceId: event.workspace_id,
      agentId: to,
      kind: "assigned",
      ticketId: t.id,
      payload: { subject: t.subject, by: by?.name ?? null },
    });
  } else if (event.event === "message.created") {
    const p = event.payload as OutboxEvent<"message.created">["payload"];
    const m = await messageForNotice(ctx.db, p.message_id);
    const t = m && (await ticketForNotice(ctx.db, p.ticket_id));
    if (!m || !t) return;
    if (m.author_type === "customer" && (await messagesUpTo(ctx.db, t.id, m.id)) > 1) {
      const to = new Set([...(t.assignee_id ? [t.assignee_id] : []), ...t.followers]);
      for (const agentId of to)
        await notifyNow(ctx, {
          workspaceId: event.workspace_id,
          agentId,
          kind: "customer_replied",
          ticketId: t.id,
          payload: { subject: t.subject, customer: m.customer_name ?? m.customer_email },
        });
    } else if (m.author_type === "agent" && m.internal === 1 && m.body_text.includes("@")) {
      const ids = mentioned(m.body_text, await activeAgentNames(ctx.db, event.workspace_id));
      for (const agentId of ids.filter((id) => id !== m.author_agent_id))
        await notifyNow(ctx, {
          workspaceId: event.workspace_id,
          agentId,
          kind: "mentioned",
          ticketId: t.id,
          payload: { subject: t.subject, by: m.agent_name, excerpt: excerpt(m.body_text) },
        });
    }
  }
}
