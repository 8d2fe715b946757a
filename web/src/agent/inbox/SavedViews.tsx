import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../../errors";
import { linkProps, navigate, useLocation } from "../../router";
import type { Me, SavedView } from "../../../../shared/api";
import type { ViewName } from "../views";
import { useDeleteView, useSaveView, useSavedViews } from "./queries";

const hrefOf = (v: SavedView) => `/views/${v.view}${v.query ? `?${v.query}` : ""}`;
/** The saved view the address shows, if any (same view, same filters in any order). */
function currentView(views: SavedView[], path: string, query: URLSearchParams) {
  const norm = (q: URLSearchParams) => [...q.entries()].sort().join("&");
  const here = norm(query);
  return views.find((v) => path === `/views/${v.view}` && norm(new URLSearchParams(v.query)) === here) ?? null;
}

/** The sidebar's saved views: the agent's own and the shared ones, each a link to its view with its filters. */
export function SavedViewsNav() {
  const { t } = useTranslation();
  const views = useSavedViews().data ?? [];
  const { path, query } = useLocation();
  if (!views.length) return null;
  const current = currentView(views, path, query);
  return (
    <>
      <h2 className="nav-heading">{t("inbox.saved_views")}</h2>
      <ul data-testid="saved-views">
        {views.map((v) => (
          <li key={v.id}>
            <a {...linkProps(hrefOf(v))} aria-current={current?.id === v.id ? "page" : undefined}>
              <span>{v.name}</span>
              {v.shared && <span className="small muted">{t("inbox.shared_view")}</span>}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Saves the inbox's filters and sort under a name (shared: supervisors and admins), or deletes the view shown. */
export function SaveView({ view, me }: { view: ViewName; me: Me }) {
  const { t } = useTranslation();
  const { path, query } = useLocation();
  const views = useSavedViews().data ?? [];
  const save = useSaveView();
  const remove = useDeleteView();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  if (view === "next_up") return null;
  const current = currentView(views, path, query);
  return (
    <div className="row">
      {!open && (
        <button type="button" onClick={() => (setOpen(true), setNotice(null))}>
          {t("inbox.save_view")}
        </button>
      )}
      {current?.editable && (
        <button
          type="button"
          className="link"
          onClick={() => remove.mutate(current.id, { onSuccess: () => navigate(`/views/${view}`) })}
        >
          {t("inbox.delete_view")}
        </button>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {open && (
        <form
          className="save-view"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(
              { name, view, query: query.toString(), shared },
              {
                onSuccess: () => {
                  setOpen(false);
                  setName("");
                  setNotice(t("inbox.saved_view"));
                },
                onError: (err) => setNotice(errorText(t, err)),
              },
            );
          }}
        >
          <label>
            {t("inbox.view_name")}
            <input id="view-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
          </label>
          {me.role !== "agent" && (
            <label className="check">
              <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
              {t("inbox.share_view")}
            </label>
          )}
          <button className="primary" type="submit" disabled={save.isPending}>
            {t("inbox.save_view")}
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            {t("common.cancel")}
          </button>
        </form>
      )}
    </div>
  );
}
