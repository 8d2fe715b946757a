import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { KbCategory } from "../../../../shared/api";
import { errorText } from "../../errors";
import { categoryTree, selfAndBelow } from "./category-tree";
import { type CategoryDraft, useCategoryMutations, useKbCategories } from "./queries";

/** The help centre's categories for leads: listed with their parent, added, renamed, moved and deleted. */
export function Categories() {
  const { t, i18n } = useTranslation();
  const categories = useKbCategories();
  const { create, update, remove } = useCategoryMutations();
  const [editing, setEditing] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // Bumped after each category added: the form starts empty again.
  const [added, setAdded] = useState(0);
  const all = categories.data ?? [];
  const tree = categoryTree(all, i18n.language);
  const pathOf = new Map(tree.map((r) => [r.category.id, r.path]));
  const fail = (err: unknown) => setMessage(errorText(t, err));

  return (
    <section aria-labelledby="kb-categories">
      <h2 id="kb-categories">{t("kb.categories.title")}</h2>
      {tree.length === 0 ? (
        <p className="muted">{t("kb.categories.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="kb-categories">
            <thead>
              <tr>
                <th scope="col">{t("kb.categories.name")}</th>
                <th scope="col">{t("kb.categories.name_en")}</th>
                <th scope="col">{t("kb.categories.parent")}</th>
                <th scope="col">{t("kb.categories.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {tree.map(({ category: c, depth }) =>
                editing === c.id ? (
                  <tr key={c.id}>
                    <td colSpan={4}>
                      <CategoryForm
                        initial={c}
                        all={all}
                        submitLabel={t("kb.categories.save")}
                        busy={update.isPending}
                        onCancel={() => setEditing(null)}
                        onSubmit={(d) =>
                          update.mutate(
                            { id: c.id, ...d },
                            {
                              onSuccess: () => {
                                setEditing(null);
                                setMessage(t("kb.categories.saved", { name: d.name }));
                              },
                              onError: fail,
                            },
                          )
                        }
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={c.id}>
                    <td style={{ paddingLeft: 8 + depth * 18 }}>{c.name}</td>
                    <td>{c.name_en ?? "—"}</td>
                    <td>{c.parent_id !== null ? (pathOf.get(c.parent_id) ?? "—") : "—"}</td>
                    <td>
                      <div className="row">
                        <button
                          type="button"
                          className="link"
                          aria-label={t("kb.categories.edit_named", { name: c.name })}
                          onClick={() => {
                            setMessage(null);
                            setEditing(c.id);
                          }}
                        >
                          {t("kb.categories.edit")}
                        </button>
                        <button
                          type="button"
                          className="link"
                          aria-label={t("kb.categories.delete_named", { name: c.name })}
                          disabled={remove.isPending}
                          onClick={() =>
                            remove.mutate(c.id, {
                              onSuccess: () => setMessage(t("kb.categories.deleted", { name: c.name })),
                              onError: fail,
                            })
                          }
                        >
                          {t("kb.categories.delete")}
                        </button>
                      </div>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t("kb.categories.add")}</h3>
      <CategoryForm
        key={added}
        all={all}
        submitLabel={t("kb.categories.add")}
        busy={create.isPending}
        onSubmit={(d) =>
          create.mutate(d, {
            onSuccess: () => {
              setAdded((n) => n + 1);
              setMessage(t("kb.categories.added", { name: d.name }));
            },
            onError: fail,
          })
        }
      />
      {message && <p role="status">{message}</p>}
    </section>
  );
}

function CategoryForm(props: {
  initial?: KbCategory;
  all: KbCategory[];
  submitLabel: string;
  busy: boolean;
  onSubmit: (d: CategoryDraft) => void;
  onCancel?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { initial } = props;
  const [name, setName] = useState(initial?.name ?? "");
  const [nameEn, setNameEn] = useState(initial?.name_en ?? "");
  const [parent, setParent] = useState<number | null>(initial?.parent_id ?? null);
  // A category cannot move under itself or under one of its own.
  const excluded = initial ? selfAndBelow(props.all, initial.id) : new Set<number>();
  const parents = categoryTree(props.all, i18n.language).filter((r) => !excluded.has(r.category.id));
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit({ name: name.trim(), name_en: nameEn.trim() || null, parent_id: parent });
      }}
    >
      <label>
        {t("kb.categories.name")}
        <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t("kb.categories.name_en")}
        <input maxLength={100} value={nameEn} onChange={(e) => setNameEn(e.target.value)} />
      </label>
      <label>
        {t("kb.categories.parent")}
        <select value={parent ?? ""} onChange={(e) => setParent(e.target.value ? Number(e.target.value) : null)}>
          <option value="">{t("kb.categories.top")}</option>
          {parents.map((r) => (
            <option key={r.category.id} value={r.category.id}>
              {r.path}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={props.busy}>
        {props.submitLabel}
      </button>
      {props.onCancel && (
        <button type="button" onClick={props.onCancel}>
          {t("kb.categories.cancel")}
        </button>
      )}
    </form>
  );
}
