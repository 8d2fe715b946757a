import type { ProblemSuggestion } from "../../../shared/api/listening";
import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { json } from "../../lib/cursor";
import { firstMessages, recentTaggedTickets } from "./problems.queries";

// Suggested problems: among the last 30 days' tickets not yet in a problem, those with the same product-area tags
// whose subject and first message share at least two meaningful words. Computed on request from at most 1,000
// recent tickets; a suggestion becomes a problem only when someone creates it.

const STOP = new Set(
  "buongiorno buonasera salve grazie cordiali saluti ciao della delle dello degli nella nelle questo questa quando sempre ancora perché dopo prima hello thanks thank regards please there their which would could about after before again still with from have this that your when what".split(
    " ",
  ),
);

export function wordsOf(text: string): Set<string> {
  const folded = text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  return new Set((folded.match(/\p{L}{4,}/gu) ?? []).filter((w) => !STOP.has(w)));
}

type Item = { number: number; subject: string; words: Set<string> };

export async function suggestProblems(ctx: Ctx, actor: AgentActor): Promise<ProblemSuggestion[]> {
  const tickets = await recentTaggedTickets(ctx, actor.workspaceId, Date.now() - 30 * 86_400_000, 1000);
  const first = new Map<number, string>();
  for (const m of await firstMessages(
    ctx,
    tickets.map((t) => t.id),
  ))
    if (!first.has(m.ticket_id)) first.set(m.ticket_id, m.reply_text);
  const groups = new Map<string, Item[]>();
  for (const t of tickets) {
    const tags = json<string[]>(t.tags, [])
      .filter((x) => x !== "review")
      .sort();
    if (!tags.length) continue;
    const key = tags.join(",");
    const words = wordsOf(`${t.subject} ${(first.get(t.id) ?? "").slice(0, 2000)}`);
    groups.set(key, [...(groups.get(key) ?? []), { number: t.number, subject: t.subject, words }]);
  }
  const out: ProblemSuggestion[] = [];
  for (const [key, items] of groups) {
    const clusters: { items: Item[]; words: Map<string, number> }[] = [];
    for (const item of items) {
      const home = clusters.find((c) => [...item.words].filter((w) => c.words.has(w)).length >= 2);
      const cluster = home ?? { items: [], words: new Map<string, number>() };
      if (!home) clusters.push(cluster);
      cluster.items.push(item);
      for (const w of item.words) cluster.words.set(w, (cluster.words.get(w) ?? 0) + 1);
    }
    for (const c of clusters.filter((c) => c.items.length >= 2))
      out.push({
        tags: key.split(","),
        words: [...c.words.entries()]
          .filter(([, n]) => n >= 2)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5)
          .map(([w]) => w),
        tickets: c.items.map((i) => ({ number: i.number, subject: i.subject })),
      });
  }
  return out.sort((a, b) => b.tickets.length - a.tickets.length).slice(0, 10);
}
