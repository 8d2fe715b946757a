import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { MacroActions } from "../../../../shared/answers";
import type { Macro } from "../../../../shared/api";
import { TICKET_PRIORITIES, TICKET_STATUSES } from "../../../../shared/enums";
import { FormError } from "../../ui";
import { useDeleteMacro, useMacros, useSaveMacro } from "../answers/queries";
import { useMe, useTeams } from "../queries";

/** A macro with its translation, as the page edits them: one name, shortcut and actions, two texts. */
interface Pair {
  it: Macro | null;
  en: Macro | null;
}

function pairsOf(macros: Macro[]): Pair[] {
  const originals = macros.filter((m) => m.translation_of === null);
  return originals.map((o) => {
    const other = macros.find((m) => m.translation_of === o.id);
    return o.language === "it" ? { it: o, en: other ?? null } : { it: other ?? null, en: o };
  });
}

/** Canned replies: the shared ones (supervisors and admins write them) and your own, in Italian and English. */
export function MacrosPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith("en") ? "en" : "it";
  const macros = useMacros().data ?? [];
  const me = useMe().data;
  const remove = useDeleteMacro();
  const [editing, setEditing] = useState<Pair | "new" | null>(null);
  const pairs = pairsOf(macros);
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.macros.title")}</h1>
      <p className="muted">{t("macros.intro")}</p>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>{t("macros.shortcut")}</th>
              <th>{t("macros.name")}</th>
              <th>{t("macros.languages")}</th>
              <th>{t("macros.kind")}</th>
              <th>{t("macros.uses")}</th>
              <th>
                <span className="sr-only">{t("macros.actions_column")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pairs.map((p) => {
              // Named in the reader's language when that version exists.
              const m = (lang === "en" ? (p.en ?? p.it) : (p.it ?? p.en))!;
              const shortcuts = [...new Set([p.it?.shortcut, p.en?.shortcut].filter(Boolean))];
              const uses = (p.it?.usage.total ?? 0) + (p.en?.usage.total ?? 0);
              const mine = (p.it?.usage.mine ?? 0) + (p.en?.usage.mine ?? 0);
              return (
                <tr key={m.id}>
                  <td>{shortcuts.map((x) => `/${x}`).join(" · ")}</td>
                  <td>{m.name}</td>
                  <td>{[p.it && "IT", p.en && "EN"].filter(Boolean).join(" · ")}</td>
                  <td>{m.shared ? t("macros.shared") : t("macros.personal")}</td>
                  <td>{t("macros.uses_count", { total: uses, mine })}</td>
                  <td className="row">
                    <button
                      className="link"
                      onClick={() => setEditing(p)}
                      aria-label={t("macros.edit", { name: m.name })}
                    >
                      {t("macros.edit_short")}
                    </button>
                    <button
                      className="link"
                      onClick={() => remove.mutate(m.id)}
                      aria-label={t("macros.delete", { name: m.name })}
                    >
                      {t("macros.delete_short")}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {editing === null ? (
        <button className="primary" onClick={() => setEditing("new")}>
          {t("macros.new")}
        </button>
      ) : (
        <MacroEditor
          key={editing === "new" ? "new" : (editing.it ?? editing.en)!.id}
          pair={editing === "new" ? { it: null, en: null } : editing}
          canShare={me?.role !== "agent"}
          onDone={() => setEditing(null)}
        />
      )}
    </section>
  );
}

function MacroEditor({ pair, canShare, onDone }: { pair: Pair; canShare: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const teams = useTeams().data ?? [];
  const save = useSaveMacro();
  const first = pair.it ?? pair.en;
  const [name, setName] = useState(first?.name ?? "");
  const [nameEn, setNameEn] = useState(pair.en?.name ?? "");
  const [shortcut, setShortcut] = useState(first?.shortcut ?? "");
  const [shortcutEn, setShortcutEn] = useState(pair.en?.shortcut ?? "");
  const [shared, setShared] = useState(first?.shared ?? canShare);
  const [textIt, setTextIt] = useState(pair.it?.body_text ?? "");
  const [textEn, setTextEn] = useState(pair.en?.body_text ?? "");
  const [actions, setActions] = useState<MacroActions>(first?.actions ?? {});
  const [tags, setTags] = useState((first?.actions.tags ?? []).join(" "));
  const [error, setError] = useState<unknown>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const common = {
      shared,
      actions: { ...actions, tags: tags.split(/[\s,]+/).filter(Boolean) },
    };
    try {
      // The Italian text is the original when there is one; the English one translates it.
      const versions = [
        { lang: "it" as const, text: textIt, macro: pair.it, name, shortcut },
        { lang: "en" as const, text: textEn, macro: pair.en, name: nameEn || name, shortcut: shortcutEn || shortcut },
      ].filter((v) => v.text.trim() || v.macro);
      let originalId = (pair.it ?? pair.en)?.translation_of === null ? (pair.it ?? pair.en)!.id : null;
      for (const v of versions) {
        const body = {
          ...common,
          name: v.name,
          shortcut: v.shortcut,
          body_text: v.text,
          language: v.lang,
          translation_of: originalId !== null && originalId !== v.macro?.id ? originalId : null,
        };
        const saved = await save.mutateAsync({ id: v.macro?.id ?? null, body });
        if (originalId === null) originalId = saved.id;
      }
      onDone();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form className="card macro-editor" onSubmit={(e) => void submit(e)} aria-label={t("macros.editor")}>
      <h2>{first ? t("macros.edit", { name: first.name }) : t("macros.new")}</h2>
      <label>
        {t("macros.name")} <input value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        {t("macros.name_en")} <input value={nameEn} onChange={(e) => setNameEn(e.target.value)} />
      </label>
      <label>
        {t("macros.shortcut")} <input value={shortcut} onChange={(e) => setShortcut(e.target.value)} required />
      </label>
      <label>
        {t("macros.shortcut_en")} <input value={shortcutEn} onChange={(e) => setShortcutEn(e.target.value)} />
      </label>
      <label className="check">
        {t("macros.shared_label")}
        <input type="checkbox" checked={shared} disabled={!canShare} onChange={(e) => setShared(e.target.checked)} />
      </label>
      <p className="small muted">{t("macros.placeholders")}</p>
      <label>
        {t("macros.text_it")}
        <textarea rows={5} value={textIt} onChange={(e) => setTextIt(e.target.value)} />
      </label>
      <label>
        {t("macros.text_en")}
        <textarea rows={5} value={textEn} onChange={(e) => setTextEn(e.target.value)} />
      </label>
      <fieldset>
        <legend>{t("macros.actions")}</legend>
        <label>
          {t("macros.status")}{" "}
          <select
            value={actions.status ?? ""}
            onChange={(e) =>
              setActions({ ...actions, status: (e.target.value || undefined) as MacroActions["status"] })
            }
          >
            <option value="">{t("macros.unchanged")}</option>
            {TICKET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("macros.priority")}{" "}
          <select
            value={actions.priority ?? ""}
            onChange={(e) =>
              setActions({ ...actions, priority: (e.target.value || undefined) as MacroActions["priority"] })
            }
          >
            <option value="">{t("macros.unchanged")}</option>
            {TICKET_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("macros.team")}{" "}
          <select
            value={actions.team_id ?? ""}
            onChange={(e) => setActions({ ...actions, team_id: e.target.value ? Number(e.target.value) : undefined })}
          >
            <option value="">{t("macros.unchanged")}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("macros.tags")} <input value={tags} onChange={(e) => setTags(e.target.value)} />
        </label>
      </fieldset>
      {error !== null && <FormError error={error} />}
      <div className="row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t("macros.save")}
        </button>
        <button type="button" onClick={onDone}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
