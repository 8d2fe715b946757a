import { words } from "./text";

// Which of our two languages a text is written in, from the common words of each (articles, prepositions,
// pronouns, greetings): enough for a customer's message, which has many of them. Pure functions.

export type Lang = "it" | "en";

/** Words that say nothing of what a text is about, per language (greetings and courtesy included). */
export const STOP: Record<Lang, Set<string>> = {
  it: new Set(
    `a ad al alla alle allo ai agli all anche ancora avere abbiamo avete hanno ho ha hai che chi ci come con contro
    cosa cui da dal dalla dalle dai dagli dei del della delle dello degli di dove e ed era essere gia gli ha il in
    io la le lei lo loro lui ma mi mia mie mio miei ne nei nel nella nelle nello noi non nostro nostra o per perche
    piu poi puo quale quando quanto quella quelle quello questa queste questo quindi se sei si sia siamo siete sono
    su sua sue suo suoi sul sulla tra tu tua tuo un una uno vi voi vostro vostra sempre molto fare fatto stato stata
    buongiorno buonasera salve gentile gentili grazie mille cordiali saluti distinti ciao saluto salutiamo prego
    vorrei potete potreste posso possiamo sapere chiedo chiedere avrei bisogno favore cortesemente ecco oggi ieri
    dopo fa dell nell sull dall mandare mandate mandatemi mandarmi mandarci inviare inviate inviatemi inviarmi
    inviarci`.split(/\s+/),
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

/**
 * Words that mark a language: frequent in it and not words of the other (so not "a", "in", "no", "come", "me",
 * "so", "i"), nor words a support message says in either ("team", "email"). Folded as `words()` gives them.
 */
export const MARKERS: Record<Lang, Set<string>> = {
  it: new Set(
    `il lo la gli le un una uno di del della dei delle dello degli da dal dalla dalle al alla alle allo ai agli nel
    nella nei sul sulla che non per con sono e ho ha hanno abbiamo avete mi ci si ma anche questo questa quello quella
    quando perche grazie buongiorno buonasera salve gentile cordiali saluti vorrei potete potreste nostro nostra
    vostro vostra mio mia io sempre ancora gia piu poi molto cosa dove ieri oggi stamattina ecco`.split(/\s+/),
  ),
  en: new Set(
    `the an of to and is are was were be been have has had you we they it this that these those with for from on at
    by not do does did can could would should will my our your hello hi thanks thank please regards dear yes since
    there what when where how why which who after before just`.split(/\s+/),
  ),
};

const LANGUAGE_SAMPLE = 600;

/**
 * The language of a customer's text, or null when it does not say clearly: at least three marking words of one
 * language, and twice as many as of the other ("Grazie" alone, or a message half in each, says nothing). Its first
 * LANGUAGE_SAMPLE characters are read: a few sentences say it, and it runs on the intake of every new request.
 */
export function languageOf(text: string): Lang | null {
  let it = 0;
  let en = 0;
  for (const w of words(text.slice(0, LANGUAGE_SAMPLE))) {
    if (MARKERS.it.has(w)) it++;
    else if (MARKERS.en.has(w)) en++;
  }
  if (it >= 3 && it >= 2 * en) return "it";
  if (en >= 3 && en >= 2 * it) return "en";
  return null;
}
