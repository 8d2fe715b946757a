import { stemmer as stemEn } from "@orama/stemmers/english";
import { stemmer as stemIt } from "@orama/stemmers/italian";

// Accent-insensitive, stemmed terms for search: "perché è arrivato" and "perche arrivata" meet at
// "perch"/"arriv". A word is stemmed with both Italian and English Snowball stemmers: a ticket rarely says
// which language it is in, and a mixed index costs a few extra terms per word.

const WORD = /[\p{L}\p{N}]+/gu;
const MAX_TERMS_TEXT = 200_000;

export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}

export function words(text: string): string[] {
  return fold(text.slice(0, MAX_TERMS_TEXT)).match(WORD) ?? [];
}

// Stemming dominates indexing time and a support inbox reuses a small vocabulary: remember recent words.
const cache = new Map<string, string[]>();
const CACHE_MAX = 50_000;

export function stems(word: string): string[] {
  if (word.length < 3 || /^\d+$/.test(word)) return [word];
  const hit = cache.get(word);
  if (hit) return hit;
  const it = stemIt(word);
  const en = stemEn(word);
  const out = it === en ? [it] : [it, en];
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(word, out);
  return out;
}

/** The FTS5 document: every stem of every word, space-separated. */
export function toTerms(text: string): string {
  const out: string[] = [];
  for (const w of words(text)) out.push(...stems(w));
  return out.join(" ");
}

/** An FTS5 MATCH expression: every query word must match, through any of its stems (prefix for the last word). */
export function toFtsQuery(q: string): string | null {
  const ws = words(q);
  if (ws.length === 0) return null;
  return ws
    .map((w) => {
      const alts = stems(w).map((s) => `"${s}"`);
      return alts.length === 1 ? alts[0] : `(${alts.join(" OR ")})`;
    })
    .join(" AND ");
}

/** Marks, in a snippet of the original text, the words whose stems match a query word. */
export function highlight(text: string, q: string, maxLen = 240): string {
  const wanted = new Set(words(q).flatMap(stems));
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  let firstHit = -1;
  const parts: string[] = [];
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    const hit = stems(fold(m[0])).some((s) => wanted.has(s));
    if (!hit) continue;
    if (firstHit < 0) firstHit = m.index;
    parts.push(escape(text.slice(last, m.index)), `<mark>${escape(m[0])}</mark>`);
    last = m.index + m[0].length;
  }
  parts.push(escape(text.slice(last)));
  const marked = parts.join("");
  // Cut a window around the first hit, counting only visible characters roughly.
  if (text.length <= maxLen) return marked;
  const start = Math.max(0, (firstHit < 0 ? 0 : firstHit) - 60);
  const window = text.slice(start, start + maxLen);
  return (start > 0 ? "… " : "") + highlight(window, q, Number.MAX_SAFE_INTEGER) + (start + maxLen < text.length ? " …" : "");
}
