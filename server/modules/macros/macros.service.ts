import { ZMacroActions, type MacroActions, type MacroInput } from "../../../shared/answers";
import type { Macro, RenderedMacro } from "../../../shared/api/answers";
import type { Ctx } from "../../context";
import type { MacroRow } from "../../db/schema";
import type { AgentActor } from "../../http/actor";
import { ApiError, badRequest, forbidden, notFound } from "../../http/errors";
import { iso } from "../../lib/cursor";
import { can } from "../../policy";
import { teamExists } from "../tickets/tickets.queries";
import {
  agentName,
  countUse,
  deleteMacro,
  insertMacro,
  macroById,
  macroFamily,
  ticketForMacro,
  updateMacro,
  usageOf,
  visibleMacros,
} from "./macros.queries";
import { dueInWords, firstName, renderMacro, unknownPlaceholders } from "./macros.render";

// Canned replies: shared (written by supervisors and admins) or personal (seen by their owner alone), each in
// Italian or English, a translation pointing at its original; the customer's language picks the version.

const visible = (m: MacroRow, actor: AgentActor) => m.shared === 1 || m.owner_id === actor.agentId;

function present(m: MacroRow, usage: { macro_id: number; agent_id: number; uses: number }[], agentId: number): Macro {
  const mine = usage.filter((u) => u.macro_id === m.id);
  return {
    id: m.id,
    name: m.name,
    shortcut: m.shortcut,
    body_text: m.body_text,
    language: m.language,
    translation_of: m.translation_of,
    shared: m.shared === 1,
    owner_id: m.owner_id,
    actions: ZMacroActions.parse(JSON.parse(m.actions)),
    usage: {
      total: mine.reduce((n, u) => n + u.uses, 0),
      mine: mine.find((u) => u.agent_id === agentId)?.uses ?? 0,
    },
    updated_at: iso(m.updated_at),
  };
}

export async function listMacros(ctx: Ctx, actor: AgentActor, q?: string): Promise<Macro[]> {
  let rows = await visibleMacros(ctx, actor.workspaceId, actor.agentId);
  if (q) {
    const needle = q.toLowerCase();
    rows = rows.filter((m) => m.shortcut.includes(needle) || m.name.toLowerCase().includes(needle));
  }
  const usage = await usageOf(
    ctx,
    rows.map((m) => m.id),
  );
  return rows.map((m) => present(m, usage, actor.agentId));
}

async function loadVisible(ctx: Ctx, actor: AgentActor, id: number) {
  const m = await macroById(ctx, actor.workspaceId, id);
  if (!m || !visible(m, actor)) throw notFound("macro");
  return m;
}

/** A macro's rules: known placeholders, a team of the workspace, a translation of a visible original. */
async function check(ctx: Ctx, actor: AgentActor, input: MacroInput, selfId: number | null) {
  const unknown = unknownPlaceholders(input.body_text);
  if (unknown.length > 0)
    throw new ApiError(400, "unknown_placeholders", `unknown placeholders: ${unknown.join(", ")}`, { unknown });
  if (input.shared && !can(actor, "macro.share")) throw forbidden("Only supervisors and admins write shared macros");
  if (input.actions.team_id !== undefined && !(await teamExists(ctx, actor.workspaceId, input.actions.team_id)))
    throw badRequest("invalid_team", `team ${input.actions.team_id} does not exist`);
  if (input.translation_of !== null) {
    const original = await loadVisible(ctx, actor, input.translation_of);
    if (original.translation_of !== null || original.id === selfId)
      throw badRequest("invalid_translation", "a translation points at an original macro");
    if (original.language === input.language)
      throw badRequest("invalid_translation", "a translation is in the other language");
  }
}

const row = (input: MacroInput) => ({
  name: input.name,
  shortcut: input.shortcut,
  body_text: input.body_text,
  language: input.language,
  translation_of: input.translation_of,
  shared: input.shared ? 1 : 0,
  actions: JSON.stringify(input.actions),
});

export async function createMacro(ctx: Ctx, actor: AgentActor, input: MacroInput): Promise<Macro> {
  await check(ctx, actor, input, null);
  const now = Date.now();
  const m = await insertMacro(ctx, {
    ...row(input),
    workspace_id: actor.workspaceId,
    owner_id: actor.agentId,
    created_at: now,
    updated_at: now,
  });
  return present(m, [], actor.agentId);
}

/** Who may change a macro: its owner; a shared one, supervisors and admins too. */
async function loadWritable(ctx: Ctx, actor: AgentActor, id: number) {
  const m = await loadVisible(ctx, actor, id);
  if (m.owner_id !== actor.agentId && !(m.shared === 1 && can(actor, "macro.share")))
    throw forbidden("This macro is not yours to change");
  return m;
}

export async function patchMacro(ctx: Ctx, actor: AgentActor, id: number, patch: Partial<MacroInput>) {
  const m = await loadWritable(ctx, actor, id);
  const current = present(m, [], actor.agentId);
  const input: MacroInput = {
    name: patch.name ?? current.name,
    shortcut: patch.shortcut ?? current.shortcut,
    body_text: patch.body_text ?? current.body_text,
    language: patch.language ?? current.language,
    translation_of: patch.translation_of !== undefined ? patch.translation_of : current.translation_of,
    shared: patch.shared ?? current.shared,
    actions: patch.actions ?? current.actions,
  };
  await check(ctx, actor, input, id);
  const updated = await updateMacro(ctx, id, { ...row(input), updated_at: Date.now() });
  return present(updated, await usageOf(ctx, [id]), actor.agentId);
}

export async function removeMacro(ctx: Ctx, actor: AgentActor, id: number): Promise<void> {
  await loadWritable(ctx, actor, id);
  await deleteMacro(ctx, id);
}

/**
 * A macro filled in for a ticket, in its customer's language (the customer's, else the workspace's): the asked
 * macro or its translation in that language, if one is visible. With `use`, counts a use by the agent.
 */
export async function renderForTicket(
  ctx: Ctx,
  actor: AgentActor,
  id: number,
  input: { ticket_number: number; use: boolean },
): Promise<RenderedMacro> {
  const asked = await loadVisible(ctx, actor, id);
  const ticket = await ticketForMacro(ctx, actor.workspaceId, input.ticket_number);
  if (!ticket) throw notFound("ticket");
  const lang =
    ticket.customer_language === "en" || ticket.customer_language === "it"
      ? ticket.customer_language
      : ticket.default_language;
  const family = (await macroFamily(ctx, actor.workspaceId, asked.translation_of ?? asked.id)).filter((m) =>
    visible(m, actor),
  );
  const chosen = asked.language === lang ? asked : (family.find((m) => m.language === lang) ?? asked);
  const now = Date.now();
  const agent = await agentName(ctx, actor.agentId);
  const body = renderMacro(chosen.body_text, {
    "customer.first_name": firstName(ticket.customer_name) || ticket.customer_email,
    "customer.name": ticket.customer_name ?? ticket.customer_email,
    "ticket.number": String(ticket.number),
    "ticket.subject": ticket.subject,
    "agent.first_name": firstName(agent?.name),
    // The request's page in the portal: it asks a customer who is not signed in for a link by email.
    portal_link: `${ctx.config.publicUrl}/portal/requests/${ticket.number}`,
    "sla.next_due": dueInWords(ticket.sla_due_at, now, chosen.language),
  });
  if (input.use) await countUse(ctx, chosen.id, actor.agentId, now);
  const actions: MacroActions = ZMacroActions.parse(JSON.parse(chosen.actions));
  return { macro_id: chosen.id, language: chosen.language, body_text: body, actions };
}
