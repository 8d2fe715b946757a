import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../../errors";
import { Dialog } from "../../ui/Dialog";
import { type Request, useAdminList, useAdminRequest } from "./queries";

export interface Column<T> {
  key: string;
  render?: (row: T) => ReactNode;
}
/** A button on a row: its label, the request it sends, and optionally what to say once it worked. */
export interface RowAction<T> {
  label: (row: T) => string;
  request: (row: T) => Request;
  done?: (row: T, answer: unknown) => string;
}

/**
 * An admin page: a title, an intro, the table of what exists (with a button per row where something can be
 * done to it), and below it whatever the page adds (usually a CreateForm).
 */
export function ResourcePage<T extends { id: number }>({
  name,
  list,
  columns,
  action,
  aside,
  editForm,
  rowProps,
  children,
}: {
  name: string;
  list: string;
  columns: Column<T>[];
  action?: RowAction<T> | RowAction<T>[];
  aside?: ReactNode;
  /** An "Edit" button on each row opens this form in a dialog (`close` after it saved). */
  editForm?: (row: T, close: () => void) => ReactNode;
  /** Extra attributes of a row (dragging to reorder). */
  rowProps?: (row: T, index: number) => React.HTMLAttributes<HTMLTableRowElement>;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const rows = useAdminList<T>(list);
  const request = useAdminRequest();
  const actions = action ? [action].flat() : [];
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<T | null>(null);
  const run = (a: RowAction<T>, r: T) => {
    setNotice(null);
    request.mutate(a.request(r), { onSuccess: (answer) => a.done && setNotice(a.done(r, answer)) });
  };
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t(`admin.${name}.title`)}</h1>
      <p className="muted">{t(`admin.${name}.intro`)}</p>
      {aside}
      {!rows.data ? (
        !rows.error && <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.key} scope="col">
                    {t(`fields.${c.key}`)}
                  </th>
                ))}
                {(actions.length > 0 || editForm) && (
                  <th>
                    <span className="sr-only">{t("admin.actions")}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.data.map((r, index) => (
                <tr key={r.id} {...rowProps?.(r, index)}>
                  {columns.map((c) => (
                    <td key={c.key}>{c.render ? c.render(r) : String((r as Record<string, unknown>)[c.key] ?? "—")}</td>
                  ))}
                  {(actions.length > 0 || editForm) && (
                    <td>
                      {editForm && (
                        <button className="link" onClick={() => setEditing(r)} data-testid="edit-row">
                          {t("admin.edit")}
                        </button>
                      )}
                      {actions.map((a, i) => (
                        <button key={i} className="link" onClick={() => run(a, r)}>
                          {a.label(r)}
                        </button>
                      ))}
                    </td>
                  )}
                </tr>
              ))}
              {rows.data.length === 0 && (
                <tr>
                  <td colSpan={columns.length + 1} className="muted">
                    {t("admin.none")}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {/* A row action that failed stays until the next one; the list is read again either way. */}
      {request.error && (
        <p className="error" role="alert">
          {errorText(t, request.error)}
        </p>
      )}
      {rows.error && (
        <p className="error" role="alert" data-load-failed>
          {errorText(t, rows.error)}
        </p>
      )}
      {editing && editForm && (
        <Dialog title={t("admin.edit_title")} onClose={() => setEditing(null)}>
          {editForm(editing, () => {
            setEditing(null);
            setNotice(t("admin.saved"));
          })}
        </Dialog>
      )}
      {children}
    </section>
  );
}

export const yes = (v: boolean) => (v ? "✓" : "—");
