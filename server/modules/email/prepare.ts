import type { Dialect } from "../../db/index";
import type { Selectable } from "kysely";
import type { MailboxTable } from "../../db/schema";
import { stageFile, type StagedFile } from "../attachments/attachments.store";
import { toTerms } from "../search/text";
import { type IncomingMail, readMail } from "./read-mail";
import type { ReplyParts } from "./reply";
import { extractMessageParts } from "./reply-html";

// Reading a message needs no database: this module is all the SMTP thread loads of the inbound pipeline
// (see smtp-thread.ts), and what it returns crosses to the thread that places the message.

/** support+t7f3k9@example.com → ["support@example.com", "t7f3k9"] */
export function splitPlus(address: string): [string, string | null] {
  const m = address.toLowerCase().match(/^([^+@]+)\+([^@]+)@(.+)$/);
  return m ? [`${m[1]}@${m[3]}`, m[2]] : [address.toLowerCase(), null];
}

/** What placing a message needs of its mailbox (the SMTP thread is given no more). */
export type Mailbox = Pick<Selectable<MailboxTable>, "id" | "workspace_id" | "address" | "team_id">;

/** A message read and ready to be placed: everything about it that needs no database. */
export type Prepared = {
  mailbox: Mailbox;
  /** The raw message, kept (with the attachments' files) inside the transaction that places the message. */
  raw: StagedFile;
  rawSize: number;
  /** The message without its attachments' bytes (they are in `files`) and without a PEC envelope's original. */
  mail: IncomingMail;
  pec: IncomingMail["pec"];
  files: { filename: string; contentType: string; content: Buffer; contentId: string | null; staged: StagedFile }[];
  flags: string[];
  tokens: string[];
  /** The subject of a ticket it opens, the full text stored, and the new part of a reply, shown and indexed. */
  subject: string;
  body: string;
  replyText: string;
  /** The message split: new text, quoted history, signature, forwarded message (null for an unreadable one). */
  parts: ReplyParts | null;
  /** Their search terms on SQLite (the application stems them), computed here rather than in the transaction. */
  terms: { subject: string; message: string } | undefined;
};

/** What reading a message needs: where large files go, and whether they are fsynced (by dialect). */
export type ReadCtx = { config: { dataDir: string }; dialect: Dialect };

/** The raw file and large attachments on disk, the parsed message, its flags and its new part. */
export async function prepare(ctx: ReadCtx, mailbox: Mailbox, raw: Buffer, recipients: string[]): Promise<Prepared> {
  const stagedRaw = await stageFile(ctx, raw);
  const envelope = await readMail(raw);
  // A PEC transport envelope carries the customer's message as postacert.eml: that message is what we show,
  // thread and answer; the envelope's Message-ID still guards against importing it twice.
  const mail = envelope.pec?.original
    ? { ...(await readMail(envelope.pec.original)), messageId: envelope.messageId }
    : envelope;
  const pec = envelope.pec && { ...envelope.pec, original: null };
  // Large files are written before the transaction (content-addressed, so a retry rewrites nothing); small
  // ones, and every row, inside it.
  const files = await Promise.all(
    mail.attachments.map(async (a) => ({ ...a, staged: await stageFile(ctx, a.content) })),
  );
  const flags = [
    ...(mail.ok ? [] : ["unreadable"]),
    ...(mail.kind !== "normal" ? [mail.kind] : []),
    ...(pec ? [pec.receiptOf ? "pec_receipt" : "pec"] : []),
  ];
  const tokens = recipients.map((r) => splitPlus(r)[1]).filter((t): t is string => !!t);
  const body =
    mail.text || (mail.ok ? "(empty message)" : "(this message could not be read; the original is attached as .eml)");
  // Shown and indexed: the new part alone (and a forwarded message); the full text stays in body_text.
  const parts = mail.ok ? extractMessageParts({ text: body, html: mail.htmlSource, subject: mail.subject }) : null;
  const replyText = parts ? parts.reply : body;
  const subject = (mail.subject || "(no subject)").slice(0, 500);
  // Search indexes the new text and a forwarded message, never the quoted history.
  const indexed = parts?.forwarded ? `${replyText}\n${parts.forwarded}` : replyText;
  const terms = ctx.dialect === "sqlite" ? { subject: toTerms(subject), message: toTerms(indexed) } : undefined;
  return {
    mailbox,
    raw: stagedRaw,
    rawSize: raw.length,
    mail: { ...mail, attachments: [], htmlSource: null },
    pec,
    files,
    flags,
    tokens,
    subject,
    body,
    replyText,
    parts,
    terms,
  };
}

