import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, get } from "../api";
import { formatDateTime } from "../i18n";
import { portalSocket, usePush } from "../realtime";
import { linkProps } from "../router";
import { PortalComposer } from "./PortalComposer";
import { formatPromise, handler } from "./promise";
import { StateBadge } from "./RequestList";
import type { RequestDetail } from "./types";
import { MessageParts } from "../ui";

/** One request: where it stands, its public timeline, and the requester's reply or reopening. */
export function RequestPage({ number }: { number: number }) {
  const { t } = useTranslation();
  const [data, setData] = useState<RequestDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      get<RequestDetail>(`/api/v1/portal/requests/${number}`)
        .then(setData)
        .catch((e) => setError(e instanceof ApiError && e.status === 404 ? t("portal.not_found") : t("common.error"))),
    [number, t],
  );
  useEffect(() => void load(), [load]);
  useEffect(() => portalSocket.keep({ type: "follow", ticket_number: number }), [number]);
  usePush(portalSocket, (m) => {
    if (m.type === "portal.changed" && m.ticket_number === number) void load();
  });
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!data) return <p className="muted">{t("common.loading")}</p>;
  const r = data.request;
  return (
    <article aria-labelledby="request-title">
      <p className="small">
        <a {...linkProps("/portal")}>← {t("portal.my_requests")}</a>
      </p>
      <h1 id="request-title">
        {r.subject} <span className="muted">#{r.number}</span>
      </h1>
      <div className="promise card">
        <StateBadge state={r.state} />
        {handler(t, r) && <p>{handler(t, r)}</p>}
        {r.next_answer_due && (
          <p>
            <strong>{t("portal.promise", { when: formatPromise(r.next_answer_due) })}</strong>
          </p>
        )}
        {r.state === "waiting_for_you" && <p>{t("portal.waiting_hint")}</p>}
      </div>
      <ol className="thread" aria-label={t("portal.timeline")}>
        {data.timeline.map((i) =>
          i.kind === "state" ? (
            <li key={`s${i.id}`} className="state-change muted small">
              {formatDateTime(i.created_at)} · {t("portal.state_changed")} <StateBadge state={i.state} />
            </li>
          ) : (
            <li key={`m${i.id}`} className={`message ${i.author.type}`}>
              <header>
                <strong>
                  {i.author.type === "agent"
                    ? (i.author.name ?? t("portal.support_team"))
                    : i.author.type === "customer"
                      ? (i.author.name ?? t("portal.you"))
                      : t("portal.support_team")}
                </strong>{" "}
                <time className="muted small">{formatDateTime(i.created_at)}</time>
              </header>
              {i.parts ? (
                <MessageParts
                  parts={i.parts}
                  labels={{
                    show: t("portal.show_quoted"),
                    hide: t("portal.hide_quoted"),
                    forwarded: t("portal.forwarded"),
                  }}
                />
              ) : (
                <div className="body">{i.body_text}</div>
              )}
              {i.attachments.length > 0 && (
                <ul className="files">
                  {i.attachments.map((a) => (
                    <li key={a.id}>
                      <a href={a.url}>{a.filename}</a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ),
        )}
      </ol>
      {r.mine && <PortalComposer request={r} onSent={setData} />}
    </article>
  );
}
