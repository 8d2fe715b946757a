import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PlaybookInput } from "../../../../shared/answers";
import type { Playbook } from "../../../../shared/api";
import { FormError } from "../../ui";
import { useMacros, useSavePlaybook } from "../answers/queries";

// The form of one playbook (PlaybooksPage.tsx lists them): title, language, translation, what it matches, steps,
// mistakes to avoid and suggested canned replies.

/** Fields wide enough to read a step whole (the page's styles leave inputs at their browser width). */
const wide = { width: "40rem" };

const splitList = (text: string) => [
  ...new Set(
    text
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  ),
];

/** An ordered list of short texts: each in its own field, added, removed and (for steps) moved. */
function TextList({
  items,
  onChange,
  label,
  removeLabel,
  movable,
  readOnly,
  testId,
}: {
  items: string[];
  onChange: (items: string[]) => void;
  label: (n: number) => string;
  removeLabel: (n: number) => string;
  movable: boolean;
  readOnly: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const set = (i: number, v: string) => onChange(items.map((x, j) => (j === i ? v : x)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...items];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    onChange(next);
  };
  return (
    <ol className="plain playbook-items" data-testid={testId}>
      {items.map((item, i) => (
        <li key={i} className="row">
          <label>
            {label(i + 1)}{" "}
            <input
              value={item}
              maxLength={500}
              readOnly={readOnly}
              style={wide}
              onChange={(e) => set(i, e.target.value)}
            />
          </label>
          {!readOnly && movable && (
            <>
              <button
                type="button"
                className="link"
                disabled={i === 0}
                onClick={() => move(i, -1)}
                aria-label={t("admin.playbooks.up_label", { n: i + 1 })}
              >
                {t("admin.playbooks.up")}
              </button>
              <button
                type="button"
                className="link"
                disabled={i === items.length - 1}
                onClick={() => move(i, 1)}
                aria-label={t("admin.playbooks.down_label", { n: i + 1 })}
              >
                {t("admin.playbooks.down")}
              </button>
            </>
          )}
          {!readOnly && (
            <button
              type="button"
              className="link"
              onClick={() => onChange(items.filter((_, j) => j !== i))}
              aria-label={removeLabel(i + 1)}
            >
              {t("admin.playbooks.remove")}
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}

export function PlaybookEditor({
  playbook,
  all,
  readOnly,
  onDone,
}: {
  playbook: Playbook | null;
  all: Playbook[];
  readOnly: boolean;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const save = useSavePlaybook();
  const macros = useMacros().data ?? [];
  const [title, setTitle] = useState(playbook?.title ?? "");
  const [language, setLanguage] = useState<"it" | "en">(
    playbook?.language ?? (i18n.language.startsWith("en") ? "en" : "it"),
  );
  const [translationOf, setTranslationOf] = useState<number | null>(playbook?.translation_of ?? null);
  const [tags, setTags] = useState((playbook?.match.tags ?? []).join(", "));
  const [keywords, setKeywords] = useState((playbook?.match.keywords ?? []).join(", "));
  const [steps, setSteps] = useState<string[]>(playbook?.steps ?? [""]);
  const [mistakes, setMistakes] = useState<string[]>(playbook?.mistakes ?? []);
  const [macroIds, setMacroIds] = useState<number[]>(playbook?.macro_ids ?? []);
  const [error, setError] = useState<unknown>(null);
  const [noStep, setNoStep] = useState(false);
  // An original in the other language; an original that has translations of its own cannot become one.
  const originals = all.filter((p) => p.translation_of === null && p.language !== language && p.id !== playbook?.id);
  const hasTranslations = playbook !== null && all.some((p) => p.translation_of === playbook.id);
  // A macro is chosen once for all its versions (the ticket shows the one in the agent's language): the
  // originals, each named by its versions, and any version chosen before.
  const choices = macros
    .filter((m) => m.translation_of === null || macroIds.includes(m.id))
    .map((m) => ({ macro: m, versions: [m, ...macros.filter((x) => x.translation_of === m.id)] }));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const written = steps.map((s) => s.trim()).filter(Boolean);
    setNoStep(written.length === 0);
    if (written.length === 0) return;
    const body: PlaybookInput = {
      title,
      language,
      translation_of: originals.some((o) => o.id === translationOf) ? translationOf : null,
      match: { tags: splitList(tags).map((x) => x.toLowerCase()), keywords: splitList(keywords) },
      steps: written,
      mistakes: mistakes.map((s) => s.trim()).filter(Boolean),
      macro_ids: macroIds.filter((id) => macros.some((m) => m.id === id)),
    };
    try {
      await save.mutateAsync({ id: playbook?.id ?? null, body });
      onDone();
    } catch (err) {
      setError(err);
    }
  }

  const heading = playbook
    ? t(readOnly ? "admin.playbooks.viewing" : "admin.playbooks.editing", { title: playbook.title })
    : t("admin.playbooks.new");
  return (
    <form
      className="card playbook-editor"
      onSubmit={(e) => void submit(e)}
      aria-label={t("admin.playbooks.editor")}
      data-testid="playbook-editor"
    >
      <h2>{heading}</h2>
      <label>
        {t("admin.playbooks.field_title")}{" "}
        <input
          value={title}
          maxLength={200}
          required
          readOnly={readOnly}
          style={wide}
          onChange={(e) => setTitle(e.target.value)}
        />
      </label>
      <label>
        {t("admin.playbooks.field_language")}{" "}
        <select
          value={language}
          disabled={readOnly}
          onChange={(e) => setLanguage(e.target.value === "en" ? "en" : "it")}
        >
          {(["it", "en"] as const).map((l) => (
            <option key={l} value={l}>
              {t(`admin.playbooks.languages.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("admin.playbooks.field_translation")}{" "}
        <select
          value={translationOf ?? ""}
          disabled={readOnly || hasTranslations}
          onChange={(e) => setTranslationOf(e.target.value ? Number(e.target.value) : null)}
        >
          <option value="">{t("admin.playbooks.original")}</option>
          {originals.map((o) => (
            <option key={o.id} value={o.id}>
              {o.title} ({o.language.toUpperCase()})
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t("admin.playbooks.match")}</legend>
        <label>
          {t("admin.playbooks.field_tags")}{" "}
          <input value={tags} readOnly={readOnly} style={wide} onChange={(e) => setTags(e.target.value)} />
        </label>
        <label>
          {t("admin.playbooks.field_keywords")}{" "}
          <input value={keywords} readOnly={readOnly} style={wide} onChange={(e) => setKeywords(e.target.value)} />
        </label>
      </fieldset>
      <fieldset>
        <legend>{t("admin.playbooks.steps")}</legend>
        <TextList
          items={steps}
          onChange={setSteps}
          label={(n) => t("admin.playbooks.step_n", { n })}
          removeLabel={(n) => t("admin.playbooks.remove_step_label", { n })}
          movable
          readOnly={readOnly}
          testId="playbook-steps"
        />
        {!readOnly && (
          <button type="button" onClick={() => setSteps([...steps, ""])}>
            {t("admin.playbooks.add_step")}
          </button>
        )}
        {noStep && (
          <p className="error" role="alert">
            {t("admin.playbooks.need_step")}
          </p>
        )}
      </fieldset>
      <fieldset>
        <legend>{t("admin.playbooks.mistakes")}</legend>
        <TextList
          items={mistakes}
          onChange={setMistakes}
          label={(n) => t("admin.playbooks.mistake_n", { n })}
          removeLabel={(n) => t("admin.playbooks.remove_mistake_label", { n })}
          movable={false}
          readOnly={readOnly}
          testId="playbook-mistakes"
        />
        {!readOnly && (
          <button type="button" onClick={() => setMistakes([...mistakes, ""])}>
            {t("admin.playbooks.add_mistake")}
          </button>
        )}
      </fieldset>
      <fieldset data-testid="playbook-macros">
        <legend>{t("admin.playbooks.macros")}</legend>
        {macros.length === 0 && <p className="small muted">{t("admin.playbooks.no_macros")}</p>}
        {choices.map(({ macro: m, versions }) => (
          <label key={m.id} className="check">
            {versions.map((v) => `${v.name} (/${v.shortcut})`).join(" · ")}
            <input
              type="checkbox"
              checked={macroIds.includes(m.id)}
              disabled={readOnly}
              onChange={(e) =>
                setMacroIds(e.target.checked ? [...macroIds, m.id] : macroIds.filter((id) => id !== m.id))
              }
            />
          </label>
        ))}
      </fieldset>
      {error !== null && <FormError error={error} />}
      <div className="row">
        {!readOnly && (
          <button type="submit" className="primary" disabled={save.isPending}>
            {t("admin.playbooks.save")}
          </button>
        )}
        <button type="button" onClick={onDone}>
          {readOnly ? t("admin.playbooks.close") : t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
