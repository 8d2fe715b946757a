import { stemmer as stemEn } from "@orama/stemmers/english";
import { stemmer as stemIt } from "@orama/stemmers/italian";

// Accent-insensitive, stemmed terms for search: "perché è arrivato" and "perche arrivata" meet at
// "perch"/"arriv". A word is stemmed with both Italian and English Snowball stemmers: a ticket rarely says
// which language it is in, and a mixed index costs a few extra terms per word.

const WORD = /[\p{L}\p{N}]+/gu;
/** A word as written: letters and digits with their combining marks (an accent typed as a separate character). */
const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;
const MAX_TERMS_TEXT = 200_000;

export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

// A support inbox reuses a small vocabulary: each distinct word is folded and stemmed once, then remembered
// (normalising and stemming every word of every message was a fifth of reading an email).
const CACHE_MAX = 50_000;
const folded = new Map<string, string>();
const stemmed = new Map<string, string[]>();
const termsOf = new Map<string, string>();

/** A token's folded form, remembered. Folding word by word gives what folding the whole text would. */
function foldToken(token: string): string {
  let f = folded.get(token);
  if (f === undefined) {
    f = fold(token);
    if (folded.size >= CACHE_MAX) folded.clear();
    folded.set(token, f);
  }
  return f;
}

/** The text's words, folded: lower case, without accents. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const token of text.slice(0, MAX_TERMS_TEXT).toLowerCase().match(TOKEN) ?? []) {
    const f = foldToken(token);
    if (f) out.push(f);
  }
  return out;
}

export function stems(word: string): string[] {
  if (word.length < 3 || /^\d+$/.test(word)) return [word];
  const hit = stemmed.get(word);
  if (hit) return hit;
  const it = stemIt(word);
  const en = stemEn(word);
  const out = it === en ? [it] : [it, en];
  if (stemmed.size >= CACHE_MAX) stemmed.clear();
  stemmed.set(word, out);
  return out;
}

/** The FTS5 document: every stem of every word, space-separated. */
export function toTerms(text: string): string {
  const out: string[] = [];
  for (const token of text.slice(0, MAX_TERMS_TEXT).toLowerCase().match(TOKEN) ?? []) {
    let t = termsOf.get(token);
    if (t === undefined) {
      const f = foldToken(token);
      t = f ? stems(f).join(" ") : "";
      if (termsOf.size >= CACHE_MAX) termsOf.clear();
      termsOf.set(token, t);
    }
    if (t) out.push(t);
  }
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
  return (
    (start > 0 ? "… " : "") + highlight(window, q, Number.MAX_SAFE_INTEGER) + (start + maxLen < text.length ? " …" : "")
  );
}

/**
 * Each ticket's snippet: its latest public message with the query's words marked, or an older one when only
 * that one has a match. `replies` come newest first.
 */
export function snippets(replies: { ticket_id: number; reply_text: string }[], q: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const r of replies) {
    const marked = highlight(r.reply_text, q);
    if (!out.has(r.ticket_id) || (!out.get(r.ticket_id)!.includes("<mark>") && marked.includes("<mark>")))
      out.set(r.ticket_id, marked);
  }
  return out;
}
