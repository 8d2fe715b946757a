import { useEffect, useId } from "react";
import { useTranslation } from "react-i18next";
import { NOTIFICATION_DELIVERIES, NOTIFICATION_KINDS } from "../../../../shared/notifications";
import type { NotificationDelivery } from "../../../../shared/notifications";
import { FormError } from "../../ui";
import { useNotificationSettings, useSaveNotificationSettings } from "./queries";

/** Each kind of notification and how it reaches the agent: in the app only, an email each, or a daily digest. */
export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const id = useId();
  const settings = useNotificationSettings().data?.settings;
  const save = useSaveNotificationSettings();
  useEffect(() => {
    document.title = `${t("notifications.settings_title")} · Sportello`;
  }, [t]);
  return (
    <section aria-labelledby={`${id}-h`}>
      <h1 id={`${id}-h`}>{t("notifications.settings_title")}</h1>
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
