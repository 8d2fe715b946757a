import { useState } from "react";
import { useTranslation } from "react-i18next";
import { currentTimeZone } from "../i18n";
import type { EmailInfo, Message, TimelineEvent } from "../../../shared/api";

// What the email channel recorded about a message, shown where the agent reads it: PEC certification and
// receipts, bounces of our replies, mail that could not be read, automatic replies, and the original .eml.

/** The API's `email` of a message; null when it never was an email. */
export const emailOf = (m: Message): EmailInfo | null => m.email;

/** Ticket events the email channel writes about one message (data.message_id), so the message can show them. */
const MESSAGE_EVENTS = new Set(["pec_certified", "pec_receipt", "delivery_failed"]);
export function emailEventsByMessage(events: TimelineEvent[]): Map<number, TimelineEvent[]> {
  const by = new Map<number, TimelineEvent[]>();
  for (const e of events) {
    const id = "message_id" in e.data ? Number(e.data.message_id) : 0;
    if (!MESSAGE_EVENTS.has(e.type) || !id) continue;
    by.set(id, [...(by.get(id) ?? []), e]);
  }
  return by;
}

/** Receipts that say the message did not (or not yet) reach the recipient. */
const PEC_FAILURES = new Set(["non_accettazione", "errore_consegna", "preavviso_errore_consegna", "rilevazione_virus"]);
const receiptKey = (type: unknown) =>
  String(type ?? "")
    .toLowerCase()
    .replace(/-/g, "_");

