import crypto from "node:crypto";
import type iconvType from "iconv-lite";
import type { ParsedMail } from "mailparser";
import { extractPostacert, type PecData, readDaticert } from "./pec";
import { sanitizeHtml } from "../../lib/sanitize";
import { safeFilename } from "../attachments/filename";
import { uudecode } from "./uudecode";
import { lazyPackage } from "../../lib/lazy";

const iconv = lazyPackage<typeof iconvType>("iconv-lite");

export interface IncomingMail {
  ok: boolean;
  error: string | null;
  messageId: string; // the header, or a stable hash of the raw message when it has none
  inReplyTo: string[];
  from: { address: string; name: string | null } | null;
  subject: string;
  text: string;
  html: string | null;
  /** The HTML as the client sent it (unsanitised): where the quoted part is found from its structure. Never stored. */
  htmlSource: string | null;
  autoReply: boolean;
  attachments: { filename: string; contentType: string; content: Buffer; contentId: string | null }[];
  kind: "normal" | "auto_reply" | "bounce" | "complaint";
  /** For a bounce: the Message-ID of our message it reports on, when the report carries it. */
  bounceOf: string | null;
  bounceRecipient: string | null;
  /** PEC: certification data, and for a transport envelope the original message it carries. */
  pec: (PecData & { original: Buffer | null; receiptOf: string | null }) | null;
}

/**
 * A parse's deadline, counted from when it starts (see parseSlot). It stops a message built to keep the parser
 * busy; an ordinary one takes a few milliseconds.
 */
const PARSE_TIMEOUT_MS = 2000;

/**
 * At most PARSES_AT_ONCE parses run at a time in a process (or thread). Parsing is CPU work on this one thread:
 * 32 messages in flight parsed at once took as long as one after the other, but each took the time of all of
 * them, so a wall-clock deadline per parse expired under load (bench/imap.bench.ts on a busy machine: 329 of
 * 2,000 ordinary messages stored as "unreadable", their replies unthreaded). In a queue, each deadline counts
 * its own parse and those of the few beside it. One at a time cost more: a parse yields between its chunks, and
 * alone it gave the event loop a turn for each (the SMTP thread's CPU per message 0.08 ms higher,
 * bench/ingest.bench.ts).
 */
const PARSES_AT_ONCE = 4;
let parsing = 0;
const waitingToParse: (() => void)[] = [];
async function parseSlot(): Promise<() => void> {
  if (parsing >= PARSES_AT_ONCE) await new Promise<void>((r) => waitingToParse.push(r));
  else parsing++;
  return () => {
    const next = waitingToParse.shift();
    if (next) next();
    else parsing--;
  };
}

function pecOf(parsed: ParsedMail, raw: Buffer): IncomingMail["pec"] {
  const transport = String(parsed.headers.get("x-trasporto") ?? "").toLowerCase();
  const receipt = String(parsed.headers.get("x-ricevuta") ?? "").toLowerCase();
  if (!transport && !receipt) return null;
  const daticert = parsed.attachments.find((a) => /daticert\.xml$/i.test(a.filename ?? ""));
  const attached = parsed.attachments.find((a) => /postacert\.eml$/i.test(a.filename ?? ""));
  const original = attached?.content ?? (transport === "posta-certificata" ? extractPostacert(raw) : null);
  const data = readDaticert(daticert?.content.toString("utf8") ?? "", receipt || transport);
  const ref = String(parsed.headers.get("x-riferimento-message-id") ?? "").trim() || data.msgid;
  return { ...data, original: transport === "posta-certificata" ? original : null, receiptOf: receipt ? ref : null };
}
/**
 * mailparser refuses to decode UTF-7 (it can smuggle "<script>" past filters that look for "<"), and leaves
 * the text as it came. We sanitise HTML after decoding, so the refusal buys nothing here: when every charset
 * the message names is UTF-7, its text and HTML are decoded from it. (UTF-7 is plain ASCII on the wire, which
 * mailparser passes through unchanged.)
 */
