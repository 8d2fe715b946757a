import { useTranslation } from "react-i18next";
import type { List, SurveyAnswer } from "../../../../shared/api";
import { npsScore, sharePct } from "../../../../shared/survey-figures";
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

/**
 * The share of good CSAT answers and the NPS score of a list of answers, computed as the reports compute them, with
 * the counts behind them; null where the list has no answer of that kind.
 */
export function summarise(list: SurveyAnswer[]) {
  const csat = list.filter((s) => s.kind === "csat");
  const nps = list.filter((s) => s.kind === "nps");
  const count = (l: SurveyAnswer[], rating: string) => l.filter((s) => s.rating === rating).length;
  const pct = sharePct(count(csat, "good"), csat.length);
  const score = npsScore(count(nps, "promoter"), count(nps, "detractor"), nps.length);
  return {
    csat: pct === null ? null : { pct, answers: csat.length },
    nps: score === null ? null : { score, answers: nps.length },
  };
}

/**
 * Answers to satisfaction and NPS surveys, newest first (the latest hundred), with their CSAT share and NPS score:
 * a customer's on their profile, or those of an organization's people (each named) on the organization's.
 */
export function Ratings(props: { customerId: number } | { organizationId: number }) {
  const { t } = useTranslation();
  const query = "customerId" in props ? `customer_id=${props.customerId}` : `organization_id=${props.organizationId}`;
  const list = useAdminObject<List<SurveyAnswer>>(`/api/v1/surveys?${query}`).data?.data;
  const sum = list ? summarise(list) : null;
  return (
    <section className="card" aria-labelledby="ratings-title" data-testid="ratings" data-slot="insights">
      <h2 id="ratings-title">{t("surveys.profile_title")}</h2>
      {list && list.length === 0 && <p className="muted small">{t("surveys.profile_none")}</p>}
      {sum && (sum.csat || sum.nps) && (
        <p data-testid="ratings-summary">
          {sum.csat && t("surveys.profile_csat", { pct: sum.csat.pct.toLocaleString(), count: sum.csat.answers })}
          {sum.csat && sum.nps && " · "}
          {sum.nps &&
            t("surveys.profile_nps", {
              score: sum.nps.score > 0 ? `+${sum.nps.score}` : String(sum.nps.score),
              count: sum.nps.answers,
            })}
        </p>
      )}
      <ul className="plain">
        {(list ?? []).map((s) => (
          <li key={s.id} className={s.rating === "bad" || s.rating === "detractor" ? "breached" : undefined}>
            {"organizationId" in props && (
              <>
                <a {...linkProps(`/customers/${s.customer.id}`)}>{s.customer.name ?? s.customer.email}</a>:{" "}
              </>
            )}
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
