import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../../errors";
import { formatDateTime } from "../../i18n";
import { linkProps, navigate, useLocation } from "../../router";
import { useCapturedMail, useCapturedOne, useMailStatus, useSendCaptured } from "../mail/queries";
import { usePageTitle } from "../people/title";
import type { CapturedMailDetail } from "../../../../shared/api";

type Shown = "html" | "text" | "headers";

/**
 * The mail preview (like letter_opener or Mailpit): what Sportello would have sent while no relay is set, the
 * list on one side and the chosen email (?id=) on the other, as HTML in a sandboxed frame, as text or as headers;
 * with none chosen, the newest (the one an admin who just sent something comes to read).
 * Its links open in a new tab, so a captured portal sign-in link signs that customer in to the portal.
 */
export function MailPreviewPage() {
  const { t } = useTranslation();
  usePageTitle(t("mail_preview.title"));
  const { query } = useLocation();
  const chosen = Number(query.get("id")) || null;
  const list = useCapturedMail();
  const status = useMailStatus().data;
  const rows = list.data?.data ?? null;
  const shown = chosen ?? rows?.[0]?.id ?? null;
  return (
    <section aria-labelledby="admin-title" className="mail-preview">
      <h1 id="admin-title">{t("mail_preview.title")}</h1>
      <p className="muted">{status?.relay ? t("mail_preview.relay_set") : t("mail_preview.intro")}</p>
      <div className="mail-columns">
        <nav aria-label={t("mail_preview.list")} className="mail-list">
          {rows === null ? (
            <p className="muted">{t("common.loading")}</p>
          ) : rows.length === 0 ? (
            <p className="muted">{t("mail_preview.empty")}</p>
          ) : (
            <ul>
              {rows.map((m) => (
                <li key={m.id}>
                  <a
                    {...linkProps(`/admin/mail?id=${m.id}`)}
                    aria-current={m.id === shown ? "true" : undefined}
                    data-mail-id={m.id}
                  >
                    <strong>{m.subject}</strong>
                    <span className="small">{t("mail_preview.to", { to: m.to_address })}</span>
                    <span className="small muted">
                      {t(`mail_preview.kinds.${m.kind}`)} · {formatDateTime(m.created_at)}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </nav>
        {shown !== null && <MailView key={shown} id={shown} relay={status?.relay ?? false} />}
      </div>
    </section>
  );
}

function MailView({ id, relay }: { id: number; relay: boolean }) {
  const { t } = useTranslation();
  const mail = useCapturedOne(id);
  const send = useSendCaptured();
  const [shown, setShown] = useState<Shown>("html");
  const [notice, setNotice] = useState<string | null>(null);
  if (mail.error) return <p className="error">{errorText(t, mail.error)}</p>;
  if (!mail.data) return <p className="muted">{t("common.loading")}</p>;
  const m = mail.data;
  const view = shown === "html" && !m.html ? "text" : shown;
  return (
    <article className="mail-view card" aria-labelledby="mail-subject">
      <h2 id="mail-subject">{m.subject}</h2>
      <p className="small">
        {t("mail_preview.to", { to: m.to_address })} · {formatDateTime(m.created_at)}
      </p>
      <div className="row">
        <div role="group" aria-label={t("mail_preview.views")} className="segmented">
          {(["html", "text", "headers"] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              disabled={v === "html" && !m.html}
              onClick={() => setShown(v)}
            >
              {t(`mail_preview.${v}`)}
            </button>
          ))}
        </div>
        {relay && (
          <button
            className="primary"
            disabled={send.isPending}
            onClick={() =>
              send.mutate(m.id, {
                onSuccess: () => {
                  setNotice(t("mail_preview.sent"));
                  navigate("/admin/mail", { replace: true });
                },
                onError: (e) => setNotice(errorText(t, e)),
              })
            }
          >
            {t("mail_preview.send")}
          </button>
        )}
      </div>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {view === "html" ? <HtmlFrame mail={m} /> : view === "text" ? <LinkedText text={m.text} /> : <Headers mail={m} />}
    </article>
  );
}

/**
 * The HTML in a frame with no script, no same-origin access and no form: only links, which open in a new tab
 * (allow-popups-to-escape-sandbox: the portal opened from a sign-in link runs as a normal page).
 */
function HtmlFrame({ mail }: { mail: CapturedMailDetail }) {
  const { t } = useTranslation();
  return (
    <iframe
      className="mail-frame"
      title={t("mail_preview.frame")}
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      srcDoc={`<!doctype html><meta charset="utf-8"><base target="_blank"><style>body{font-family:system-ui,sans-serif;margin:12px;line-height:1.4}</style>${mail.html ?? ""}`}
    />
  );
}

/** The text with its addresses as links (a new tab each). */
function LinkedText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <pre className="mail-text">
      {parts.map((p, i) =>
        i % 2 ? (
          <a key={i} href={p} target="_blank" rel="noopener noreferrer">
            {p}
          </a>
        ) : (
          p
        ),
      )}
    </pre>
  );
}

function Headers({ mail }: { mail: CapturedMailDetail }) {
  return (
    <dl className="mail-headers">
      {mail.headers.map((h) => (
        <div key={h.name}>
          <dt>{h.name}</dt>
          <dd>{h.value}</dd>
        </div>
      ))}
    </dl>
  );
}
