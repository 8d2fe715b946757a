import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../i18n";
import { linkProps } from "../../router";
import { FormError } from "../../ui/form";
import type { Kudos, Me } from "../../../../shared/api";
import { usePageTitle } from "../people/title";
import { useConsentRequest, useKudos, useReadKudos } from "./queries";

/**
 * The praise wall: what customers said about us, for the whole company. `?tv=1` shows it full screen in large
 * type for a TV in the office; it refreshes itself every 30 seconds.
 */
export function PraiseWall({ me, tv }: { me: Me; tv: boolean }) {
  const { t } = useTranslation();
  usePageTitle(t("listening.wall_title"));
  const [mine, setMine] = useState(false);
  const kudos = useKudos(mine && !tv);
  const read = useReadKudos();
  const rows = kudos.data?.data ?? null;
  if (tv)
    return (
      <div className="praise-tv" data-testid="praise-tv">
        <h1>{t("listening.wall_title")}</h1>
        <ul className="praise-tv-list">
          {(rows ?? []).slice(0, 12).map((k) => (
            <li key={k.id}>
              <blockquote>«{k.text}»</blockquote>
              <p>
                — {k.customer.name}
                {k.organization ? `, ${k.organization}` : ""}
                {k.agents.length > 0 && (
                  <strong> {t("listening.for_agents", { names: k.agents.map((a) => a.name).join(", ") })}</strong>
                )}
              </p>
            </li>
          ))}
        </ul>
        <a className="praise-tv-exit" {...linkProps("/praise")}>
          {t("listening.exit_tv")}
        </a>
      </div>
    );
  return (
    <section aria-labelledby="praise-title">
      <h1 id="praise-title">{t("listening.wall_title")}</h1>
      <p className="muted">{t("listening.wall_intro")}</p>
      <div className="row">
        <a className="button" {...linkProps("/praise?tv=1")}>
          {t("listening.tv")}
        </a>
        <label className="check">
          <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} />
          {t("listening.mine")}
        </label>
        {(kudos.data?.unread ?? 0) > 0 && (
          <button onClick={() => read.mutate()}>
            {t("listening.mark_read")} ({kudos.data!.unread})
          </button>
        )}
      </div>
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <p className="muted">{t("listening.no_kudos")}</p>
      ) : (
        <ul className="praise-wall">
          {rows.map((k) => (
            <KudosCard key={k.id} k={k} lead={me.role !== "agent"} />
          ))}
        </ul>
      )}
    </section>
  );
}

function KudosCard({ k, lead }: { k: Kudos; lead: boolean }) {
  const { t } = useTranslation();
  const consent = useConsentRequest();
  return (
    <li className="praise-card" data-testid="kudos">
      {k.unread && <span className="badge">{t("listening.new_badge")}</span>}
      <blockquote>«{k.text}»</blockquote>
      <p>
        — {k.customer.name}
        {k.organization ? `, ${k.organization}` : ""}
        {k.agents.length > 0 && <> {t("listening.for_agents", { names: k.agents.map((a) => a.name).join(", ") })}</>}
      </p>
      <p className="small muted">
        <a {...linkProps(`/tickets/${k.ticket_number}`)}>{t("listening.ticket", { number: k.ticket_number })}</a>
        {" · "}
        {formatDateTime(k.created_at)}
        {k.rating !== null && <> · {t("listening.from_rating", { rating: k.rating })}</>}
        {" · "}
        {t(`listening.consent.${k.consent_status}`)}
      </p>
      {lead && k.consent_status === "none" && (
        <button className="small" onClick={() => consent.mutate(k.id)} disabled={consent.isPending}>
          {t("listening.ask_consent")}
        </button>
      )}
      {consent.isSuccess && (
        <p className="notice small" role="status">
          {t("listening.consent_sent")}
        </p>
      )}
      {consent.error && <FormError error={consent.error} />}
    </li>
  );
}
