// HTML mail: the quoted part is found from the structure the sending client gave it, before the message is
// turned into text: Apple Mail's and Thunderbird's <blockquote type="cite"> (and Thunderbird's
// moz-cite-prefix, Apple's AppleOriginalContents), Gmail's gmail_quote, Yahoo's yahoo_quoted, Outlook's
// divRplyFwdMsg / appendonsend / OLK_SRC_BODY_SECTION and a horizontal rule followed by a header block. Quoted
// nodes become "> " lines and "the rest is history" becomes a marker line; the text rules (reply.ts) then do
// the rest: headers written as text, signatures, inline answers.
import { parseDocument } from "htmlparser2";
import { type ChildNode, type Element, isTag, isText } from "domhandler";
import { textContent } from "domutils";
import { assemble, extractReply, HISTORY_MARK, type ReplyParts, splitForwardHeader } from "./reply";

const BLOCK = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "center",
  "dd",
  "div",
  "dl",
  "dt",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "tbody",
  "thead",
  "tfoot",
  "tr",
  "ul",
]);
const SKIP = new Set(["head", "style", "script", "title", "meta", "link", "xml", "template"]);
const FORWARD_START =
  /^\s*(-{2,}\s*(forwarded message|messaggio inoltrato|weitergeleitete nachricht|message transféré|mensaje reenviado|mensagem encaminhada|doorgestuurd bericht|vidarebefordrat meddelande|videresendt|przekazana wiadomość|пересылаемое сообщение)|begin forwarded message|inizio messaggio inoltrato|anfang der weitergeleiteten nachricht|début du message réexpédié|comienzo del mensaje reenviado)/i;
const HEADER_LABEL =
  /^\s*(from|da|de|von|van|från|fra|od|от|lähettäjä|feladó|kimden|από|date|data|datum|sent|inviato|gesendet|envoyé)\s*[:：]/i;

const cls = (e: Element) => ` ${e.attribs.class ?? ""} `;
const hasClass = (e: Element, c: string) => cls(e).includes(` ${c} `);

/** How a node is quoted: "quote" (its lines become "> "), "rest" (it and all after it are history), or null. */
function quoteKind(e: Element): "quote" | "rest" | null {
  const id = e.attribs.id ?? "";
  if (id === "divRplyFwdMsg" || id === "appendonsend" || id === "OLK_SRC_BODY_SECTION") return "rest";
  if (id === "AppleOriginalContents" || hasClass(e, "yahoo_quoted") || hasClass(e, "moz-cite-prefix")) return "quote";
  // Gmail: <div class="gmail_quote"> holds the attribution and the quote (a lone blockquote.gmail_quote does not say whose).
  if (hasClass(e, "gmail_quote") && e.name !== "blockquote") return "quote";
  if (e.name === "blockquote" && (e.attribs.type ?? "").toLowerCase() === "cite") return "quote";
  return null;
}

/** Whether what follows a <hr> starts with a header block ("From: … Sent: …"). */
function headerBlockFollows(hr: Element): boolean {
  let text = "";
  for (let n = hr.next; n && text.length < 200; n = n.next) text += textContent(n).replace(/\s+/g, " ");
  if (!text.trim() && hr.parent && isTag(hr.parent)) {
    for (let n = hr.parent.next; n && text.length < 200; n = n.next) text += textContent(n).replace(/\s+/g, " ");
  }
  return HEADER_LABEL.test(text);
}

const lastLine = (out: string[]) => {
  for (let i = out.length - 1; i >= 0; i--) if (out[i].trim()) return out[i];
  return "";
};

/** Whether an element is all the visible content of its document. */
function onlyContent(e: Element): boolean {
  let n: Element = e;
  while (n.parent && isTag(n.parent)) {
    for (const sib of n.parent.children) if (sib !== n && textContent(sib).trim()) return false;
    n = n.parent;
  }
  if (n.parent) for (const sib of n.parent.children) if (sib !== n && textContent(sib).trim()) return false;
  return true;
}

