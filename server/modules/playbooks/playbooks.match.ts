import { stems, words } from "../search/text";

// Which playbooks fit a ticket. One of their tags on the ticket, or one of their keywords in its text, words
// compared by their Italian and English stems ("rimborsare" meets "rimborso", "refunded" meets "refund").

/** Every stem of every word of the texts. */
export function stemSet(texts: string[]): Set<string> {
  const out = new Set<string>();
  for (const text of texts) for (const w of words(text)) for (const s of stems(w)) out.add(s);
  return out;
}

/** A keyword is in the text when each of its words (three letters or more) is, through any of its stems. */
export function keywordIn(keyword: string, text: Set<string>): boolean {
  const ws = words(keyword).filter((w) => w.length >= 3);
  return ws.length > 0 && ws.every((w) => stems(w).some((s) => text.has(s)));
}

export function matchOf(
  rule: { tags: string[]; keywords: string[] },
  ticket: { tags: string[]; text: Set<string> },
): { tags: string[]; keywords: string[] } | null {
  const tags = rule.tags.filter((t) => ticket.tags.includes(t));
  const keywords = rule.keywords.filter((k) => keywordIn(k, ticket.text));
  return tags.length > 0 || keywords.length > 0 ? { tags, keywords } : null;
}