function undoUtf7(raw: Buffer, text: string | undefined, html: string | false | undefined) {
  if (!mentionsUtf7(raw)) return { text, html };
  const charsets = [
    ...raw
      .subarray(0, 256 * 1024)
      .toString("latin1")
      .matchAll(/charset\s*=\s*"?([A-Za-z0-9_.:-]+)/gi),
  ].map((m) => m[1].toLowerCase());
  if (!charsets.length || !charsets.every((c) => /^(unicode-1-1-)?utf-?7$/.test(c))) return { text, html };
  return {
    text: text && iconv().decode(Buffer.from(text, "latin1"), "utf-7"),
    html: html && iconv().decode(Buffer.from(html, "latin1"), "utf-7"),
  };
}
/** Whether "utf-7" or "utf7", in any case, occurs in the first 256 KB: a scan of the bytes, where turning them
 * into a string for the charset regex cost more than the rest of undoUtf7 on every message. */
function mentionsUtf7(raw: Buffer): boolean {
  const end = Math.min(raw.length, 256 * 1024);
  const lower = (i: number) => raw[i] | 0x20;
  for (let i = raw.indexOf(0x37, 3); i !== -1 && i < end; i = raw.indexOf(0x37, i + 1)) {
    const at = raw[i - 1] === 0x2d ? i - 2 : i - 1; // "utf-7" or "utf7"
    if (at >= 2 && lower(at) === 0x66 && lower(at - 1) === 0x74 && lower(at - 2) === 0x75) return true;
  }
  return false;
}
/** RFC 2047 encoded words ("=?UTF-8?B?…?=", "=?ISO-8859-1?Q?…?="), decoded; the text between them kept. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g, (whole, charset: string, enc: string, data: string) => {
      const name = charset.split("*")[0];
      if (!iconv().encodingExists(name)) return whole;
      const bytes =
        enc.toUpperCase() === "B"
          ? Buffer.from(data, "base64")
          : Buffer.from(
              data
                .replace(/_/g, " ")
                .replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
              "latin1",
            );
      return iconv().decode(bytes, name);
    });
}

/**
 * The sender when mailparser found no address: some clients encode the address itself ("=?UTF-8?B?…?=" for
 * the whole mailbox), which it leaves encoded. The header is decoded and read again.
 */
function senderOf(parsed: ParsedMail): { address: string; name: string | null } | null {
  const from = parsed.from?.value?.[0];
  if (from?.address) return { address: from.address.toLowerCase(), name: from.name?.trim() || null };
  const header = parsed.headerLines.find((h) => h.key === "from")?.line.replace(/^from:\s*/i, "") ?? "";
  const decoded = decodeWords(header.replace(/\r?\n[ \t]+/g, " "));
  const address = decoded.match(/[^\s<>"(),;:]+@[^\s<>"(),;:]+\.[^\s<>"(),;:]+/)?.[0];
  if (!address) return null;
  const name = decoded.replace(address, "").replace(/[<>"]/g, "").trim();
  return { address: address.toLowerCase(), name: name || null };
}

/** An x-uuencode attachment, decoded (mailparser passes its body through); kept as it came when it is not well formed. */
function uuDecoded(a: ParsedMail["attachments"][number]): ParsedMail["attachments"][number] {
  const cte = String(a.headers?.get("content-transfer-encoding") ?? "").toLowerCase();
  if (!/uu(encode)?$/.test(cte)) return a;
  const decoded = uudecode(a.content);
  if (!decoded) return a;
  return { ...a, content: decoded.data, size: decoded.data.length, filename: a.filename || decoded.name };
}

const ids = (v: string | string[] | undefined) =>
  (Array.isArray(v) ? v : v ? v.split(/\s+/) : []).map((x) => x.trim()).filter(Boolean);

/**
 * Reads what threading and the ticket need from a raw message. Never throws: a message that cannot be
 * parsed comes back with ok=false and whatever the headers still give, so it is stored raw and flagged.
 */
// mailparser (about 7 MB of heap) loads with the first message read, not at every start of every thread.
let parser: Promise<typeof import("mailparser").simpleParser> | undefined;
const loadParser = () => (parser ??= import("mailparser").then((m) => m.simpleParser));

export async function readMail(raw: Buffer): Promise<IncomingMail> {
  // Only for a message without a Message-ID: most have one, and hashing every raw message was wasted work.
  const hash = () => `<${crypto.createHash("sha256").update(raw).digest("hex").slice(0, 32)}@sportello.hash>`;
  let timer: NodeJS.Timeout | undefined;
  const simpleParser = await loadParser();
  const done = await parseSlot();
  try {
    const parsed = await Promise.race([
      // textAsHtml is unused (we keep the text, and the HTML sanitised): not built, nor its links looked for
      // (escaping and linkify-it's regex took a few per cent of reading a message).
      simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, skipTextToHtml: true }),
      new Promise<never>(
        (_, reject) =>
          (timer = setTimeout(
            () => reject(new Error(`parsing took more than ${PARSE_TIMEOUT_MS} ms`)),
            PARSE_TIMEOUT_MS,
          )),
      ),
    ]).finally(() => {
      clearTimeout(timer);
      done();
    });
    const from = parsed.from?.value?.[0];
    const { text, html } = undoUtf7(raw, parsed.text, parsed.html);
    const header = (name: string) => String(parsed.headers.get(name) ?? "").toLowerCase();
    const autoReply =
      (header("auto-submitted") !== "" && header("auto-submitted") !== "no") ||
      parsed.headers.has("x-autoreply") ||
      parsed.headers.has("x-autorespond") ||
      /^(bulk|junk|list)$/.test(header("precedence")) ||
      /^(risposta automatica|fuori sede|out of office|automatic reply|abwesenheit)/i.test(parsed.subject ?? "");
    const contentType = parsed.headers.get("content-type") as
      { value?: string; params?: Record<string, string> } | undefined;
    const reportType =
      contentType?.value === "multipart/report" ? (contentType.params?.["report-type"] ?? "").toLowerCase() : "";
    const fromAddress = from?.address?.toLowerCase() ?? "";
    const bounce =
      reportType === "delivery-status" ||
      parsed.headers.has("x-failed-recipients") ||
      /^(mailer-daemon|postmaster)@/.test(fromAddress);
    const complaint = reportType === "feedback-report";
    // The original's headers ride along as message/rfc822 or text/rfc822-headers; the body is a fallback.
    const returned = [
      ...parsed.attachments
        .filter((a) => /rfc822|delivery-status/.test(a.contentType))
        .map((a) => a.content.toString("utf8")),
      parsed.text ?? "",
    ].join("\n");
    const bounceOf = bounce ? (returned.match(/^Message-ID:\s*(<[^>\s]+>)/im)?.[1] ?? null) : null;
    const bounceRecipient = bounce
      ? (returned.match(/^Final-Recipient:\s*rfc822;\s*(\S+)/im)?.[1] ??
        (String(parsed.headers.get("x-failed-recipients") ?? "") || null))
      : null;
    return {
      ok: true,
      error: null,
      kind: complaint ? "complaint" : bounce ? "bounce" : autoReply ? "auto_reply" : "normal",
      attachments: parsed.attachments.map(uuDecoded).map((a, i) => ({
        filename: safeFilename(
          a.filename ?? "",
          `attachment-${i + 1}${a.contentType === "message/rfc822" ? ".eml" : ""}`,
        ),
        contentType: a.contentType || "application/octet-stream",
        content: a.content,
        contentId: a.contentId ? a.contentId.replace(/^<|>$/g, "") : null,
      })),
      bounceOf,
      bounceRecipient,
      pec: pecOf(parsed, raw),
      messageId: parsed.messageId ?? hash(),
      inReplyTo: [...ids(parsed.inReplyTo), ...ids(parsed.references)],
      from: senderOf(parsed),
      subject: (parsed.subject ?? "").trim(),
      text: (text ?? "").trim(),
      html: html ? sanitizeHtml(html) : null,
      htmlSource: html || null,
      autoReply,
    };
  } catch (err) {
    const head = raw.subarray(0, 64 * 1024).toString("latin1");
    const grab = (name: string) => head.match(new RegExp(`^${name}:[ \\t]*(.*)$`, "im"))?.[1]?.trim() ?? "";
    const address = grab("From")
      .match(/[^\s<>"]+@[^\s<>"]+/)?.[0]
      ?.toLowerCase();
    return {
      ok: false,
      error: String((err as Error).message ?? err),
      messageId: grab("Message-ID") || hash(),
      inReplyTo: [],
      from: address ? { address, name: null } : null,
      subject: grab("Subject"),
      text: raw.subarray(0, 200_000).toString("utf8"),
      html: null,
      htmlSource: null,
      autoReply: false,
      attachments: [],
      kind: "normal",
      bounceOf: null,
      bounceRecipient: null,
      pec: null,
    };
  }
}
