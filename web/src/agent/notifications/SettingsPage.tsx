import { useEffect, useId, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { browserTimeZone, formatDateTime } from "../../i18n";
import { useMe, useSaveMySettings } from "../queries";
import { NOTIFICATION_DELIVERIES, NOTIFICATION_KINDS } from "../../../../shared/notifications";
import type { NotificationDelivery } from "../../../../shared/notifications";
import { FormError } from "../../ui";
import { useNotificationSettings, useSaveNotificationSettings } from "./queries";

/** The agent's time zone: the app shows every date and time in it; none chosen, the browser's. */
function TimeZoneSetting() {
  const { t } = useTranslation();
  const id = useId();
  const me = useMe().data;
  const save = useSaveMySettings();
  const zones = useMemo(() => Intl.supportedValuesOf("timeZone"), []);
  if (!me) return null;
  return (
    <section aria-labelledby={`${id}-h`} className="preferences">
      <h2 id={`${id}-h`}>{t("preferences.time_zone")}</h2>
      <p className="muted">{t("preferences.time_zone_hint")}</p>
      <label htmlFor={`${id}-zone`} className="sr-only">
        {t("preferences.time_zone")}
      </label>
      <select
        id={`${id}-zone`}
        data-testid="time-zone"
        value={me.time_zone ?? ""}
        onChange={(e) => save.mutate({ time_zone: e.target.value || null })}
      >
        <option value="">{t("preferences.browser_zone", { zone: browserTimeZone() })}</option>
        {zones.map((z) => (
          <option key={z} value={z}>
            {z.replace(/_/g, " ")}
          </option>
        ))}
      </select>
      <p className="muted" data-testid="time-zone-now">
        {t("preferences.now", { time: formatDateTime(new Date().toISOString()) })}
      </p>
      {save.isSuccess && (
        <p className="notice" role="status">
          {t("notifications.saved")}
        </p>
      )}
      <FormError error={save.error} />
    </section>
  );
}

/**
 * The agent's preferences: their time zone, and how each kind of notification reaches them (in the app only, an
 * email each, or a daily digest).
 */
export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const id = useId();
  const settings = useNotificationSettings().data?.settings;
  const save = useSaveNotificationSettings();
  useEffect(() => {
    document.title = `${t("preferences.title")} · Sportello`;
  }, [t]);
  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t("preferences.title")}</h1>
      <TimeZoneSetting />
      <h2 id={`${id}-h`}>{t("notifications.settings_title")}</h2>
      <p className="muted">{t("notifications.settings_hint")}</p>
      {settings && (
        <table className="settings-table">
          <tbody>
            {NOTIFICATION_KINDS.map((k) => (
              <tr key={k}>
                <th scope="row">
                  <label htmlFor={`${id}-${k}`}>{t(`notifications.kinds.${k}`)}</label>
                </th>
                <td>
                  <select
                    id={`${id}-${k}`}
                    value={settings[k]}
                    data-kind={k}
                    onChange={(e) => save.mutate({ [k]: e.target.value as NotificationDelivery })}
                  >
                    {NOTIFICATION_DELIVERIES.map((d) => (
                      <option key={d} value={d}>
                        {t(`notifications.deliveries.${d}`)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {save.isSuccess && (
        <p className="notice" role="status">
          {t("notifications.saved")}
        </p>
      )}
      <FormError error={save.error} />
    </section>
  );
}