/** daticert.xml dates read "24/11/2026 10:15:02 +0100"; anything else is shown as written. */
export function parsePecDate(s: unknown): Date | null {
  const m = String(s ?? "").match(/^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})(?: ([+-])(\d{2})(\d{2}))?$/);
  if (!m) return null;
  const zone = m[7] ? `${m[7]}${m[8]}:${m[9]}` : "Z";
  const d = new Date(`${m[3]}-${m[2]}-${m[1]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

// A certified date is evidence: shown with the year and the seconds, unlike the thread's short dates.
const pecFormats = new Map<string, Intl.DateTimeFormat>();
function formatPecDate(s: unknown, lang: string): string {
  const d = parsePecDate(s);
  if (!d) return String(s ?? "");
  const locale = lang === "en" ? "en-GB" : "it-IT";
  const key = `${locale}|${currentTimeZone() ?? ""}`;
  let f = pecFormats.get(key);
  if (!f)
    pecFormats.set(
      key,
      (f = new Intl.DateTimeFormat(locale, {
        day: "numeric",
        month: "long",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        timeZone: currentTimeZone(),
      })),
    );
  return f.format(d);
}

type T = (k: string, o?: Record<string, unknown>) => string;

const receiptText = (t: T, type: unknown) =>
  t(`email.receipts.${receiptKey(type)}`, { defaultValue: t("email.receipt_other", { type: String(type ?? "?") }) });
const failureText = (t: T, d: Record<string, unknown>) =>
  d.recipient ? t("email.delivery_failed", { recipient: d.recipient }) : t("email.delivery_failed_unknown");

/** Timeline texts for the events the email channel writes; null for any other event. */
export function describeEmailEvent(t: T, e: TimelineEvent, lang: string): string | null {
  switch (e.type) {
    case "pec_certified":
      return t("email.events.pec_certified", { sender: e.data.sender ?? "?" });
    case "pec_receipt":
      return e.data.date
        ? t("email.events.pec_receipt", { what: receiptText(t, e.data.type), date: formatPecDate(e.data.date, lang) })
        : t("email.receipt_other", { type: receiptText(t, e.data.type) });
    case "delivery_failed":
      return failureText(t, e.data);
    case "follow_up_of":
      return t("email.events.follow_up_of", { number: e.data.number });
    default:
      return null;
  }
}

/** Small markers beside the author: certified, automatic, a report rather than a person writing. */
export function EmailBadges({ m, events }: { m: Message; events: TimelineEvent[] }) {
  const { t } = useTranslation();
  const flags = emailOf(m)?.flags ?? [];
  const pec = flags.includes("pec") || events.some((e) => e.type === "pec_certified");
  return (
    <>
      {pec && (
        <span className="badge pec" data-testid="pec-badge">
          {t("email.pec_badge")}
        </span>
      )}
      {flags.includes("auto_reply") && (
        <span className="badge auto" data-testid="auto-reply">
          {t("email.auto_reply")}
        </span>
      )}
      {flags.includes("complaint") && <span className="badge auto">{t("email.complaint")}</span>}
      {flags.includes("bounce") && <span className="badge auto">{t("email.bounce_report")}</span>}
      {flags.includes("rate_limited") && <span className="badge auto">{t("email.rate_limited")}</span>}
    </>
  );
}

/** The link to the message as received, for every email that has one. */
export function OriginalLink({ m }: { m: Message }) {
  const { t } = useTranslation();
  const url = emailOf(m)?.raw_url;
  return url ? (
    <a className="small original" href={url} download data-testid="original-eml">
      {t("email.original")}
    </a>
  ) : null;
}

/**
 * Whether the message is an email that could not be read. The flag is per message; the ticket's
 * "unreadable-email" tag (set when such an email opened the ticket) stands in for it on the first message when
 * the server sent no email details.
 */
export function isUnreadable(m: Message, first: boolean, tags: string[]): boolean {
  const email = emailOf(m);
  return email
    ? email.flags.includes("unreadable")
    : first && m.author.type === "customer" && tags.includes("unreadable-email");
}

/** Notices under the header: the certification, our replies' receipts and bounces, an unreadable original. */
export function EmailNotices({ m, events, unreadable }: { m: Message; events: TimelineEvent[]; unreadable: boolean }) {
  const { t, i18n } = useTranslation();
  const certified = events.find((e) => e.type === "pec_certified");
  const receipts = events.filter((e) => e.type === "pec_receipt");
  const failures = events.filter((e) => e.type === "delivery_failed");
  const raw = emailOf(m)?.raw_url ?? `/api/v1/messages/${m.id}/raw`;
  return (
    <>
      {certified && (
        <p
          className="email-note pec"
          data-testid="pec-certified"
          title={certified.data.id ? t("email.pec_id", { id: certified.data.id }) : undefined}
        >
          {certified.data.date
            ? t("email.pec_sent", {
                sender: certified.data.sender ?? "?",
                date: formatPecDate(certified.data.date, i18n.language),
              })
            : t("email.pec_sent_undated", { sender: certified.data.sender ?? "?" })}
        </p>
      )}
      {failures.map((e) => (
        <p key={e.id} className="warning email-note" role="alert" data-testid="delivery-failed">
          <strong>{failureText(t, e.data)}</strong>
          {typeof e.data.subject === "string" && e.data.subject && (
            <span className="muted small"> “{e.data.subject}”</span>
          )}
        </p>
      ))}
      {receipts.length > 0 && (
        <ul className="plain small receipts" aria-label={t("email.receipts_label")} data-testid="pec-receipts">
          {receipts.map((e) => (
            <li
              key={e.id}
              className={PEC_FAILURES.has(receiptKey(e.data.type)) ? "failed" : "ok"}
              title={e.data.id ? t("email.pec_id", { id: e.data.id }) : undefined}
            >
              {receiptText(t, e.data.type)}
              {e.data.date ? ` · ${formatPecDate(e.data.date, i18n.language)}` : ""}
            </li>
          ))}
        </ul>
      )}
      {unreadable && (
        <p className="warning email-note" data-testid="unreadable">
          {t("email.unreadable")}{" "}
          <a href={raw} download>
            {t("email.download_original")}
          </a>
        </p>
      )}
    </>
  );
}

/** The body of an unreadable email is the raw text as it arrived: kept, but folded behind the notice. */
export function RawBody({ text }: { text: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button className="link small" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        {open ? t("email.hide_raw") : t("email.show_raw")}
      </button>
      {open && <div className="body raw">{text}</div>}
    </>
  );
}
