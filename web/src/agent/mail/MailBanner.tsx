import { useState } from "react";
import { useTranslation } from "react-i18next";
import { linkProps } from "../../router";
import { useMailStatus } from "./queries";
import type { Me } from "../../../../shared/api";

const KEY = "sportello.mail-banner-hidden";
const hiddenBefore = () => {
  try {
    return sessionStorage.getItem(KEY) === "1";
  } catch {
    return false;
  }
};

/**
 * Says, on every page, that email does not leave while no relay is set: customers get nothing, whatever the
 * thread shows. Admins read how to set SMTP_RELAY_URL and a link to the mail preview; agents whom to ask.
 */
export function MailBanner({ me }: { me: Me }) {
  const { t } = useTranslation();
  const status = useMailStatus().data;
  const [hidden, setHidden] = useState(hiddenBefore);
  if (!status || status.relay || hidden) return null;
  return (
    <div className="banner warning" role="region" aria-label={t("mail_banner.label")} data-testid="mail-banner">
      <p>
        {t("mail_banner.text", { count: status.captured })}{" "}
        {me.role === "admin" ? t("mail_banner.how_admin") : t("mail_banner.how_agent")}
      </p>
      {me.role === "admin" && <a {...linkProps("/admin/mail")}>{t("mail_banner.open")}</a>}
      <button
        className="link"
        onClick={() => {
          try {
            sessionStorage.setItem(KEY, "1");
          } catch {
            // not kept: hidden on this page only
          }
          setHidden(true);
        }}
      >
        {t("mail_banner.dismiss")}
      </button>
    </div>
  );
}
