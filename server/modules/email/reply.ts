// What the customer wrote this time, told apart from what they quoted, signed and forwarded. The text
// version is read line by line (reply headers recognised by their shape, separators, header blocks, quoted
// lines, signatures); HTML mail is read from its structure first (reply-html.ts). The full text is always
// kept beside the parts, and when a rule is unsure the text stays with the customer's words.
import {
  WROTE_RE,
  WROTE_CJK,
  OPENER,
  OPENER_DAY,
  TIME,
  DATE,
  ADDRESS,
  FIRST_PERSON,
  HEADER_END,
  isQuote,
  isBlank,
  ORIGINAL,
  FORWARD,
  FROM_LINE,
  OTHER_LINE,
  DATE_LINE,
  DASHED_TITLE,
  RULE,
  SIG_DELIMITER,
  MOBILE_SIGNATURE,
} from "./reply-words";

/** A line the HTML reader puts where a client's structure says the rest is history (Outlook's divRplyFwdMsg). */
export const HISTORY_MARK = "\u{E000}";

export type PartKind = "text" | "quote" | "signature" | "forward";
/** One piece of a message, in the order it came: `header` is a forwarded message's own header block. */
export interface MessagePart {
  kind: PartKind;
  text: string;
  header?: string;
}
export interface ReplyParts {
  /** The new text: what the customer wrote (inline answers keep the quoted lines they answer). */
  reply: string;
  quoted: string | null;
  signature: string | null;
  /** A forwarded message, header included: shown expanded and indexed with the new text. */
  forwarded: string | null;
  parts: MessagePart[];
}

