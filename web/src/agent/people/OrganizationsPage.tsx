import { useTranslation } from "react-i18next";
import { linkProps } from "../../router";
import { DirectorySearch } from "./DirectorySearch";
import { useOrganizations } from "./queries";
import { usePageTitle } from "./title";

/** Every organization, or those whose name has words starting with the words typed. */
export function OrganizationsPage({ q }: { q: string }) {
  const { t } = useTranslation();
  usePageTitle(t("people.organizations"));
  const list = useOrganizations(q);
  const rows = list.data?.pages.flatMap((p) => p.data) ?? null;
  return (
    <section aria-labelledby="organizations-title">
      <h1 id="organizations-title">{t("people.organizations")}</h1>
      <DirectorySearch path="/organizations" q={q} label={t("people.find_organizations")} />
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <p className="muted">{t("people.no_organizations")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data directory">
            <thead>
              <tr>
                <th scope="col">{t("fields.name")}</th>
                <th scope="col">{t("people.plan")}</th>
                <th scope="col">{t("people.tier")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => (
                <tr key={o.id}>
                  <td>
                    <a {...linkProps(`/organizations/${o.id}`)}>{o.name}</a>
                  </td>
                  <td>{o.support_plan.name ?? "—"}</td>
                  <td>{o.support_plan.tier ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage && (
        <button onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {t("people.more")}
        </button>
      )}
    </section>
  );
}
