import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SurveySettings } from "../../../../shared/api";
import { FormError } from "../../ui";
import { useAdminObject, useSaveObject } from "./queries";

const URL = "/api/v1/surveys/settings";

/** When and how customers are asked (admins change it; the server refuses anyone else). */
export function SurveySettingsCard() {
  const { t } = useTranslation();
  const saved = useAdminObject<SurveySettings>(URL).data;
  const save = useSaveObject<SurveySettings, SurveySettings>(URL, "PUT");
  const [s, setS] = useState<SurveySettings | null>(null);
  useEffect(() => setS(saved ?? null), [saved]);
  if (!s) return null;
  const csat = (patch: Partial<SurveySettings["csat"]>) => setS({ ...s, csat: { ...s.csat, ...patch } });
  const nps = (patch: Partial<SurveySettings["nps"]>) => setS({ ...s, nps: { ...s.nps, ...patch } });
  const number = (v: string) => Math.max(0, Math.round(Number(v) || 0));
  return (
    <section className="card" aria-labelledby="survey-settings-title">
      <h2 id="survey-settings-title">{t("surveys.settings.title")}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(s);
        }}
      >
        <fieldset>
          <legend>{t("surveys.csat_title")}</legend>
          <label className="check">
            <input type="checkbox" checked={s.csat.enabled} onChange={(e) => csat({ enabled: e.target.checked })} />{" "}
            {t("surveys.settings.csat_enabled")}
          </label>
          <label>
            {t("surveys.settings.scale")}
            <select value={s.csat.scale} onChange={(e) => csat({ scale: e.target.value === "2" ? 2 : 5 })}>
              <option value="5">{t("surveys.settings.scale5")}</option>
              <option value="2">{t("surveys.settings.scale2")}</option>
            </select>
          </label>
          <label>
            {t("surveys.settings.delay_minutes")}
            <input
              type="number"
              min={0}
              value={s.csat.delay_minutes}
              onChange={(e) => csat({ delay_minutes: number(e.target.value) })}
            />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={s.csat.every_solve}
              onChange={(e) => csat({ every_solve: e.target.checked })}
            />{" "}
            {t("surveys.settings.every_solve")}
          </label>
          <label>
            {t("surveys.settings.quiet_days")}
            <input
              type="number"
              min={0}
              value={s.csat.quiet_days}
              onChange={(e) => csat({ quiet_days: number(e.target.value) })}
            />
          </label>
          <label>
            {t("surveys.settings.expires_days")}
            <input
              type="number"
              min={1}
              value={s.csat.expires_days}
              onChange={(e) => csat({ expires_days: number(e.target.value) })}
            />
          </label>
        </fieldset>
        <fieldset>
          <legend>{t("surveys.nps_title")}</legend>
          <label className="check">
            <input type="checkbox" checked={s.nps.enabled} onChange={(e) => nps({ enabled: e.target.checked })} />{" "}
            {t("surveys.settings.nps_enabled")}
          </label>
          <label>
            {t("surveys.settings.interval_days")}
            <input
              type="number"
              min={1}
              value={s.nps.interval_days}
              onChange={(e) => nps({ interval_days: number(e.target.value) })}
            />
          </label>
        </fieldset>
        <FormError error={save.error} />
        <button type="submit" disabled={save.isPending}>
          {t("surveys.settings.save")}
        </button>
        {save.isSuccess && <span className="muted small"> {t("surveys.settings.saved")}</span>}
      </form>
    </section>
  );
}
