import { useTranslation } from "react-i18next";
import type { FollowUp } from "../../../../shared/api";
import { formatDateTime } from "../../i18n";
import { linkProps } from "../../router";
import { FormError } from "../../ui";
import { useAdminList, useAdminRequest } from "./queries";

/** "Recover this customer": the follow-ups bad ratings and detractors opened, soonest due first. */
export function FollowUpsPage() {
  const { t } = useTranslation();
  const list = useAdminList<FollowUp>("/api/v1/follow-ups");
  const done = useAdminRequest();
  const rows = list.data ?? [];
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.follow_ups.title")}</h1>
      <p className="muted">{t("admin.follow_ups.intro")}</p>
      <FormError error={list.error ?? done.error} />
      {list.data && rows.length === 0 && <p className="muted">{t("surveys.follow_ups.none")}</p>}
      <ul className="plain">
        {rows.map((f) => (
          <li key={f.id} className="card" data-testid="follow-up">
            <p>
              <strong>{t(`surveys.follow_ups.${f.kind}`)}</strong>: {f.customer.name ?? f.customer.email}
              {f.ticket_number && (
                <>
                  {" "}
                  · <a {...linkProps(`/tickets/${f.ticket_number}`)}>#{f.ticket_number}</a>
                </>
              )}
            </p>
            <p className="small">
              {f.scale === 2
                ? t("surveys.ratings.bad")
                : t("surveys.follow_ups.score", { score: f.score ?? "—", max: f.scale === 11 ? 10 : 5 })}
              {f.comment && <> · “{f.comment}”</>}
            </p>
            <p className="small muted">
              {t("surveys.follow_ups.due", { when: formatDateTime(f.due_at) })}
              {f.assignee && <> · {t("surveys.follow_ups.assignee", { name: f.assignee.name })}</>}
            </p>
            <button onClick={() => done.mutate({ method: "POST", url: `/api/v1/follow-ups/${f.id}/done` })}>
              {t("surveys.follow_ups.done")}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
