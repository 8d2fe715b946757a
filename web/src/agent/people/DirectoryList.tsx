import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { linkProps } from "../../router";
import { DirectorySearch } from "./DirectorySearch";
import type { useDirectory } from "./queries";
import { usePageTitle } from "./title";

export interface DirectoryColumn<T> {
  header: string;
  cell(row: T): ReactNode;
}

/**
 * A directory page (customers, organizations): its search as you type, a table whose first column links to each
 * row's profile, and "Show more" page after page.
 */
export function DirectoryList<T extends { id: number }>(props: {
  /** The app's path of the list; a row's profile is `${path}/${id}`. */
  path: string;
  q: string;
  title: string;
  searchLabel: string;
  empty: string;
  list: ReturnType<typeof useDirectory<T>>;
  name(row: T): string;
  columns: DirectoryColumn<T>[];
}) {
  const { t } = useTranslation();
  usePageTitle(props.title);
  const { list } = props;
  const rows = list.data?.pages.flatMap((p) => p.data) ?? null;
  const titleId = `${props.path.slice(1)}-title`;
  return (
    <section aria-labelledby={titleId}>
      <h1 id={titleId}>{props.title}</h1>
      <DirectorySearch path={props.path} q={props.q} label={props.searchLabel} />
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <p className="muted">{props.empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="data directory">
            <thead>
              <tr>
                <th scope="col">{t("fields.name")}</th>
                {props.columns.map((c) => (
                  <th scope="col" key={c.header}>
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <a {...linkProps(`${props.path}/${row.id}`)}>{props.name(row)}</a>
                  </td>
                  {props.columns.map((c) => (
                    <td key={c.header}>{c.cell(row)}</td>
                  ))}
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
