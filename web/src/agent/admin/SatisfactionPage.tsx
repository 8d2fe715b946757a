import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { NpsReport, SatisfactionReport } from "../../../../shared/api";
import { qs } from "../../api";
import { FormError } from "../../ui";
import { useAdminObject } from "./queries";
import { NpsSchedulesCard } from "./NpsSchedulesCard";
import { SurveySettingsCard } from "./SurveySettingsCard";

const day = (d: Date) => d.toISOString().slice(0, 10);
const pct = (v: number | null) => (v === null ? "—" : `${v.toLocaleString()}%`);
const CSAT_GROUPS = ["agent", "team", "plan", "channel", "organization"] as const;
const NPS_GROUPS = ["organization", "plan", "owner", "month"] as const;

/** Satisfaction (CSAT) and loyalty (NPS) for a period, per group, with the counts behind every share. */
export function SatisfactionPage() {
  const { t } = useTranslation();
  const [from, setFrom] = useState(day(new Date(Date.now() - 30 * 86_400_000)));
  const [to, setTo] = useState(day(new Date(Date.now() + 86_400_000)));
  const [csatBy, setCsatBy] = useState<(typeof CSAT_GROUPS)[number]>("agent");
  const [npsBy, setNpsBy] = useState<(typeof NPS_GROUPS)[number]>("organization");
  const period = { from: `${from}T00:00:00Z`, to: `${to}T00:00:00Z` };
  const csatUrl = `/api/v1/reports/satisfaction${qs({ ...period, group_by: csatBy })}`;
  const npsUrl = `/api/v1/reports/nps${qs({ ...period, group_by: npsBy })}`;
  const csat = useAdminObject<SatisfactionReport>(csatUrl);
  const nps = useAdminObject<NpsReport>(npsUrl);
  const c = csat.data;
  const n = nps.data;

  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.satisfaction.title")}</h1>
      <p className="muted">{t("admin.satisfaction.intro")}</p>
      <div className="row">
        <label>
          {t("fairness.from")}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t("fairness.to")}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      <FormError error={csat.error ?? nps.error} />
      <section className="card" aria-labelledby="csat-title">
        <h2 id="csat-title">{t("surveys.csat_title")}</h2>
        {c && (
          <p className="kpis" data-testid="csat-summary">
            <strong>{pct(c.csat)}</strong> {t("surveys.csat_of", { good: c.good, answered: c.answered })} ·{" "}
            {t("surveys.response_rate", { rate: pct(c.response_rate), answered: c.answered, sent: c.sent })}
          </p>
        )}
        <GroupBy
          groups={CSAT_GROUPS}
          value={csatBy}
          onChange={setCsatBy}
          csv={`/api/v1/reports/satisfaction${qs({ ...period, group_by: csatBy, format: "csv" })}`}
        />
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                {["group", "sent", "answered", "response_rate", "good", "neutral", "bad", "csat"].map((k) => (
                  <th key={k} scope="col">
                    {t(`surveys.cols.${k}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(c?.rows ?? []).map((r) => (
                <tr key={r.key}>
                  <td>{csatBy === "channel" && r.key ? t(`channels.${r.key}`, { defaultValue: r.label }) : r.label}</td>
                  <td>{r.sent}</td>
                  <td>{r.answered}</td>
                  <td>{pct(r.response_rate)}</td>
                  <td>{r.good}</td>
                  <td>{r.neutral}</td>
                  <td>{r.bad}</td>
                  <td>{pct(r.csat)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {c && c.rows.length === 0 && <p className="muted small">{t("surveys.none")}</p>}
      </section>
      <section className="card" aria-labelledby="nps-title">
        <h2 id="nps-title">{t("surveys.nps_title")}</h2>
        {n && (
          <p className="kpis" data-testid="nps-summary">
            <strong>{n.score === null ? "—" : n.score}</strong>{" "}
            {t("surveys.nps_counts", {
              promoters: n.promoters,
              passives: n.passives,
              detractors: n.detractors,
              answered: n.answered,
              sent: n.sent,
            })}
          </p>
        )}
        <GroupBy
          groups={NPS_GROUPS}
          value={npsBy}
          onChange={setNpsBy}
          csv={`/api/v1/reports/nps${qs({ ...period, group_by: npsBy, format: "csv" })}`}
        />
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                {["group", "sent", "answered", "promoters", "passives", "detractors", "nps"].map((k) => (
                  <th key={k} scope="col">
                    {t(`surveys.cols.${k}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(n?.rows ?? []).map((r) => (
                <tr key={r.key}>
                  <td>{r.label}</td>
                  <td>{r.sent}</td>
                  <td>{r.answered}</td>
                  <td>{r.promoters}</td>
                  <td>{r.passives}</td>
                  <td>{r.detractors}</td>
                  <td>{r.score === null ? "—" : r.score}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {n && n.rows.length === 0 && <p className="muted small">{t("surveys.none")}</p>}
      </section>
      <SurveySettingsCard />
      <NpsSchedulesCard />
    </section>
  );
}

/** The grouping of one report and its CSV download for the same period and grouping. */
function GroupBy<G extends string>(props: {
  groups: readonly G[];
  value: NoInfer<G>;
  onChange: (g: G) => void;
  csv: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="row">
      <label>
        {t("surveys.group_by")}
        <select value={props.value} onChange={(e) => props.onChange(e.target.value as G)}>
          {props.groups.map((g) => (
            <option key={g} value={g}>
              {t(`surveys.groups.${g}`)}
            </option>
          ))}
        </select>
      </label>
      <a className="button-link" href={props.csv} download>
        {t("fairness.csv")}
      </a>
    </div>
  );
}
