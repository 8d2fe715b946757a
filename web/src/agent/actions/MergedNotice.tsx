import { useTranslation } from "react-i18next";
import { linkProps } from "../../router";

/** Where a merged ticket went: its messages live there now, so this page shows the way instead of an empty thread. */
export function MergedNotice({ into }: { into: number }) {
  const { t } = useTranslation();
  return (
    <div className="notice merged-notice" role="status" data-testid="merged-into">
      <p>{t("actions.merged_into", { number: into })}</p>
      <a className="button-link" {...linkProps(`/tickets/${into}`)}>
        {t("actions.merged_open", { number: into })}
      </a>
    </div>
  );
}