/** A reply header ending at line `end` (wrapped over up to three lines): its first line, or -1. */
export function headerStart(lines: string[], end: number): number {
  const last = lines[end];
  if (isQuote(last) || isBlank(last) || last.length > 300) return -1;
  const next = nextNonBlank(lines, end + 1);
  const quoteFollows = next >= 0 && isQuote(lines[next]);
  const verbLast = WROTE_RE.test(last) && /\p{L}\s*$/u.test(last);
  if (!HEADER_END.test(last) && !WROTE_CJK.test(last) && !quoteFollows && !verbLast) return -1;
  // Where the header starts: the last line in its paragraph (up to three lines) that opens one ("On …",
  // "Il …", a date), else the shortest span whose first line can start a sentence.
  let top = end;
  while (top > Math.max(0, end - 2) && !isBlank(lines[top - 1]) && !isQuote(lines[top - 1])) top--;
  for (let s = end; s >= top; s--) {
    const line = lines[s].replace(/^[\s*_-]+/, "");
    if ((OPENER.test(line) || OPENER_DAY.test(line)) && isHeaderShape(lines.slice(s, end + 1).join(" "), quoteFollows))
      return s;
  }
  for (let s = end; s >= top; s--) {
    if (/^\s*[\p{Ll}<@(>]/u.test(lines[s])) continue;
    if (isHeaderShape(lines.slice(s, end + 1).join(" "), quoteFollows)) return s;
  }
  return -1;
}

/**
 * A line the quoting client wrapped ("> … Nullam pharetra d", then "ignissim odio?", then ">"): right between two
 * quoted lines, under a long one, short, and starting in lower case. An inline answer has a blank line around it.
 */
function wrappedQuote(lines: string[], j: number): boolean {
  const l = lines[j];
  if (j === 0 || j + 1 >= lines.length || isBlank(l) || isQuote(l)) return false;
  const above = lines[j - 1];
  return (
    isQuote(above) && above.length >= 60 && isQuote(lines[j + 1]) && l.trim().length <= 40 && /^\s*\p{Ll}/u.test(l)
  );
}
const quoteRun = (lines: string[], j: number) => isQuote(lines[j]) || isBlank(lines[j]) || wrappedQuote(lines, j);

function nextNonBlank(lines: string[], from: number): number {
  for (let i = from; i < lines.length; i++) if (!isBlank(lines[i])) return i;
  return -1;
}

/** "On <date>, <name> wrote:", "<name> <address> schrieb am <date>:", "2014-03-20 8:48 GMT+01:00 <name> <address>:". */
export function isHeaderShape(s: string, quoteFollows: boolean): boolean {
  const text = s
    .replace(/\s+/g, " ")
    .replace(/^[\s*_-]+/, "")
    .trim();
  if (text.length > 320 || text.length < 6) return false;
  // Two sentences are not a header: "Il pacco è arrivato rotto. Anna <anna@x.it> ha scritto:" keeps its first.
  if (/\p{Ll}{3,}[.!?]\s+\p{Lu}\p{Ll}/u.test(text)) return false;
  const ended = HEADER_END.test(text) || WROTE_CJK.test(text);
  const wrote = WROTE_RE.exec(text);
  const hasAddress = ADDRESS.test(text);
  const hasDate = DATE.test(text) || TIME.test(text);
  if (wrote) {
    const before = text.slice(0, wrote.index + wrote[1].length);
    const after = text
      .slice(wrote.index + wrote[0].length)
      .replace(HEADER_END, "")
      .trim();
    // Without its colon ("On Wed, 14 Nov 2018 08:14:43 -0200 John Doe <john@doe.com> wrote"), only with all of
    // a date, a time and an address before the verb that ends it.
    const complete = !after && hasAddress && DATE.test(before) && TIME.test(before);
    if (!ended && !quoteFollows && !complete) return false;
    if (FIRST_PERSON.test(before) && !hasAddress) return false;
    // The verb ends the header ("… Anna <anna@x.it> wrote:"): a date, a time or an address before it.
    if (after.length <= 3 || /^(\(a\)|het volgende|following|følgende|följande)/i.test(after)) {
      const lead = text.slice(0, wrote.index);
      return DATE.test(lead) || TIME.test(lead) || ADDRESS.test(lead) || (quoteFollows && lead.trim().length > 0);
    }
    // The verb in the middle ("Am 3. März 2026 um 10:00 schrieb Anna <anna@x.it>:", "Anna schrieb am …:"):
    // what follows it is a sender or a date, short, not a sentence.
    if (after.length > 120 || /[.!?]\s+\p{Ll}/u.test(after)) return false;
    return (hasAddress || hasDate) && (TIME.test(text) || hasAddress || /\d{4}/.test(text));
  }
  // No verb (Gmail in some languages, mail.ru's "от"): a date and time, then a name or address, and the colon.
  if (!ended) return false;
  if (
    hasAddress &&
    DATE.test(text) &&
    TIME.test(text) &&
    text.length < 200 &&
    /(>|@[\w.-]+\.\w+)\s*[:：]\s*$/.test(text)
  )
    return true;
  return /^\s*\d{4}[-/.年]\s?\d{1,2}[-/.月]\s?\d{1,2}/u.test(text) && TIME.test(text) && (hasAddress || quoteFollows);
}

/** An Outlook-style header block from line i ("From:" and at least one more field, or "Date:" then "From:"). */
function headerBlockAt(lines: string[], i: number): boolean {
  const first = lines[i];
  if (!FROM_LINE.test(first) && !DATE_LINE.test(first)) return false;
  let labels = 1;
  let from = FROM_LINE.test(first);
  for (let j = i + 1; j < Math.min(lines.length, i + 8); j++) {
    const l = lines[j];
    if (isBlank(l)) {
      if (labels >= 2) break;
      continue;
    }
    if (FROM_LINE.test(l)) from = true;
    else if (!OTHER_LINE.test(l)) {
      // A wrapped value (a long list of recipients) continues the field above.
      if (/^\s/.test(l) || labels < 2) continue;
      break;
    }
    labels++;
  }
  if (!from) return DATE_LINE.test(first) && labels >= 2 && ADDRESS.test(lines.slice(i, i + 4).join(" "));
  return labels >= 3 || (labels >= 2 && ADDRESS.test(lines.slice(i, i + 3).join(" ")));
}

/** Where a signature starts in the last lines of the new text, or -1. */
function signatureStart(lines: string[]): number {
  let end = lines.length;
  while (end > 0 && isBlank(lines[end - 1])) end--;
  // "-- " alone on a line is the standard delimiter: it may open a long company disclaimer.
  for (let i = Math.max(0, end - 30); i < end - 12; i++) if (SIG_DELIMITER.test(lines[i])) return i;
  for (let i = Math.max(0, end - 12); i < end; i++) {
    const l = lines[i];
    const rest = lines.slice(i + 1, end).filter((x) => !isBlank(x));
    if (SIG_DELIMITER.test(l)) return i;
    if (MOBILE_SIGNATURE.test(l) && rest.length <= 3 && rest.every((x) => x.trim().length < 70)) return i;
    if (RULE.test(l) && rest.length > 0 && rest.length <= 6 && rest.every((x) => x.length < 80)) return i;
  }
  return -1;
}

type Cut = { at: number; kind: "quote" | "forward"; headerEnd?: number };

/** "reply On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:" above a quote: the header moves to a line of its own. */
const SHARED_LINE =
  /^([^>|].*?[\p{Ll}.!?,;])\s*-*\s*((On|Am|Le|Il|El|Op) .{4,200}(wrote|schrieb|a écrit|ha scritto|escribió|schreef)\s*:)\s*$/u;

/** Extracts the parts of a plain-text message. `subject` tells a forward ("Fwd:", "I:") from a reply. */
export function extractReply(text: string, opts: { subject?: string } = {}): ReplyParts {
  const normalised = text.replace(/\r\n?/g, "\n");
  const lines = normalised.split("\n");
  for (let i = 0; i < lines.length - 1; i++) {
    // Only a line that ends with a colon can hold a header; the regex alone was most of reading a long text.
    const m = lines[i].trimEnd().endsWith(":") ? SHARED_LINE.exec(lines[i]) : null;
    const next = m ? nextNonBlank(lines, i + 1) : -1;
    if (m && next >= 0 && isQuote(lines[next]) && isHeaderShape(m[2], true)) lines.splice(i, 1, m[1], m[2]);
  }
  const forwardSubject = /^\s*(fwd?|fw|i|inoltro|wg|tr|rv|enc|doorst|vs|vb|пересл|转发|転送)\s*:/i.test(
    opts.subject ?? "",
  );
  // Folded lines (a reply header and the quote under it), and where the rest is history or a forward.
  const fold = new Array<boolean>(lines.length).fill(false);
  const header = new Array<boolean>(lines.length).fill(false);
  let cut: Cut | null = null;
  let firstText = -1;
  for (let i = 0; i < lines.length && !cut; i++) {
    const line = lines[i];
    if (isBlank(line)) continue;
    if (line === HISTORY_MARK) {
      const next = nextNonBlank(lines, i + 1);
      const forward = forwardSubject || (next >= 0 && FORWARD.test(lines[next]));
      cut = { at: i, kind: forward ? "forward" : "quote" };
      break;
    }
    if (FORWARD.test(line)) {
      cut = { at: i, kind: "forward" };
      break;
    }
    if (ORIGINAL.test(line) || DASHED_TITLE.test(line)) {
      cut = { at: i, kind: forwardSubject ? "forward" : "quote" };
      break;
    }
    if (RULE.test(line) && headerBlockAt(lines, nextNonBlank(lines, i + 1))) {
      cut = { at: i, kind: forwardSubject ? "forward" : "quote" };
      break;
    }
    if (headerBlockAt(lines, i)) {
      cut = { at: i, kind: forwardSubject ? "forward" : "quote" };
      break;
    }
    if (isQuote(line)) {
      // A quoted block that opens with a reply header or a forward is history, even with text under it.
      const inner = line.replace(/^\s*(>\s?)+/, "");
      if (
        /^\s*>/.test(line) &&
        (i === 0 || !isQuote(lines[i - 1])) &&
        (FORWARD.test(inner) ||
          ORIGINAL.test(inner) ||
          /^forwarded message:?$/i.test(inner.trim()) ||
          headerStart([inner], 0) === 0 ||
          headerBlockAt(
            lines.slice(i, i + 9).map((l) => l.replace(/^\s*(>\s?)+/, "")),
            0,
          ))
      ) {
        let j = i;
        while (j < lines.length && quoteRun(lines, j)) fold[j++] = true;
        while (j - 1 > i && isBlank(lines[j - 1])) fold[--j] = false;
        header[i] = true;
        i = j - 1;
      }
      continue;
    }
    // A reply header ending on this line.
    const start = headerStart(lines, i);
    if (start >= 0 && !lines.slice(start, i).some(isQuote)) {
      const next = nextNonBlank(lines, i + 1);
      const quoteFollows = next >= 0 && isQuote(lines[next]);
      const textBefore = firstText >= 0 && firstText < start;
      if (quoteFollows || !textBefore) {
        // Bottom posting or an inline answer: fold the header and the quote under it, keep reading.
        for (let j = start; j <= i; j++) fold[j] = header[j] = true;
        if (quoteFollows) {
          let j = next;
          while (j < lines.length && quoteRun(lines, j)) fold[j++] = true;
          // Blank lines after the quote belong to the text that follows.
          while (j - 1 > next && isBlank(lines[j - 1])) fold[--j] = false;
          i = j - 1;
        }
        continue;
      }
      cut = { at: start, kind: "quote" };
      break;
    }
    if (firstText < 0) firstText = i;
    // "Sent from my iPhone" under the customer's text: a phone writes it below what was typed, so what follows
    // it (the client's quote, here without its header) is history.
    if (firstText < i && MOBILE_SIGNATURE.test(line)) {
      const next = nextNonBlank(lines, i + 1);
      if (next > i + 1) {
        cut = { at: next, kind: "quote" };
        break;
      }
    }
  }
  const end = cut ? cut.at : lines.length;
  // Quoted lines that run to the end (apart from blank lines and a signature) are history; quoted lines
  // between the customer's own lines are what they answer, and stay.
  let last = end - 1;
  while (last >= 0 && isBlank(lines[last])) last--;
  // A signature under the quote ("> …" then "-- " and a name): the quote above it still runs to the end.
  let sig = last;
  while (sig >= 0 && !isQuote(lines[sig]) && !fold[sig]) sig--;
  if (sig >= 0 && sig < last) {
    const rest = lines.slice(sig + 1, last + 1);
    const first = rest.findIndex((l) => !isBlank(l));
    if (signatureStart(rest) === first) last = sig;
  }
  let tail = last;
  while (tail >= 0 && (quoteRun(lines, tail) || fold[tail])) tail--;
  if (tail >= 0 && tail < last) {
    let from = tail + 1;
    // "> the line they answer", then a reply header and the history: the line they answer stays.
    const h = header.indexOf(true, from);
    if (h > from && h <= last && lines.slice(from, h).some((l, k) => isQuote(l) && !fold[from + k])) from = h;
    for (let j = from; j <= last; j++) fold[j] = true;
  }

  // Pieces in order: runs of text and of folded lines.
  const parts: MessagePart[] = [];
  let runStart = 0;
  for (let j = 1; j <= end; j++) {
    if (j === end || fold[j] !== fold[runStart]) {
      const t = lines.slice(runStart, j).join("\n");
      if (t.trim()) {
        const kind = fold[runStart] ? "quote" : "text";
        const prev = parts[parts.length - 1];
        if (prev && prev.kind === kind) prev.text += `\n${t}`;
        else parts.push({ kind, text: t });
      }
      runStart = j;
    }
  }
  // The signature: at the end of the last run of text, or that whole run when it comes after a quote.
  let lastText = parts.length - 1;
  while (lastText >= 0 && parts[lastText].kind !== "text") lastText--;
  if (lastText >= 0) {
    const tl = parts[lastText].text.split("\n");
    const s = signatureStart(tl);
    const before = tl.slice(0, Math.max(s, 0)).some((l) => !isBlank(l));
    const earlier = parts.slice(0, lastText).some((p) => p.kind === "text");
    if (s >= 0 && (before || earlier)) {
      parts.splice(lastText, 1, ...(before ? [{ kind: "text" as const, text: tl.slice(0, s).join("\n") }] : []), {
        kind: "signature",
        text: tl.slice(s).join("\n"),
      });
    }
  }
  if (cut) {
    const rest = lines.slice(cut.at).filter((l) => l !== HISTORY_MARK);
    if (cut.kind === "forward") {
      const { header: h, body } = splitForwardHeader(rest);
      parts.push({ kind: "forward", text: body, header: h });
    } else parts.push({ kind: "quote", text: rest.join("\n") });
  }
  return assemble(parts, normalised);
}

/** A forwarded message: its separator and header block, then its text. */
export function splitForwardHeader(rest: string[]): { header: string; body: string } {
  let i = 0;
  while (i < rest.length && isBlank(rest[i])) i++;
  const start = i;
  if (FORWARD.test(rest[i] ?? "") || ORIGINAL.test(rest[i] ?? "") || RULE.test(rest[i] ?? "")) i++;
  while (i < rest.length && isBlank(rest[i])) i++;
  while (
    i < rest.length &&
    (FROM_LINE.test(rest[i]) || OTHER_LINE.test(rest[i]) || (i > start && /^\s+\S/.test(rest[i])))
  )
    i++;
  return { header: rest.slice(start, i).join("\n").trim(), body: rest.slice(i).join("\n").trimEnd() };
}

/** The joined parts; a message whose every line looks quoted is shown whole (its new text would be empty). */
export function assemble(parts: MessagePart[], full: string): ReplyParts {
  // Runs of one kind joined as they were apart: with a blank line where either side had one.
  const join = (kind: PartKind, sep: string) => {
    let out = "";
    let prev = "";
    for (const p of parts) {
      if (p.kind !== kind) continue;
      const t = p.kind === "forward" && p.header ? `${p.header}\n${p.text}` : p.text;
      const body = t.replace(/^(\s*\n)+/, "").trimEnd();
      if (!body.trim()) continue;
      const blank = /\n\s*$/.test(prev) && /^\s*\n/.test(t);
      out = out ? `${out}${blank ? "\n\n" : sep}${body}` : body;
      prev = t;
    }
    return out || null;
  };
  const reply = (join("text", "\n") ?? "").trim();
  const forwarded = join("forward", "\n\n");
  const quoted = join("quote", "\n");
  const signature = join("signature", "\n");
  parts.splice(0, parts.length, ...parts.map((p) => ({ ...p, text: p.text.replace(/^(\s*\n)+/, "").trimEnd() })));
  if (!reply && !forwarded) {
    const whole = full.trim();
    return {
      reply: whole,
      quoted: null,
      signature: null,
      forwarded: null,
      parts: whole ? [{ kind: "text", text: whole }] : [],
    };
  }
  return { reply, quoted, signature, forwarded, parts: parts.filter((p) => p.text.trim() || p.header) };
}

/** The parts as stored and sent: every piece with its header, null when it has none. */
export function storedParts(r: ReplyParts): { kind: PartKind; text: string; header: string | null }[] {
  return r.parts.map((p) => ({ kind: p.kind, text: p.text, header: p.header ?? null }));
}
