// Scores the reply extraction on ../shared/corpora/reply-expectations, by the rules of its README: a case is
// right when the result is the expected text, the expected text plus at most one extra line, or (talon and
// quotequail, whose expectations keep signatures) the expected text minus a trailing signature. A case where a
// line the expected result keeps is in none of the parts we show (new text, signature, forwarded message) is
// "cut": text the customer wrote, hidden.
import fs from "node:fs";
import path from "node:path";
import { readMail } from "../server/modules/email/read-mail";
import { extractMessageParts, htmlToQuotedText } from "../server/modules/email/reply-html";
import type { ReplyParts } from "../server/modules/email/reply";

type Case = {
  name: string;
  group?: string;
  format: "text" | "html" | "eml";
  file?: string;
  input?: string;
  text?: string;
  expected?: string;
  expectedFile?: string;
  expectedHtml?: string;
  compare: string;
};
export type Outcome = {
  set: string;
  name: string;
  group: string;
  right: boolean;
  cut: boolean;
  got: string;
  want: string;
};

const lines = (s: string) =>
  s
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.replace(/[ \t\u00a0]+$/, ""));
const collapse = (s: string) =>
  lines(s)
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
const unquote = (s: string) =>
  lines(s)
    .map((l) => l.replace(/^(\s*>)+\s?/, ""))
    .join("\n");
const noSpace = (s: string) => s.replace(/\s+/g, "");
/** Blank lines and the spaces around each line do not count. */
const collapseBlank = (s: string) =>
  lines(s)
    .map((l) => l.trim())
    .filter(Boolean)
    .join("\n");

/** Equal, or equal once one line of `got` is left out. */
function closeEnough(got: string, want: string, norm: (s: string) => string): boolean {
  if (norm(got) === norm(want)) return true;
  const g = lines(got);
  for (let i = 0; i < g.length; i++) {
    if (!g[i].trim()) continue;
    if (norm(g.filter((_, j) => j !== i).join("\n")) === norm(want)) return true;
  }
  return false;
}

export async function scoreReplies(root: string): Promise<Outcome[]> {
  const dir = path.join(root, "reply-expectations");
  if (!fs.existsSync(dir)) return [];
  const outcomes: Outcome[] = [];
  for (const set of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, set, "cases.json");
    if (!fs.existsSync(file)) continue;
    const { cases } = JSON.parse(fs.readFileSync(file, "utf8")) as { cases: Case[] };
    const keepsSignatures = /talon|quotequail/.test(set);
    const showsForwards = /talon/.test(set);
    for (const c of cases) {
      const input = c.file ? fs.readFileSync(path.join(dir, set, c.file)) : Buffer.from(c.input ?? c.text ?? "");
      const want = c.expectedFile
        ? fs.readFileSync(path.join(dir, set, c.expectedFile), "utf8")
        : (c.expected ?? c.expectedHtml ?? "");
      let parts: ReplyParts;
      if (c.format === "eml") {
        const mail = await readMail(input);
        parts = extractMessageParts({ text: mail.text, html: mail.htmlSource, subject: mail.subject });
      } else if (c.format === "html") parts = extractMessageParts({ text: "", html: input.toString("utf8") });
      else parts = extractMessageParts({ text: input.toString("utf8"), html: null });
      const shown = [parts.reply, showsForwards ? parts.forwarded : null].filter(Boolean).join("\n\n");
      const kept = [parts.reply, parts.signature, parts.forwarded].filter(Boolean).join("\n");
      const html = c.compare !== "exact";
      const wantText = html ? htmlToQuotedText(want) : want;
      // Visible words: a horizontal rule or an empty quote marker is no word.
      const words = (s: string) =>
        lines(unquote(s))
          .filter((l) => /[\p{L}\p{N}]/u.test(l))
          .join("\n");
      const norm = html ? (s: string) => noSpace(words(s)) : collapse;
      const right =
        closeEnough(shown, wantText, norm) ||
        (keepsSignatures && !!parts.signature && closeEnough(`${shown}\n\n${parts.signature}`, wantText, norm));
      const keptFlat = noSpace(unquote(kept));
      // Lines the expected result quotes (">") are someone else's words; lines with no word are no text.
      const customer = html ? lines(unquote(wantText)) : lines(wantText).filter((l) => !/^\s*>/.test(l));
      const cut = customer.some((l) => /[\p{L}\p{N}]/u.test(l) && !keptFlat.includes(noSpace(unquote(l))));
      outcomes.push({ set, name: c.name, group: c.group ?? "", right, cut, got: shown, want: wantText });
    }
  }
  return outcomes;
}