/** A prepared message as it crosses between threads: each text that equals the full text is sent once (null here). */
export type WirePrepared = Omit<Prepared, "mail" | "replyText" | "parts"> & {
  mail: Omit<IncomingMail, "text"> & { text: string | null };
  replyText: string | null;
  parts: WireParts | null;
};
/** The split as it crosses: a piece that is the whole text (a message with nothing quoted) crosses as null. */
type WireParts = Omit<ReplyParts, "reply" | "parts"> & {
  reply: string | null;
  parts: (Omit<ReplyParts["parts"][number], "text"> & { text: string | null })[];
};
const partsToWire = (parts: ReplyParts, body: string): WireParts => ({
  ...parts,
  reply: parts.reply === body ? null : parts.reply,
  parts: parts.parts.map((x) => (x.text === body ? { ...x, text: null } : x)),
});
const partsFromWire = (parts: WireParts, body: string): ReplyParts => ({
  ...parts,
  reply: parts.reply ?? body,
  parts: parts.parts.map((x) => ({ ...x, text: x.text ?? body })),
});

/**
 * A prepared message as it crosses between threads, and back. Each Buffer becomes a Uint8Array with a memory
 * of its own (a small Buffer is a view of a shared 8 KB pool, which a structured clone would copy whole and a
 * transfer would take from everyone), and that memory is transferred instead of copied. The new part of a
 * message that is all new, its one part, and the parsed text, are the full text again: they cross as null, since copying
 * strings is most of what a huge message costs the receiving thread (the texts of a 20 MB email).
 */
export function toWire(p: Prepared): { message: WirePrepared; transfer: ArrayBuffer[] } {
  const own = new Map<Buffer, Uint8Array>();
  const detach = <B extends Buffer | null>(b: B): B => {
    if (!b) return b;
    let u = own.get(b);
    if (!u) own.set(b, (u = new Uint8Array(b)));
    return u as unknown as B;
  };
  const message: WirePrepared = {
    ...p,
    mail: { ...p.mail, text: p.mail.text === p.body ? null : p.mail.text },
    replyText: p.replyText === p.body ? null : p.replyText,
    parts: p.parts && partsToWire(p.parts, p.body),
    raw: { ...p.raw, content: detach(p.raw.content) },
    files: p.files.map((f) => ({
      ...f,
      content: detach(f.content),
      staged: { ...f.staged, content: detach(f.staged.content) },
    })),
  };
  return { message, transfer: [...own.values()].map((u) => u.buffer as ArrayBuffer) };
}

export function fromWire(p: WirePrepared): Prepared {
  const buffer = <B extends Buffer | null>(u: B): B =>
    u ? (Buffer.from(u.buffer, u.byteOffset, u.byteLength) as B) : u;
  return {
    ...p,
    mail: { ...p.mail, text: p.mail.text ?? p.body },
    replyText: p.replyText ?? p.body,
    parts: p.parts && partsFromWire(p.parts, p.body),
    raw: { ...p.raw, content: buffer(p.raw.content) },
    // Each file built field by field, not spread from the cloned object: a spread copies the cloned object's shape,
    // and the first file of another shape deoptimised place() and keepFiles() (a recompilation costs a fresh node
    // 70-100 ms of TurboFan; keepFiles() is now compiled once instead of twice, in six runs).
    files: p.files.map((f) => ({
      filename: f.filename,
      contentType: f.contentType,
      content: buffer(f.content),
      contentId: f.contentId,
      staged: { sha256: f.staged.sha256, content: buffer(f.staged.content) },
    })),
  };
}
