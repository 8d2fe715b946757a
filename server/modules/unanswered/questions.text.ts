import { stemmer as stemEn } from "@orama/stemmers/english";
import { stemmer as stemIt } from "@orama/stemmers/italian";
import { type Lang, STOP } from "../search/language";
import { words } from "../search/text";

// A question as a bag of stems: words folded (search/text.ts), stopwords and the greetings every message has
// dropped, each stemmed in the question's language. Pure functions.

const CACHE_MAX = 100_000;
const cache: Record<Lang, Map<string, string>> = { it: new Map(), en: new Map() };

/**
 * Stems cut to seven letters: Snowball leaves "decalcificazione" as "decalcif" but "decalcificare" as
 * "decalcific", and questions about one thing should meet.
 */
const CUT = 7;

function stem(word: string, lang: Lang): string {
  const c = cache[lang];
  let s = c.get(word);
  if (s === undefined) {
    s = (lang === "it" ? stemIt(word) : stemEn(word)).slice(0, CUT);
    if (c.size >= CACHE_MAX) c.clear();
    c.set(word, s);
  }
  return s;
}

/** The stems of a question with how often each occurs, and a word as written for each stem. */
export function questionTerms(text: string, lang: Lang): { tf: Map<string, number>; surface: Map<string, string> } {
  const tf = new Map<string, number>();
  const surface = new Map<string, string>();
  for (const w of words(text.slice(0, 3000))) {
    if (w.length < 3 || STOP[lang].has(w) || /^\d+$/.test(w)) continue;
    const s = stem(w, lang);
    tf.set(s, (tf.get(s) ?? 0) + 1);
    if (!surface.has(s)) surface.set(s, w);
  }
  return { tf, surface };
}

/** TF-IDF weights, normalised to length 1: `(1 + ln tf) · ln((N + 1) / (df + 1)) + 1`. */
export function vectorOf(tf: Map<string, number>, df: (term: string) => number, docs: number): Map<string, number> {
  const v = new Map<string, number>();
  let norm = 0;
  for (const [t, n] of tf) {
    const w = (1 + Math.log(n)) * (Math.log((docs + 1) / (df(t) + 1)) + 1);
    v.set(t, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [t, w] of v) v.set(t, w / norm);
  return v;
}
