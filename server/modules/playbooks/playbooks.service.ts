import type { PlaybookInput } from "../../../shared/answers";
import type { Playbook, PlaybookChecklist, TicketPlaybook } from "../../../shared/api/answers";
import { type Ctx, tx } from "../../context";
import type { PlaybookRow } from "../../db/schema";
import type { AgentActor } from "../../http/actor";
import { badRequest, notFound } from "../../http/errors";
import { iso } from "../../lib/cursor";
import { findTicketByNumber } from "../tickets/tickets.queries";
import { recordEvent } from "../tickets/tickets.write";
import { matchOf, stemSet } from "./playbooks.match";
import {
  checksOf,
  deletePlaybook,
  insertPlaybook,
  macroNames,
  playbookById,
  playbooksOf,
  setCheck,
  ticketTexts,
  updatePlaybook,
} from "./playbooks.queries";

// Playbooks for hard moments: steps as a checklist, mistakes to avoid, suggested macros. A translation shares its
// original's checklist on a ticket (ticked in Italian, ticked in English), and a ticket is matched on the tags
// and keywords of every version.

type Lang = "it" | "en";
const list = <T>(json: string) => JSON.parse(json) as T[];
const rootOf = (p: PlaybookRow) => p.translation_of ?? p.id;

export function presentPlaybook(p: PlaybookRow): Playbook {
  return {
    id: p.id,
    title: p.title,
    language: p.language,
    translation_of: p.translation_of,
    match: { tags: list<string>(p.match_tags), keywords: list<string>(p.match_keywords) },
    steps: list<string>(p.steps),
    mistakes: list<string>(p.mistakes),
    macro_ids: list<number>(p.macro_ids),
    updated_at: iso(p.updated_at),
  };
}

export async function listPlaybooks(ctx: Ctx, actor: AgentActor): Promise<Playbook[]> {
  return (await playbooksOf(ctx, actor.workspaceId)).map(presentPlaybook);
}

async function loadPlaybook(ctx: Ctx, actor: AgentActor, id: number) {
  const p = await playbookById(ctx, actor.workspaceId, id);
  if (!p) throw notFound("playbook");
  return p;
}

async function check(ctx: Ctx, actor: AgentActor, input: PlaybookInput, selfId: number | null) {
  if (input.translation_of !== null) {
    const original = await loadPlaybook(ctx, actor, input.translation_of);
    if (original.translation_of !== null || original.id === selfId || original.language === input.language)
      throw badRequest("invalid_translation", "a translation points at an original in the other language");
  }
  const found = await macroNames(ctx, actor.workspaceId, input.macro_ids);
  const missing = input.macro_ids.filter((id) => !found.some((m) => m.id === id));
  if (missing.length > 0) throw badRequest("invalid_macro", `macros ${missing.join(", ")} do not exist`);
}

const row = (input: PlaybookInput) => ({
  title: input.title,
  language: input.language,
  translation_of: input.translation_of,
  match_tags: JSON.stringify(input.match.tags),
  match_keywords: JSON.stringify(input.match.keywords),
  steps: JSON.stringify(input.steps),
  mistakes: JSON.stringify(input.mistakes),
  macro_ids: JSON.stringify(input.macro_ids),
});

export async function createPlaybook(ctx: Ctx, actor: AgentActor, input: PlaybookInput): Promise<Playbook> {
  await check(ctx, actor, input, null);
  const now = Date.now();
  return presentPlaybook(
    await insertPlaybook(ctx, { ...row(input), workspace_id: actor.workspaceId, created_at: now, updated_at: now }),
  );
}

export async function patchPlaybook(ctx: Ctx, actor: AgentActor, id: number, patch: Partial<PlaybookInput>) {
  const current = presentPlaybook(await loadPlaybook(ctx, actor, id));
  const input: PlaybookInput = {
    title: patch.title ?? current.title,
    language: patch.language ?? current.language,
    translation_of: patch.translation_of !== undefined ? patch.translation_of : current.translation_of,
    match: patch.match ?? current.match,
    steps: patch.steps ?? current.steps,
    mistakes: patch.mistakes ?? current.mistakes,
    macro_ids: patch.macro_ids ?? current.macro_ids,
  };
  await check(ctx, actor, input, id);
  return presentPlaybook(await updatePlaybook(ctx, id, { ...row(input), updated_at: Date.now() }));
}

