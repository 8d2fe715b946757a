import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Macro } from "../../../../shared/api";
import type { ComposerHandle } from "../../ui";
import { useApplyMacro } from "../answers/applyMacro";
import { useMacros } from "../answers/queries";

/** A slash and what follows it, right before the cursor: `/rimb` at the start or after a space. */
const SLASH = /(?:^|\s)\/([\p{L}\p{N}_-]*)$/u;
const MAX = 8;

/**
 * The macros offered for a typed query: one per macro and its translations (the server picks the customer's
 * version when inserting), shown in the agent's language, found by any version's shortcut or name; shortcut
 * matches first, then the agent's most used.
 */
export function matchMacros(macros: Macro[], q: string, lang: string): Macro[] {
  const families = new Map<number, Macro[]>();
  for (const m of macros) {
    const root = m.translation_of ?? m.id;
    families.set(root, [...(families.get(root) ?? []), m]);
  }
  const score = (m: Macro) =>
    m.shortcut.startsWith(q) ? 0 : m.shortcut.includes(q) ? 1 : m.name.toLowerCase().includes(q) ? 2 : 3;
  return [...families.values()]
    .map((family) => {
      const shown = family.find((m) => m.language === lang) ?? family[0]!;
      const uses = family.reduce((n, m) => n + m.usage.mine, 0);
      return { shown, uses, score: Math.min(...family.map(score)) };
    })
    .filter((f) => f.score < 3)
    .sort((a, b) => a.score - b.score || b.uses - a.uses || a.shown.shortcut.localeCompare(b.shown.shortcut))
    .slice(0, MAX)
    .map((f) => f.shown);
}

/**
 * Typing `/` and a shortcut in the composer lists the matching macros as you type; Enter or a click inserts the
 * chosen one (arrows move, Escape closes). It listens to the composer's text box, so the composer stays as it is.
 */
export function MacroPicker({
  composer,
  number,
}: {
  composer: React.RefObject<ComposerHandle | null>;
  number: number;
}) {
  const { t, i18n } = useTranslation();
  const macros = useMacros().data ?? [];
  const apply = useApplyMacro(number, composer);
  const [slash, setSlash] = useState<{ from: number; to: number; q: string } | null>(null);
  const [active, setActive] = useState(0);
  const [error, setError] = useState(false);
  const shown = slash ? matchMacros(macros, slash.q, i18n.language.startsWith("en") ? "en" : "it") : [];
  const state = useRef({ slash, shown, active });
  state.current = { slash, shown, active };

  function choose(m: Macro) {
    const range = state.current.slash;
    setSlash(null);
    setError(false);
    apply(m, range ?? undefined).catch(() => setError(true));
  }
  const chooseRef = useRef(choose);
  chooseRef.current = choose;

  useEffect(() => {
    const area = composer.current?.textarea();
    if (!area) return;
    const read = () => {
      const caret = area.selectionStart;
      const m = SLASH.exec(area.value.slice(0, caret));
      setSlash(m ? { from: caret - m[1]!.length - 1, to: caret, q: m[1]!.toLowerCase() } : null);
      setActive(0);
    };
    const key = (e: KeyboardEvent) => {
      const { slash: open, shown: list, active: at } = state.current;
      if (!open || list.length === 0) return;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        setActive((at + (e.key === "ArrowDown" ? 1 : list.length - 1)) % list.length);
      } else if ((e.key === "Enter" && !e.ctrlKey && !e.metaKey) || e.key === "Tab") {
        e.preventDefault();
        chooseRef.current(list[at]!);
      } else if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        setSlash(null);
      }
    };
    area.addEventListener("input", read);
    area.addEventListener("keydown", key);
    return () => {
      area.removeEventListener("input", read);
      area.removeEventListener("keydown", key);
    };
  }, [composer]);

  // The text box says which option of the open list is active, for screen readers (a text box may not carry
  // aria-expanded: that is a combobox's).
  useEffect(() => {
    const area = composer.current?.textarea();
    if (!area) return;
    if (shown.length > 0) area.setAttribute("aria-activedescendant", `macro-option-${shown[active]?.id}`);
    else area.removeAttribute("aria-activedescendant");
  });

  if (error)
    return (
      <p className="error small" role="alert">
        {t("macros.insert_failed")}
      </p>
    );
  if (!slash) return null;
  return (
    <div className="macro-picker" data-testid="macro-picker">
      {shown.length === 0 ? (
        <p className="muted small">{t("macros.none_match", { q: slash.q })}</p>
      ) : (
        <ul role="listbox" aria-label={t("macros.list")} className="plain">
          {shown.map((m, i) => (
            <li
              key={m.id}
              id={`macro-option-${m.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              // Keeps the focus in the text box: the click chooses, the cursor stays where the macro goes.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(m)}
            >
              <strong>/{m.shortcut}</strong> {m.name}
              {!m.shared && <span className="muted small"> · {t("macros.personal")}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
