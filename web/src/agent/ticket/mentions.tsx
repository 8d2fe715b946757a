import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ComposerHandle } from "../../ui";
import { useAgents } from "../queries";

type Open = { start: number; caret: number; query: string; index: number };

/** The word being typed after an "@" at the cursor (letters, spaces inside a name, at most 40 characters). */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at < 0 || (at > 0 && !/\s/.test(before[at - 1]))) return null;
  const query = before.slice(at + 1);
  if (query.length > 40 || /[\n@]/.test(query) || /\s{2}/.test(query)) return null;
  return { start: at, query };
}

/**
 * @mentions in internal notes: while a note's cursor follows "@", colleagues whose name starts with (or has a word
 * starting with) what was typed are offered; arrows choose, Enter or Tab writes "@Name ", Escape closes. The
 * server tells whoever a note names this way (notifications.listener.ts).
 */
export function useMentions(composer: React.RefObject<ComposerHandle | null>) {
  const { t } = useTranslation();
  const agents = (useAgents().data ?? []).filter((a) => a.active);
  const [open, setOpen] = useState<Open | null>(null);
  const q = open?.query.toLowerCase() ?? "";
  const matches = open
    ? agents
        .filter(
          (a) =>
            a.name
              .toLowerCase()
              .split(/\s+/)
              .some((w) => w.startsWith(q)) || a.name.toLowerCase().startsWith(q),
        )
        .slice(0, 6)
    : [];
  const shown = open && matches.length > 0;

  function choose(name: string) {
    if (!open) return;
    composer.current?.insert(open.start, open.caret, `@${name} `);
    setOpen(null);
  }

  return {
    onCaret(text: string, caret: number, internal: boolean) {
      const m = internal ? mentionAt(text, caret) : null;
      setOpen(m ? { ...m, caret, index: 0 } : null);
    },
    onTextKey(e: React.KeyboardEvent<HTMLTextAreaElement>): boolean {
      if (!shown || !open) return false;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const step = e.key === "ArrowDown" ? 1 : matches.length - 1;
        setOpen({ ...open, index: (open.index + step) % matches.length });
        return true;
      }
      if ((e.key === "Enter" && !e.ctrlKey && !e.metaKey) || e.key === "Tab") {
        e.preventDefault();
        choose(matches[open.index].name);
        return true;
      }
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        setOpen(null);
        return true;
      }
      return false;
    },
    list: shown ? (
      <ul className="mentions" role="listbox" aria-label={t("actions.mention_list")} data-testid="mentions">
        {matches.map((a, i) => (
          <li
            key={a.id}
            role="option"
            aria-selected={i === open.index}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(a.name);
            }}
          >
            {a.name}
          </li>
        ))}
      </ul>
    ) : null,
  };
}
