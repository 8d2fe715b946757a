import { stemmer as stemEn } from "@orama/stemmers/english";
import { stemmer as stemIt } from "@orama/stemmers/italian";
import { words } from "../search/text";

// A question as a bag of stems: words folded (search/text.ts), stopwords and the greetings every message has
// dropped, each stemmed in the question's language. Pure functions.

export type Lang = "it" | "en";

const STOP: Record<Lang, Set<string>> = {
  it: new Set(
    `a ad al alla alle allo ai agli all anche ancora avere abbiamo avete hanno ho ha hai che chi ci come con contro
    cosa cui da dal dalla dalle dai dagli dei del della delle dello degli di dove e ed era essere gia gli ha il in
    io la le lei lo loro lui ma mi mia mie mio miei ne nei nel nella nelle nello noi non nostro nostra o per perche
    piu poi puo quale quando quanto quella quelle quello questa queste questo quindi se sei si sia siamo siete sono
    su sua sue suo suoi sul sulla tra tu tua tuo un una uno vi voi vostro vostra sempre molto fare fatto stato stata
    buongiorno buonasera salve gentile gentili grazie mille cordiali saluti distinti ciao saluto salutiamo prego
    vorrei potete potreste posso possiamo sapere chiedo chiedere avrei bisogno favore cortesemente ecco oggi ieri
    dopo fa dell nell sull dall`.split(/\s+/),
  ),
  en: new Set(
    `a about above after again all am an and any are as at be been before being below between both but by can could
    did do does doing down during each few for from further had has have having he her here hers him his how i if in
    into is it its itself just me more most my no nor not now of off on once only or other our ours out over own same
    she should so some such than that the their theirs them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your yours yourself
    hello hi dear thanks thank regards kind best cheers please sincerely team support could would like need know
    get got us let also today yesterday`.split(/\s+/),
  ),
};
/**
 * A word (folded, as `words()` gives it) that says nothing of a question in either language: a stopword, a greeting,
 * a single letter (the "l" of "l'app").
 */
export const isStopword = (word: string) => word.length < 2 || STOP.it.has(word) || STOP.en.has(word);

/** Words of two stopword lists found in a text: a text without a known customer language is the one with more. */
export function detectLanguage(text: string, fallback: Lang): Lang {
  let it = 0;
  let en = 0;
  for (const w of words(text.slice(0, 2000))) {
    if (STOP.it.has(w)) it++;
    if (STOP.en.has(w)) en++;
  }
  return it === en ? fallback : it > en ? "it" : "en";
}

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