/** Our own expectation for one body of email-replies-crisp: 1-based line ranges ("1-4,7") of the file. */
type CrispExpectation = { reply: string; signature?: string; forwarded?: string; note?: string };

const pick = (all: string[], ranges: string | undefined): string =>
  (ranges ?? "")
    .split(",")
    .filter((r) => r.trim())
    .flatMap((r) => {
      const [a, b = a] = r.split("-").map(Number);
      return all.slice(a - 1, b);
    })
    .join("\n");

/**
 * Scores the crisp set against the expectations written for it in this repository (crisp-expectations.json,
 * line numbers only: the corpus stays outside the repository). The same rules as above: right is the expected
 * new text (inline answers: less the quoted lines they answer), or it with one extra line, or it with its
 * signature left in (the customer's words, shown); a
 * forward must be kept as the forwarded part; cut is a line of the new text or the forward in no part we show.
 */
export function scoreCrisp(root: string, expectationsFile: string): Outcome[] {
  const dir = path.join(root, "email-replies-crisp");
  if (!fs.existsSync(dir)) return [];
  const expectations = JSON.parse(fs.readFileSync(expectationsFile, "utf8")) as Record<string, CrispExpectation>;
  const names = fs.readdirSync(dir).filter((f) => f.endsWith(".txt"));
  const missing = names.filter((n) => !expectations[n]);
  if (missing.length) throw new Error(`no expectation written for ${missing.join(", ")}`);
  return names.sort().map((name) => {
    const body = fs.readFileSync(path.join(dir, name), "utf8");
    const all = lines(body);
    const e = expectations[name];
    const want = pick(all, e.reply);
    const wantSignature = pick(all, e.signature);
    const wantForward = pick(all, e.forwarded);
    const parts = extractMessageParts({ text: body, html: null });
    const forwardRight = !wantForward.trim() || closeEnough(parts.forwarded ?? "", wantForward, collapseBlank);
    // Inline answers: the new text keeps the quoted lines it answers (folded in the app); the expectation lists
    // the customer's own lines only.
    const ownLines = lines(parts.reply)
      .filter((l) => !/^\s*>/.test(l))
      .join("\n");
    const right =
      forwardRight &&
      (closeEnough(parts.reply, want, collapseBlank) ||
        closeEnough(ownLines, want, collapseBlank) ||
        (!!wantSignature && collapseBlank(parts.reply) === collapseBlank(`${want}\n${wantSignature}`)));
    const keptFlat = noSpace([parts.reply, parts.signature, parts.forwarded].filter(Boolean).join("\n"));
    const cut = lines(`${want}\n${wantForward}`).some((l) => /[\p{L}\p{N}]/u.test(l) && !keptFlat.includes(noSpace(l)));
    const group = /^email_\d/.test(name)
      ? "numbered"
      : /tricky/.test(name)
        ? "tricky"
        : name.replace(/^email_|\.txt$/g, "").replace(/_\d+$/, "");
    return { set: "email-replies-crisp", name, group, right, cut, got: parts.reply, want };
  });
}

export function printScore(outcomes: Outcome[], title: string): { right: number; total: number; cut: number } {
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(b, 1)).toFixed(1)} %`;
  const bySet = new Map<string, Outcome[]>();
  const byGroup = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    bySet.set(o.set, [...(bySet.get(o.set) ?? []), o]);
    const g = `${o.set.split("-")[0]}: ${o.group.split(":")[0]}`;
    byGroup.set(g, [...(byGroup.get(g) ?? []), o]);
  }
  console.log(`\n${title}\n\n| set | cases | right | % | customer text cut |\n| --- | --- | --- | --- | --- |`);
  for (const [set, os] of bySet) {
    const r = os.filter((o) => o.right).length;
    console.log(`| ${set} | ${os.length} | ${r} | ${pct(r, os.length)} | ${os.filter((o) => o.cut).length} |`);
  }
  const right = outcomes.filter((o) => o.right).length;
  const cut = outcomes.filter((o) => o.cut).length;
  console.log(`| all | ${outcomes.length} | ${right} | ${pct(right, outcomes.length)} | ${cut} |`);
  console.log(`\n| client or language group | cases | right | cut |\n| --- | --- | --- | --- |`);
  for (const [g, os] of [...byGroup].sort()) {
    console.log(`| ${g} | ${os.length} | ${os.filter((o) => o.right).length} | ${os.filter((o) => o.cut).length} |`);
  }
  const misses = outcomes.filter((o) => !o.right || o.cut);
  if (misses.length) {
    console.log(`\nmisses (${misses.length}):`);
    for (const o of misses) console.log(`- ${o.set} / ${o.name}${o.cut ? " — CUSTOMER TEXT CUT" : ""}`);
  }
  return { right, total: outcomes.length, cut };
}
