import { useTranslation } from "react-i18next";
import type { List, SurveyAnswer } from "../../../../shared/api";
import { formatDateTime } from "../../i18n";
import { linkProps } from "../../router";
import { useAdminObject } from "../admin/queries";

/** A score in words: "4/5 (good)", "9/10 (promoter)", or "good" for the 2-point scale. */
export function scoreText(
  t: (k: string, o?: Record<string, unknown>) => string,
  s: { scale: number; score: number | null; rating: string | null },
) {
  if (s.score === null || !s.rating) return "—";
  const rating = t(`surveys.ratings.${s.rating}`);
  return s.scale === 2 ? rating : `${s.score}/${s.scale === 11 ? 10 : 5} (${rating})`;
}

/** The customer's answers to satisfaction and NPS surveys, newest first. */
export function Ratings({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const list = useAdminObject<List<SurveyAnswer>>(`/api/v1/surveys?customer_id=${customerId}`).data?.data;
  return (
    <section className="card" aria-labelledby="ratings-title" data-testid="ratings">
      <h2 id="ratings-title">{t("surveys.profile_title")}</h2>
      {list && list.length === 0 && <p className="muted small">{t("surveys.profile_none")}</p>}
      <ul className="plain">
        {(list ?? []).map((s) => (
          <li key={s.id} className={s.rating === "bad" || s.rating === "detractor" ? "breached" : undefined}>
            <strong>{t(`surveys.kinds.${s.kind}`)}</strong> {scoreText((k, o) => t(k, o ?? {}), s)}
            {s.ticket_number && (
              <>
                {" "}
                · <a {...linkProps(`/tickets/${s.ticket_number}`)}>#{s.ticket_number}</a>
              </>
            )}
            {s.agent && <> · {s.agent.name}</>}
            <span className="muted small"> · {formatDateTime(s.answered_at)}</span>
            {s.comment && <p className="small">“{s.comment}”</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
