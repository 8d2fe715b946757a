import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../i18n";
import { FormError } from "../../ui";
import type { Override, OverrideSettings } from "../../../../shared/api";
import { useAgents } from "../queries";
import { useAdminList, useAdminObject, useAdminRequest, useSaveObject } from "./queries";

const LIST = "/api/v1/overrides?status=pending";
const SETTINGS = "/api/v1/overrides/settings";

/** Overrides waiting for a supervisor, and the switch that makes sales-sourced ones wait. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const rows = useAdminList<Override>(LIST).data;
  const agents = useAgents().data ?? [];
  // What the exception would change, in words (the API's change object, never shown as JSON).
  const describeChange = (c: Override["change"]) =>
    [
      c.priority ? t("overrides.change.priority", { priority: t(`priority.${c.priority}`) }) : "",
      c.target
        ? t("overrides.change.target", { target: t(`sla.${c.target}`), minutes: c.business_minutes ?? "—" })
        : "",
      c.assignee_id
        ? t("overrides.change.assignee", {
            name: agents.find((a) => a.id === c.assignee_id)?.name ?? `#${c.assignee_id}`,
          })
        : "",
    ]
      .filter(Boolean)
      .join("; ");
  const decide = useAdminRequest();
  const settings = useAdminObject<OverrideSettings>(SETTINGS);
  const change = useSaveObject<OverrideSettings, OverrideSettings>(SETTINGS, "PUT");
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.approvals.title")}</h1>
      <p className="muted">{t("admin.approvals.intro")}</p>
      {settings.data && (
        <label className="check">
          <input
            type="checkbox"
            checked={settings.data.sales_overrides_need_approval}
            onChange={(e) => change.mutate({ sales_overrides_need_approval: e.target.checked })}
          />
          {t("admin.approvals.setting")}
        </label>
      )}
      <FormError error={decide.error ?? change.error} />
      {rows && (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                {["kind", "change", "reason", "source", "created_at"].map((c) => (
                  <th key={c} scope="col">
                    {t(`fields.${c}`)}
                  </th>
                ))}
                <th>
                  <span className="sr-only">{t("admin.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => (
                <tr key={o.id}>
                  <td>{t(`overrides.kinds.${o.kind}`)}</td>
                  <td>{describeChange(o.change)}</td>
                  <td>{o.reason}</td>
                  <td>{t(`sources.${o.source}`)}</td>
                  <td>{formatDateTime(o.created_at)}</td>
                  <td className="row">
                    {(["approve", "reject"] as const).map((verb) => (
                      <button
                        key={verb}
                        onClick={() => decide.mutate({ method: "POST", url: `/api/v1/overrides/${o.id}/${verb}` })}
                      >
                        {t(`admin.approvals.${verb}`)}
                      </button>
                    ))}
                  </td>
                </tr>
              ))}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    {t("admin.none")}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
