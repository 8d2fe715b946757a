import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { NpsSchedule, Organization } from "../../../../shared/api";
import { formatDateTime } from "../../i18n";
import { FormError } from "../../ui";
import { useAdminList, useAdminRequest } from "./queries";

const URL = "/api/v1/surveys/nps/schedules";
type Whom = "everyone" | "organization" | "plan";

/** NPS on a schedule: an organization, a plan's organizations or every customer, every N days. */
export function NpsSchedulesCard() {
  const { t } = useTranslation();
  const id = useId();
  const list = useAdminList<NpsSchedule>(URL).data ?? [];
  const organizations = useAdminList<Organization>("/api/v1/organizations?limit=200").data ?? [];
  const request = useAdminRequest<NpsSchedule>();
  const [whom, setWhom] = useState<Whom>("organization");
  const [organization, setOrganization] = useState("");
  const [plan, setPlan] = useState("");
  const [every, setEvery] = useState(90);
  const plans = [...new Set(organizations.flatMap((o) => (o.support_plan.name ? [o.support_plan.name] : [])))];
  const target = (s: NpsSchedule) =>
    s.organization
      ? s.organization.name
      : s.plan
        ? t("surveys.schedules.plan_of", { plan: s.plan })
        : t("surveys.schedules.everyone");
  return (
    <section className="card" aria-labelledby={`${id}-h`} data-testid="nps-schedules">
      <h2 id={`${id}-h`}>{t("surveys.schedules.title")}</h2>
      <p className="muted">{t("surveys.schedules.hint")}</p>
      {list.length > 0 && (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("surveys.schedules.whom")}</th>
              <th scope="col">{t("surveys.schedules.every")}</th>
              <th scope="col">{t("surveys.schedules.next")}</th>
              <th scope="col">{t("surveys.schedules.last")}</th>
              <th scope="col">
                <span className="sr-only">{t("surveys.schedules.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.id}>
                <td>{target(s)}</td>
                <td>{t("surveys.schedules.days", { count: s.every_days })}</td>
                <td>{formatDateTime(s.next_run_at)}</td>
                <td>
                  {s.last_run_at
                    ? t("surveys.schedules.last_round", {
                        when: formatDateTime(s.last_run_at),
                        count: s.last_queued ?? 0,
                      })
                    : "—"}
                </td>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => request.mutate({ method: "DELETE", url: `${URL}/${s.id}` })}
                  >
                    {t("surveys.schedules.stop")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          request.mutate({
            method: "POST",
            url: URL,
            body: {
              every_days: every,
              ...(whom === "organization" && { organization_id: Number(organization) }),
              ...(whom === "plan" && { plan: plan.trim() }),
            },
          });
        }}
      >
        <label>
          {t("surveys.schedules.whom")}{" "}
          <select value={whom} onChange={(e) => setWhom(e.target.value as Whom)} data-testid="nps-whom">
            <option value="organization">{t("surveys.schedules.an_organization")}</option>
            <option value="plan">{t("surveys.schedules.a_plan")}</option>
            <option value="everyone">{t("surveys.schedules.everyone")}</option>
          </select>
        </label>
        {whom === "organization" && (
          <label>
            {t("surveys.schedules.organization")}{" "}
            <select
              required
              value={organization}
              onChange={(e) => setOrganization(e.target.value)}
              data-testid="nps-organization"
            >
              <option value="">—</option>
              {organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {whom === "plan" && (
          <label>
            {t("surveys.schedules.plan")}{" "}
            <select required value={plan} onChange={(e) => setPlan(e.target.value)} data-testid="nps-plan">
              <option value="">—</option>
              {plans.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t("surveys.schedules.every")}{" "}
          <input
            type="number"
            min={7}
            max={730}
            value={every}
            onChange={(e) => setEvery(Math.round(Number(e.target.value) || 0))}
            data-testid="nps-every"
          />
        </label>
        <button type="submit" className="primary" disabled={request.isPending}>
          {t("surveys.schedules.add")}
        </button>
      </form>
      <FormError error={request.error} />
    </section>
  );
}