/** The HTML as text lines: blocks end lines, quoted nodes are prefixed "> ", history after a marker line. */
export function htmlToQuotedText(html: string): string {
  const doc = parseDocument(html, { decodeEntities: true });
  const out: string[] = [];
  let line = "";
  let depth = 0;
  let pre = 0;
  const flush = (force = false) => {
    if (line.length || force) {
      const text = pre ? line.replace(/\s+$/, "") : line.replace(/[ \t\u00a0]+/g, " ").trim();
      out.push(depth ? `${"> ".repeat(depth)}${text}`.trimEnd() : text);
    }
    line = "";
  };
  const walk = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (isText(n)) {
        line += pre ? n.data : n.data.replace(/[\r\n\t ]+/g, " ");
        if (pre && line.includes("\n")) {
          const parts = line.split("\n");
          line = parts.pop()!;
          for (const p of parts) {
            out.push(depth ? `${"> ".repeat(depth)}${p}` : p);
          }
        }
        continue;
      }
      if (!isTag(n)) continue;
      const name = n.name.toLowerCase();
      if (SKIP.has(name)) continue;
      if (name === "br") {
        flush(true);
        continue;
      }
      const kind = quoteKind(n);
      if (kind === "rest" || (name === "hr" && headerBlockFollows(n))) {
        flush();
        out.push(HISTORY_MARK);
        if (name !== "hr") walk(n.children);
        continue;
      }
      const block = BLOCK.has(name);
      if (block) flush();
      if (name === "hr") {
        out.push("________________________________");
        continue;
      }
      // A forward inside a quote-like node stays a forward: its separator must be read as such.
      const quoted = kind === "quote" && !FORWARD_START.test(textContent(n).slice(0, 300));
      // A blockquote no client marked as a quote is quoted when an attribution line ends above it ("… wrote:"),
      // or when it is all the message holds; otherwise it is the customer's formatting and stays text.
      const plainBlockquote =
        name === "blockquote" &&
        !quoted &&
        kind === null &&
        (depth > 0 || /:\s*$/.test(line.trim() || lastLine(out)) || onlyContent(n));
      if (quoted || plainBlockquote) depth++;
      if (name === "pre") pre++;
      walk(n.children);
      if (name === "pre") pre--;
      if (block || quoted) flush();
      if (quoted || plainBlockquote) depth--;
      if (name === "td" || name === "th") line += " ";
    }
  };
  walk(doc.children);
  flush();
  // Runs of blank lines become one.
  const lines: string[] = [];
  for (const l of out)
    if (!(l.trim() === "" && (lines.length === 0 || lines[lines.length - 1].trim() === ""))) lines.push(l);
  return lines.join("\n").trim();
}

/** The parts of an HTML message, read from its structure and then its text. */
export function extractHtmlReply(html: string, opts: { subject?: string } = {}): ReplyParts {
  return extractReply(htmlToQuotedText(html), opts);
}

const flat = (s: string) => s.replace(/[\s>]+/g, "");

/**
 * The parts of a message. With HTML, its structure says where the quote starts; the words come from the text
 * part when it has the same ones (what the customer typed, links written out), else from the HTML. When the
 * two parts do not tell the same story, the text part, which is what is stored and shown whole, decides.
 */
export function extractMessageParts(mail: { text: string; html: string | null; subject?: string }): ReplyParts {
  const text = mail.text.replace(/\r\n?/g, "\n");
  if (!mail.html) return extractReply(text, { subject: mail.subject });
  const fromHtml = extractHtmlReply(mail.html, { subject: mail.subject });
  if (!text.trim()) return fromHtml;
  const kept = flat([fromHtml.reply, fromHtml.signature ?? ""].join(""));
  const lines = text.split("\n");
  // Where the HTML's new text (and signature) ends in the text part.
  let acc = "";
  let end = -1;
  const at = kept ? flat(text).indexOf(kept) : -1;
  if (at === 0 || (at > 0 && at < 40)) {
    for (let i = 0; i < lines.length; i++) {
      acc += flat(lines[i]);
      if (acc.length >= at + kept.length) {
        end = i;
        break;
      }
    }
  }
  if (end < 0) return extractReply(text, { subject: mail.subject });
  if (!fromHtml.quoted && !fromHtml.forwarded) return extractReply(text, { subject: mail.subject });
  const head = extractReply(lines.slice(0, end + 1).join("\n"), { subject: mail.subject });
  const rest = lines.slice(end + 1);
  if (!rest.some((l) => l.trim())) return head;
  const tail = fromHtml.forwarded
    ? [{ kind: "forward" as const, ...(({ header, body }) => ({ header, text: body }))(splitForwardHeader(rest)) }]
    : [{ kind: "quote" as const, text: rest.join("\n") }];
  return assemble([...head.parts, ...tail], text);
}
