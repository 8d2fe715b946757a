import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "../LanguageSwitch";
import { linkProps } from "../router";

/** A link's props: moving within the page's app, or a plain link that loads another page (another entry). */
type Link = (to: string) => { href: string; onClick?: (e: React.MouseEvent) => void };
export const plainLink: Link = (to) => ({ href: to });

/** The portal's top bar: its name, "new request", the language and, signed in, "sign out". */
export function PortalBar({
  workspace,
  onLogout,
  link = linkProps,
}: {
  workspace?: string;
  onLogout?: () => void;
  link?: Link;
}) {
  const { t } = useTranslation();
  return (
    <header className="portal-bar">
      <a className="brand" {...link("/portal")}>
        {workspace ?? "Sportello"} · {t("portal.title")}
      </a>
      <div className="topbar-right">
        <a {...link("/portal/new")}>{t("portal.new_request")}</a>
        <LanguageSwitch />
        {onLogout && (
          <button className="link" onClick={onLogout}>
            {t("auth.logout")}
          </button>
        )}
      </div>
    </header>
  );
}
