import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { FairnessGroup, FairnessReport } from "../../../../shared/api";
import { qs } from "../../api";
import { formatMinutes } from "../../i18n";
import { FormError } from "../../ui";
import { useAdminObject } from "./queries";

type Group = FairnessGroup;

const day = (d: Date) => d.toISOString().slice(0, 10);
const num = (v: number | null) => (v === null ? "—" : v.toLocaleString());
/** A time in the table: read as "5 h 20 min", with the exact minutes (what the CSV has) on hover. */
const time = (v: number | null) => <span title={v === null ? undefined : `${num(v)} min`}>{formatMinutes(v)}</span>;

/** The fairness report for a period, with the CSV download of the same numbers. */
export function FairnessPage() {
  const { t } = useTranslation();
  const [from, setFrom] = useState(day(new Date(Date.now() - 30 * 86_400_000)));
  const [to, setTo] = useState(day(new Date(Date.now() + 86_400_000)));
  const params = { from: `${from}T00:00:00Z`, to: `${to}T00:00:00Z` };
  const url = `/api/v1/reports/fairness${qs(params)}`;
  const query = useAdminObject<FairnessReport>(url);
  const report = query.data;

  // The server's group names for everything and for "no plan / organization / owner": said in the reader's language.
  const groupLabel = (key: string) => (key === "all" ? t("fairness.all") : key === "(none)" ? t("fairness.none") : key);
  const table = (title: string, groups: Group[]) => (
    <section className="card">
      <h2>{title}</h2>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              {["group", "tickets", "frt_median", "frt_p90", "res_median", "res_p90", "compliance"].map((c) => (
                <th key={c} scope="col">
                  {t(`fairness.cols.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.key}>
                <td>{groupLabel(g.key)}</td>
                <td>{g.tickets}</td>
                <td>{time(g.first_response_median_min)}</td>
                <td>{time(g.first_response_p90_min)}</td>
                <td>{time(g.resolution_median_min)}</td>
                <td>{time(g.resolution_p90_min)}</td>
                <td>{g.sla_compliance_pct === null ? "—" : `${g.sla_compliance_pct}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );

  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.fairness.title")}</h1>
      <p className="muted">{t("admin.fairness.intro")}</p>
      <div className="row">
        <label>
          {t("fairness.from")}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t("fairness.to")}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <a className="button-link" href={`/api/v1/reports/fairness${qs({ ...params, format: "csv" })}`} download>
          {t("fairness.csv")}
        </a>
      </div>
      <FormError error={query.error} />
      {report && (
        <>
          {table(t("fairness.overall"), [report.overall])}
          {report.outliers.length > 0 && (
            <section className="card" aria-labelledby="outliers-title">
              <h2 id="outliers-title">{t("fairness.outliers")}</h2>
              <ul>
                {report.outliers.map((o) => (
                  <li key={`${o.plan}-${o.customer}`} className={o.treatment === "worse" ? "breached" : undefined}>
                    {t(`fairness.${o.treatment}`, {
                      customer: o.customer,
                      plan: o.plan,
                      own: formatMinutes(o.first_response_median_min),
                      others: formatMinutes(o.plan_others_first_response_median_min),
                      compliance: num(o.sla_compliance_pct),
                      others_compliance: num(o.plan_others_sla_compliance_pct),
                    })}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {table(t("fairness.by_plan"), report.by_plan)}
          {table(t("fairness.by_organization"), report.by_organization)}
          {table(t("fairness.by_account_owner"), report.by_account_owner)}
          <section className="card">
            <h2>{t("fairness.overrides", { count: report.overrides.total })}</h2>
            {report.overrides.total === 0 ? (
              <p className="muted">{t("fairness.no_overrides")}</p>
            ) : (
              <div className="row">
                <ul>
                  {report.overrides.by_source.map((o) => (
                    <li key={o.key}>
                      {t(`sources.${o.key}`, { defaultValue: o.key })}: {o.overrides}
                    </li>
                  ))}
                </ul>
                <ul>
                  {report.overrides.by_requester.map((o) => (
                    <li key={o.key}>
                      {o.key}: {o.overrides}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </section>
          <section className="card">
            <h2>{t("fairness.tiers")}</h2>
            <p>
              {t("fairness.first_line", {
                pct: num(report.tiers.first_line_resolution_pct),
                solved: report.tiers.solved,
              })}
            </p>
            <ul>
              {report.tiers.escalations_by_reason.map((e) => (
                <li key={e.reason_code}>
                  {e.reason_code}: {e.escalations}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </section>
  );
}
