import { stems, words } from "../search/text";

// An article's search terms, made with the search module's folding and Italian/English stemming
// (modules/search/text.ts). Kept in kb_terms (the same SQL on SQLite and PostgreSQL), with each term's one-letter
// deletions in kb_term_keys: a query word and a term within one edit (a letter wrong, missing, extra or two
// swapped) share a key, so a typo is a lookup of a few keys, never a scan of the vocabulary (SymSpell's idea).

/** Words too common to say what an article is about; a subject like "non riesco ad accedere" keeps its meaning. */
const STOPWORDS = new Set(
  (
    "a ad al alla alle allo agli ai anche che chi ci come con cosa da dal dalla dei del della delle dello di do e ed " +
    "gli ha hai hanno ho i il in io la le lo ma mi mia mie miei mio ne nel nella nelle no non o per perche piu po " +
    "posso puo qual quale quando questo questa se si sia sono su sul sulla ti tu tua tuo un una uno vi voi " +
    "an and are as at be but by can could do does for from have how i if in is it its me my no not of on or our " +
    "should so that the their them there this to was we what when where which who why will with would you your"
  ).split(" "),
);

/** A typo is tolerated on query words of this many letters or more. */
export const TYPO_MIN_WORD = 5;
/** Terms shorter than this get no deletion keys (a four-letter stem of a five-letter word still does). */
const KEYED_MIN_TERM = 4;

/** The words that count in a text: folded, without stopwords. */
export const meaningfulWords = (text: string) => words(text).filter((w) => !STOPWORDS.has(w));

/** Each term of an article with its weight: 3 when it is in the title, 1 when only in the body. */
export function articleTerms(title: string, body: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const w of meaningfulWords(body)) for (const s of stems(w)) if (s.length <= 64) out.set(s, 1);
  for (const w of meaningfulWords(title)) for (const s of stems(w)) if (s.length <= 64) out.set(s, 3);
  return out;
}

/** A term and its one-letter deletions: the keys it is found under. */
export function deletionKeys(term: string): string[] {
  if (term.length < KEYED_MIN_TERM) return [];
  const keys = new Set([term]);
  for (let i = 0; i < term.length; i++) keys.add(term.slice(0, i) + term.slice(i + 1));
  return [...keys];
}

/** Optimal string alignment distance, stopping early: whether a and b are within one edit. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // one letter replaced
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // two letters swapped
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** A query as search reads it: each meaningful word with its stems, and whether a typo may be forgiven. */
export interface QueryWord {
  word: string;
  stems: string[];
  fuzzy: boolean;
}

export function parseQuery(q: string): QueryWord[] {
  const seen = new Set<string>();
  const out: QueryWord[] = [];
  for (const w of meaningfulWords(q)) {
    if (seen.has(w) || out.length >= 12) continue;
    seen.add(w);
    out.push({ word: w, stems: stems(w), fuzzy: w.length >= TYPO_MIN_WORD });
  }
  return out;
}

/** Plain text of Markdown, for snippets: marks, links' addresses and images removed. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[`*_>#|~]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
