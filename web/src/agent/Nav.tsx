import { useTranslation } from "react-i18next";
import { linkProps } from "../router";
import { SavedViewsNav } from "./inbox/SavedViews";
import { useCounts } from "./queries";
import { useUnreadKudos } from "./listening/queries";
import type { Me } from "../../../shared/api";
import { VIEWS, type ViewName } from "./views";

/** The admin pages a supervisor or an admin sees, in the sidebar's order. */
export const ADMIN_SECTIONS = [
  "fairness",
  "approvals",
  "agents",
  "teams",
  "organizations",
  "plans",
  "calendars",
  "escalation",
  "mailboxes",
  "templates",
  "outbox",
  "tokens",
  "webhooks",
  "workspace",
  "macros",
  "playbooks",
  "questions",
  "mail",
  "satisfaction",
  "follow_ups",
] as const;

/** The sidebar: the views with their counts, the admin pages, and the shortcuts' help. */
export function Nav({
  me,
  current,
  section,
  path,
  onHelp,
}: {
  me: Me;
  current: ViewName | null;
  section: string | undefined;
  path: string;
  onHelp: () => void;
}) {
  const { t } = useTranslation();
  const counts = useCounts(true).data;
  return (
    <nav className="sidebar" aria-label={t("nav.views")}>
      <a className="button-link new-ticket-link" {...linkProps("/tickets/new")} data-testid="new-ticket-link">
        {t("actions.new_ticket")}
      </a>
      <ul>
        <li>
          <a
            {...linkProps("/views/next_up")}
            aria-current={current === "next_up" ? "page" : undefined}
            data-view="next_up"
          >
            <span>{t("views.next_up")}</span>
          </a>
        </li>
        {VIEWS.map((v) => (
          <li key={v}>
            <a {...linkProps(`/views/${v}`)} aria-current={current === v ? "page" : undefined} data-view={v}>
              <span>{t(`views.${v}`)}</span>
              <span className="count" data-testid={`count-${v}`}>
                {counts ? counts[v].toLocaleString() : "…"}
              </span>
            </a>
          </li>
        ))}
      </ul>
      <SavedViewsNav />
      <h2 className="nav-heading">{t("nav.people")}</h2>
      <ul>
        {(["customers", "organizations"] as const).map((p) => (
          <li key={p}>
            <a {...linkProps(`/${p}`)} aria-current={path.startsWith(`/${p}`) ? "page" : undefined}>
              {t(`people.${p}`)}
            </a>
          </li>
        ))}
      </ul>
      <ul>
        <li>
          <a {...linkProps("/knowledge")} aria-current={path.startsWith("/knowledge") ? "page" : undefined}>
            {t("kb.title")}
          </a>
        </li>
      </ul>
      <ListeningNav path={path} />
      {me.role !== "agent" && (
        <>
          <h2 className="nav-heading">{t("nav.admin")}</h2>
          <ul>
            {ADMIN_SECTIONS.map((s) => (
              <li key={s}>
                <a {...linkProps(`/admin/${s}`)} aria-current={section === s ? "page" : undefined}>
                  {t(`admin.${s}.title`)}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {me.role === "agent" && (
        <ul>
          <li>
            <a {...linkProps("/admin/tokens")}>{t("admin.tokens.title")}</a>
          </li>
          <li>
            <a {...linkProps("/admin/macros")}>{t("admin.macros.title")}</a>
          </li>
          <li>
            <a {...linkProps("/admin/playbooks")}>{t("admin.playbooks.title")}</a>
          </li>
        </ul>
      )}
      <button className="link help-link" onClick={onHelp}>
        {t("shortcuts.open")}
      </button>
    </nav>
  );
}

/** Listening: the praise wall (with the praise that reached you and you have not seen), reviews and problems. */
function ListeningNav({ path }: { path: string }) {
  const { t } = useTranslation();
  const unread = useUnreadKudos().data?.unread ?? 0;
  return (
    <>
      <h2 className="nav-heading">{t("listening.nav")}</h2>
      <ul>
        {(["praise", "reviews", "problems"] as const).map((p) => (
          <li key={p}>
            <a {...linkProps(`/${p}`)} aria-current={path.startsWith(`/${p}`) ? "page" : undefined}>
              <span>{t(`listening.${p}`)}</span>
              {p === "praise" && unread > 0 && (
                <span
                  className="count unread"
                  data-testid="kudos-unread"
                  aria-label={t("listening.unread", { count: unread })}
                >
                  {unread}
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
