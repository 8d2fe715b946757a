import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../i18n";
import { EmailBadges, emailEventsByMessage, EmailNotices, isUnreadable, OriginalLink, RawBody } from "../EmailDetails";
import { useEvents, useMessages } from "../queries";
import type { Me, Message, Ticket, TimelineEvent } from "../../../../shared/api";
import { PraiseButton } from "../listening/TicketListening";
import { MessageParts } from "../../ui";
import { DeliveryState } from "./DeliveryState";

/** The ticket's messages, oldest first, each with what the email channel recorded about it. */
export function Thread({ ticket, me, onSplit }: { ticket: Ticket; me?: Me; onSplit?: (m: Message) => void }) {
  const { t } = useTranslation();
  const messages = useMessages(ticket.number).data ?? [];
  const emailEvents = emailEventsByMessage(useEvents(ticket.number).data ?? []);
  return (
    <ol className="thread" aria-label={t("ticket.thread")}>
      {messages.map((m, i) => (
        <MessageItem
          key={m.id}
          m={m}
          events={emailEvents.get(m.id) ?? []}
          unreadable={isUnreadable(m, i === 0, ticket.tags)}
          onSplit={onSplit && messages.length > 1 ? () => onSplit(m) : undefined}
          praise={me && m.author.type === "customer" && !m.internal ? { number: ticket.number, me } : undefined}
        />
      ))}
    </ol>
  );
}

function MessageItem({
  m,
  events,
  unreadable,
  onSplit,
  praise,
}: {
  m: Message;
  events: TimelineEvent[];
  unreadable: boolean;
  onSplit?: () => void;
  praise?: { number: number; me: Me };
}) {
  const { t } = useTranslation();
  const [full, setFull] = useState(false);
  const folded = !unreadable && m.reply_text && m.reply_text.trim() !== m.body_text.trim();
  return (
    <li className={`message ${m.internal ? "internal" : m.author.type}`} data-message-id={m.id}>
      <header>
        <strong>{m.author.name ?? t(`actor.${m.author.type}`)}</strong>
        {m.internal && <span className="badge note">{t("ticket.internal_note")}</span>}
        <EmailBadges m={m} events={events} />
        <DeliveryState m={m} />
        <time className="muted small" dateTime={m.created_at}>
          {formatDateTime(m.created_at)}
        </time>
        <OriginalLink m={m} />
        {onSplit && (
          <button type="button" className="link small" onClick={onSplit} data-testid="split">
            {t("actions.split")}
          </button>
        )}
        {praise && <PraiseButton number={praise.number} messageId={m.id} me={praise.me} />}
      </header>
      <EmailNotices m={m} events={events} unreadable={unreadable} />
      {unreadable ? (
        <RawBody text={m.body_text} />
      ) : m.parts ? (
        <MessageParts
          parts={m.parts}
          labels={{ show: t("ticket.show_quoted"), hide: t("ticket.hide_quoted"), forwarded: t("ticket.forwarded") }}
        />
      ) : (
        <div className="body">{full || !folded ? m.body_text : m.reply_text}</div>
      )}
      {folded && !m.parts && (
        <button className="link small" onClick={() => setFull((f) => !f)}>
          {full ? t("ticket.hide_quoted") : t("ticket.show_quoted")}
        </button>
      )}
      {m.attachments.length > 0 && (
        <ul className="files">
          {m.attachments.map((a) => (
            <li key={a.id}>
              <a href={a.url}>{a.filename}</a> <span className="muted small">({Math.ceil(a.size / 1024)} KB)</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
