import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PortalState } from "../../../shared/schemas";
import { get } from "../api";
import { linkProps } from "../router";
import { formatPromise, handler } from "./promise";
import type { Request } from "./types";

export function StateBadge({ state }: { state: PortalState }) {
  const { t } = useTranslation();
  return <span className={`state state-${state}`}>{t(`portal.states.${state}`)}</span>;
}

export function RequestList() {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Request[] | null>(null);
  useEffect(() => void get<{ data: Request[] }>("/api/v1/portal/requests").then((r) => setRows(r.data)), []);
  if (!rows) return <p className="muted">{t("common.loading")}</p>;
  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title">{t("portal.my_requests")}</h1>
      {rows.length === 0 ? (
        <p className="muted">
          {t("portal.no_requests")} <a {...linkProps("/portal/new")}>{t("portal.new_request")}</a>
        </p>
      ) : (
        <ul className="requests">
          {rows.map((r) => (
            <li key={r.number} className="card">
              <a {...linkProps(`/portal/requests/${r.number}`)} className="request-link">
                <span className="muted">#{r.number}</span> <strong>{r.subject}</strong>
              </a>
              <StateBadge state={r.state} />
              <p className="small muted">
                {[
                  handler(t, r),
                  r.next_answer_due && t("portal.answer_by", { when: formatPromise(r.next_answer_due) }),
                  !r.mine && r.requester_name && t("portal.asked_by", { name: r.requester_name }),
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
