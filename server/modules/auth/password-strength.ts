import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { ApiError } from "../../http/errors";

/**
 * Password strength with zxcvbn-ts and its common, English and Italian dictionaries: a password scoring below
 * MIN_SCORE (of 0-4: "too guessable", "very guessable", "somewhat guessable", "safely unguessable", "very
 * unguessable") is refused wherever one is set. The dictionaries are several megabytes: loaded on the first
 * check, so a node that never sets a password neither starts slower nor holds them.
 */
export const MIN_SCORE = 3;

interface Loaded {
  zxcvbn: ZxcvbnFactory;
  texts: Record<"en" | "it", { warnings: Record<string, string>; suggestions: Record<string, string> }>;
}
let loading: Promise<Loaded> | null = null;
let idle: NodeJS.Timeout | null = null;
/** The checker is let go after this long unused: a node sets passwords rarely, it need not hold the dictionaries. */
const KEEP_MS = 10 * 60_000;

/** Lets the checker and its dictionaries go (after KEEP_MS unused; at once for tests and benchmarks). */
export function releasePasswordChecker(): void {
  loading = null;
  if (idle) clearTimeout(idle);
  idle = null;
}

function checker(): Promise<Loaded> {
  loading ??= load();
  if (idle) clearTimeout(idle);
  idle = setTimeout(releasePasswordChecker, KEEP_MS).unref();
  return loading;
}

async function load(): Promise<Loaded> {
  const [{ ZxcvbnFactory }, common, en, it] = await Promise.all([
    import("@zxcvbn-ts/core"),
    import("@zxcvbn-ts/language-common"),
    import("@zxcvbn-ts/language-en"),
    import("@zxcvbn-ts/language-it"),
  ]);
  // The Italian package's lists carry no language suffix: named apart from the English ones.
  const italian = Object.fromEntries(Object.entries(it.dictionary).map(([name, words]) => [`${name}-it`, words]));
  const zxcvbn = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...italian },
    graphs: common.adjacencyGraphs,
    // No translations: the feedback comes as keys (warnings.common, suggestions.anotherWord), which the API
    // sends and the web app shows in the reader's language.
  });
  return { zxcvbn, texts: { en: en.translations, it: it.translations } };
}

export interface Strength {
  score: number;
  /** A key of zxcvbn's warnings (common, simpleRepeat, userInputs…), or null. */
  warning: string | null;
  /** Keys of zxcvbn's suggestions (anotherWord, capitalization…). */
  suggestions: string[];
}

/** How guessable a password is; userInputs are words a guesser knows (the person's name and email). */
export async function passwordStrength(password: string, userInputs: string[] = []): Promise<Strength> {
  const { zxcvbn } = await checker();
  const inputs = userInputs.flatMap((s) => [s, ...s.split(/[@.\s_-]+/)]).filter((s) => s.length >= 3);
  const r = zxcvbn.check(password.slice(0, 200), inputs);
  return { score: r.score, warning: r.feedback.warning || null, suggestions: r.feedback.suggestions };
}

/** Refuses a weak password: 400 weak_password, with the score and zxcvbn's feedback keys in `details`. */
export async function assertStrongPassword(password: string, userInputs: string[] = []): Promise<void> {
  const s = await passwordStrength(password, userInputs);
  if (s.score >= MIN_SCORE) return;
  throw new ApiError(400, "weak_password", "The password is too easy to guess: choose a longer or less common one", {
    score: s.score,
    min_score: MIN_SCORE,
    warning: s.warning,
    suggestions: s.suggestions,
  });
}

/** Why a password is weak, in Italian and English (for the CLI, which has no reader's language). */
export async function weakPasswordText(password: string, userInputs: string[] = []): Promise<string | null> {
  const s = await passwordStrength(password, userInputs);
  if (s.score >= MIN_SCORE) return null;
  const { texts } = await checker();
  const line = (lang: "en" | "it", lead: string) =>
    [lead, s.warning ? texts[lang].warnings[s.warning] : null, ...s.suggestions.map((k) => texts[lang].suggestions[k])]
      .filter(Boolean)
      .join(" ");
  return `${line("en", "The password is too easy to guess.")}\n${line("it", "La password è troppo facile da indovinare.")}`;
}
