import type { NotifyProblem } from "../../../shared/listening";
import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { notFound } from "../../http/errors";
import { queueMail } from "../kudos/outbox-mail";
import { workspaceSender } from "../kudos/kudos.queries";
import { addMessage, updateTicket } from "../tickets/tickets.service";
import { impactRows, type ImpactRow, insertProblemEvent, problemById, updateProblemRow } from "./problems.queries";

// "It is fixed": every affected customer hears it once, in their language, through the normal outbox. A customer
// with an open ticket gets it as a reply on that ticket (threaded with their request, and solving it when asked);
// one whose tickets are all solved gets it as a notice. Public reviews are answered on their platform, not here.

type Lang = "it" | "en";
export const FIXED_TEXTS = {
  it: {
    subject: (title: string) => `Risolto: ${title}`,
    body: (name: string, title: string, note: string | undefined, company: string) =>
      [
        `Buongiorno ${name},`,
        "",
        `il problema che ci aveva segnalato («${title}») è stato risolto.`,
        ...(note ? ["", note] : []),
        "",
        "Grazie per la pazienza e per avercelo fatto sapere: se qualcosa non va ancora, risponda a questa email.",
        "",
        company,
      ].join("\n"),
  },
  en: {
    subject: (title: string) => `Fixed: ${title}`,
    body: (name: string, title: string, note: string | undefined, company: string) =>
      [
        `Hello ${name},`,
        "",
        `the problem you told us about ("${title}") is fixed.`,
        ...(note ? ["", note] : []),
        "",
        "Thank you for your patience and for letting us know: if anything is still wrong, just reply to this email.",
        "",
        company,
      ].join("\n"),
  },
} as const;

export async function notifyProblem(
  ctx: Ctx,
  actor: AgentActor,
  id: number,
  input: NotifyProblem,
  requestId: string | null,
): Promise<{ notified: number; solved: number }> {
  const p = await problemById(ctx, actor.workspaceId, id);
  if (!p) throw notFound("problem");
  const ws = (await workspaceSender(ctx, actor.workspaceId))!;
  const rows = (await impactRows(ctx, [id])).filter((r) => r.channel !== "review");
  const byCustomer = new Map<number, ImpactRow[]>();
  for (const r of rows) byCustomer.set(r.customer_id, [...(byCustomer.get(r.customer_id) ?? []), r]);
  let notified = 0;
  let solved = 0;
  for (const tickets of byCustomer.values()) {
    const c = tickets[0];
    const lang: Lang =
      c.customer_language === "en" || c.customer_language === "it" ? c.customer_language : ws.default_language;
    const name = (c.customer_name ?? "").split(/\s+/)[0] || c.customer_email;
    const text = FIXED_TEXTS[lang].body(name, p.title, lang === "it" ? input.note_it : input.note_en, ws.name);
    const open = tickets.filter((t) => t.is_open === 1).sort((a, b) => b.created_at - a.created_at);
    if (open.length) {
      await addMessage(
        ctx,
        actor,
        open[0].number,
        { body_text: text, internal: false, attachment_ids: [], ...(input.solve ? { status: "solved" as const } : {}) },
        requestId,
      );
      if (input.solve) solved++;
      for (const other of input.solve ? open.slice(1) : []) {
        await updateTicket(ctx, actor, other.number, { status: "solved" }, requestId);
        solved++;
      }
    } else {
      await queueMail(ctx, {
        workspaceId: actor.workspaceId,
        ticketId: tickets[tickets.length - 1].ticket_id,
        kind: "problem_fixed",
        to: c.customer_email,
        subject: FIXED_TEXTS[lang].subject(p.title),
        text,
      });
    }
    notified++;
  }
  const now = Date.now();
  await updateProblemRow(ctx, id, {
    notified_at: now,
    updated_at: now,
    status: p.status === "open" ? "fixed" : p.status,
  });
  await insertProblemEvent(ctx, {
    problem_id: id,
    workspace_id: actor.workspaceId,
    type: "notified",
    actor_id: actor.agentId,
    data: { customers: notified, solved },
  });
  return { notified, solved };
}
