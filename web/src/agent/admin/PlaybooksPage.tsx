import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Playbook } from "../../../../shared/api";
import { Confirm, FormError } from "../../ui";
import { useDeletePlaybook, usePlaybooks } from "../answers/queries";
import { useMe } from "../queries";
import { PlaybookEditor } from "./PlaybookEditor";

// Playbooks for hard moments, written here by supervisors and admins (the API's playbook.manage) and read by
// every agent (playbook.read): an agent sees the same page without a way to change it.

export function PlaybooksPage() {
  const { t } = useTranslation();
  const playbooks = usePlaybooks();
  const me = useMe().data;
  const canWrite = !!me && me.role !== "agent";
  const remove = useDeletePlaybook();
  const [open, setOpen] = useState<Playbook | "new" | null>(null);
  const [deleting, setDeleting] = useState<Playbook | null>(null);
  const list = playbooks.data ?? [];
  const byId = new Map(list.map((p) => [p.id, p]));

  function translationOf(p: Playbook) {
    if (p.translation_of !== null) {
      const original = byId.get(p.translation_of);
      return original ? t("admin.playbooks.translation_of", { title: original.title }) : "";
    }
    const versions = list.filter((x) => x.translation_of === p.id);
    return versions.length
      ? versions.map((v) => t("admin.playbooks.translated_as", { title: v.title })).join(" · ")
      : t("admin.playbooks.no_translation");
  }

  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.playbooks.title")}</h1>
      <p className="muted">{t("admin.playbooks.intro")}</p>
      {me && !canWrite && <p className="small muted">{t("admin.playbooks.read_only")}</p>}
      <FormError error={playbooks.error ?? remove.error} />
      {playbooks.data && list.length === 0 && <p className="muted">{t("admin.playbooks.none")}</p>}
      {list.length > 0 && (
        <div className="table-wrap">
          <table className="data" data-testid="playbook-list">
            <thead>
              <tr>
                <th>{t("admin.playbooks.col_title")}</th>
                <th>{t("admin.playbooks.col_language")}</th>
                <th>{t("admin.playbooks.col_translation")}</th>
                <th>{t("admin.playbooks.col_steps")}</th>
                <th>
                  <span className="sr-only">{t("admin.playbooks.col_actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id} data-playbook={p.title}>
                  <td>{p.title}</td>
                  <td>{t(`admin.playbooks.languages.${p.language}`)}</td>
                  <td>{translationOf(p)}</td>
                  <td>{t("admin.playbooks.steps_count", { count: p.steps.length })}</td>
                  <td className="row">
                    <button
                      type="button"
                      className="link"
                      onClick={() => setOpen(p)}
                      aria-label={t(canWrite ? "admin.playbooks.edit_label" : "admin.playbooks.view_label", {
                        title: p.title,
                      })}
                    >
                      {t(canWrite ? "admin.playbooks.edit" : "admin.playbooks.view")}
                    </button>
                    {canWrite && (
                      <button
                        type="button"
                        className="link"
                        onClick={() => setDeleting(p)}
                        aria-label={t("admin.playbooks.delete_label", { title: p.title })}
                      >
                        {t("admin.playbooks.delete")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open === null ? (
        canWrite && (
          <button type="button" className="primary" onClick={() => setOpen("new")}>
            {t("admin.playbooks.new")}
          </button>
        )
      ) : (
        <PlaybookEditor
          key={open === "new" ? "new" : open.id}
          playbook={open === "new" ? null : open}
          all={list}
          readOnly={!canWrite}
          onDone={() => setOpen(null)}
        />
      )}
      {deleting && (
        <Confirm
          title={t("admin.playbooks.delete_title", { title: deleting.title })}
          message={t(
            list.some((p) => p.translation_of === deleting.id)
              ? "admin.playbooks.delete_message"
              : "admin.playbooks.delete_message_alone",
          )}
          confirmLabel={t("admin.playbooks.delete_confirm")}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const id = deleting.id;
            setDeleting(null);
            if (open !== null && open !== "new" && (open.id === id || open.translation_of === id)) setOpen(null);
            remove.mutate(id);
          }}
        />
      )}
    </section>
  );
}
