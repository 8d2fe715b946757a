import { useTranslation } from "react-i18next";
import { linkProps } from "../../router";
import { DirectorySearch } from "./DirectorySearch";
import { useCustomers } from "./queries";
import { usePageTitle } from "./title";

/** Every customer, or those whose name, email or phone starts with the words typed. */
export function CustomersPage({ q }: { q: string }) {
  const { t } = useTranslation();
  usePageTitle(t("people.customers"));
  const list = useCustomers(q);
  const rows = list.data?.pages.flatMap((p) => p.data) ?? null;
  return (
    <section aria-labelledby="customers-title">
      <h1 id="customers-title">{t("people.customers")}</h1>
      <DirectorySearch path="/customers" q={q} label={t("people.find_customers")} />
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <p className="muted">{t("people.no_customers")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data directory">
            <thead>
              <tr>
                <th scope="col">{t("fields.name")}</th>
                <th scope="col">{t("fields.email")}</th>
                <th scope="col">{t("fields.phone")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a {...linkProps(`/customers/${c.id}`)}>{c.name ?? t("people.no_name")}</a>
                  </td>
                  <td>{c.email}</td>
                  <td>{c.phone ?? "—"}</td>
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