export async function removePlaybook(ctx: Ctx, actor: AgentActor, id: number): Promise<void> {
  await loadPlaybook(ctx, actor, id);
  await deletePlaybook(ctx, id);
}

async function ticketOf(ctx: Ctx, actor: AgentActor, number: number) {
  const ticket = await findTicketByNumber(ctx, actor.workspaceId, number);
  if (!ticket) throw notFound("ticket");
  return ticket;
}

/** The checklist of a playbook family on a ticket, as long as the version shown. */
const checklist = (checks: { playbook_id: number; step_index: number }[], root: number, steps: number) =>
  Array.from({ length: steps }, (_, i) => checks.some((c) => c.playbook_id === root && c.step_index === i));

/** The playbooks matching the ticket, each in `lang` when translated, best match first, with its checklist. */
export async function ticketPlaybooks(ctx: Ctx, actor: AgentActor, number: number, lang: Lang) {
  const ticket = await ticketOf(ctx, actor, number);
  const all = await playbooksOf(ctx, actor.workspaceId);
  if (all.length === 0) return [];
  const texts = [ticket.subject, ...(await ticketTexts(ctx, ticket.id)).map((m) => m.body_text)];
  const facts = { tags: JSON.parse(ticket.tags) as string[], text: stemSet(texts) };
  const families = new Map<number, PlaybookRow[]>();
  for (const p of all) families.set(rootOf(p), [...(families.get(rootOf(p)) ?? []), p]);
  const checks = await checksOf(ctx, ticket.id);
  const found: { score: number; version: PlaybookRow; root: number; matched: TicketPlaybook["matched"] }[] = [];
  for (const [root, versions] of families) {
    const rule = {
      tags: [...new Set(versions.flatMap((v) => list<string>(v.match_tags)))],
      keywords: [...new Set(versions.flatMap((v) => list<string>(v.match_keywords)))],
    };
    const matched = matchOf(rule, facts);
    if (!matched) continue;
    const version = versions.find((v) => v.language === lang) ?? versions.find((v) => v.id === root) ?? versions[0]!;
    found.push({ score: matched.tags.length * 2 + matched.keywords.length, version, root, matched });
  }
  found.sort((a, b) => b.score - a.score || a.root - b.root);
  const macroIds = [...new Set(found.flatMap((f) => list<number>(f.version.macro_ids)))];
  const macros = (await macroNames(ctx, actor.workspaceId, macroIds)).filter(
    (m) => m.shared === 1 || m.owner_id === actor.agentId,
  );
  return found.map(({ version, root, matched }): TicketPlaybook => {
    const p = presentPlaybook(version);
    return {
      playbook: p,
      matched,
      checked: checklist(checks, root, p.steps.length),
      macros: p.macro_ids.flatMap((id) => {
        const m =
          macros.find((x) => (x.id === id || x.translation_of === id) && x.language === lang) ??
          macros.find((x) => x.id === id);
        return m ? [{ id: m.id, name: m.name, shortcut: m.shortcut }] : [];
      }),
    };
  });
}

/**
 * Ticks (or unticks) a step of a playbook on a ticket and records where its checklist stands in the timeline
 * ("playbook Cliente arrabbiato: 3 of 5 steps"); ticking a ticked step changes nothing and records nothing.
 */
export async function tickStep(
  ctx: Ctx,
  actor: AgentActor,
  v: { number: number; id: number; index: number; checked: boolean },
  requestId: string | null,
): Promise<PlaybookChecklist> {
  const ticket = await ticketOf(ctx, actor, v.number);
  const playbook = await loadPlaybook(ctx, actor, v.id);
  const root = rootOf(playbook);
  const total = list<string>(playbook.steps).length;
  if (v.index >= total) throw badRequest("invalid_step", `the playbook has ${total} steps`);
  return tx(ctx, requestId, async (uow) => {
    const before = checklist(await checksOf(uow.trx, ticket.id), root, total);
    if (before[v.index] !== v.checked) {
      await setCheck(
        uow.trx,
        { ticket_id: ticket.id, playbook_id: root, step_index: v.index, agent_id: actor.agentId },
        v.checked,
      );
      before[v.index] = v.checked;
      await recordEvent(uow.trx, ticket, actor, "playbook_step", {
        playbook_id: root,
        title: playbook.title,
        step: v.index,
        checked: v.checked,
        done: before.filter(Boolean).length,
        total,
      });
    }
    return { playbook_id: playbook.id, checked: before };
  });
}
