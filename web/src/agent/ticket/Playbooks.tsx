import { useTranslation } from "react-i18next";
import type { ComposerHandle } from "../../ui";
import { useApplyMacro } from "../answers/applyMacro";
import { useTicketPlaybooks, useTickStep } from "../answers/queries";

/**
 * The playbooks that match the ticket (by tags and words), in the agent's language: the steps as a checklist
 * (each tick goes to the timeline), the mistakes to avoid, and suggested macros that one click inserts.
 */
export function Playbooks({ number, composer }: { number: number; composer: React.RefObject<ComposerHandle | null> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith("en") ? "en" : "it";
  const matches = useTicketPlaybooks(number, lang).data ?? [];
  const tick = useTickStep(number);
  const apply = useApplyMacro(number, composer);
  if (matches.length === 0) return null;
  return (
    <section className="card" aria-labelledby="playbooks-title" data-testid="playbooks">
      <h2 id="playbooks-title">{t("playbooks.title")}</h2>
      {matches.map(({ playbook: p, checked, macros, matched }) => {
        const done = checked.filter(Boolean).length;
        return (
          <article key={p.id} className="playbook" aria-label={p.title}>
            <h3>{p.title}</h3>
            <p className="small muted">
              {t("playbooks.progress", { done, total: p.steps.length })} ·{" "}
              {t("playbooks.matched", { why: [...matched.tags.map((x) => `#${x}`), ...matched.keywords].join(", ") })}
            </p>
            <h4>{t("playbooks.steps")}</h4>
            <ul className="plain checklist">
              {p.steps.map((step, i) => (
                <li key={i}>
                  <label>
                    <input
                      type="checkbox"
                      // Shown ticked at once; the server's answer then confirms it (or the error undoes it).
                      checked={
                        tick.isPending && tick.variables.id === p.id && tick.variables.index === i
                          ? tick.variables.checked
                          : (checked[i] ?? false)
                      }
                      onChange={(e) => tick.mutate({ id: p.id, index: i, checked: e.target.checked })}
                    />
                    <span>{step}</span>
                  </label>
                </li>
              ))}
            </ul>
            {p.mistakes.length > 0 && (
              <>
                <h4>{t("playbooks.mistakes")}</h4>
                <ul className="mistakes small">
                  {p.mistakes.map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </ul>
              </>
            )}
            {macros.length > 0 && (
              <>
                <h4>{t("playbooks.macros")}</h4>
                <div className="row">
                  {macros.map((m) => (
                    <button
                      key={m.id}
                      type="button"
                      className="small"
                      aria-label={t("playbooks.insert", { name: m.name })}
                      onClick={() => void apply(m)}
                    >
                      /{m.shortcut}
                    </button>
                  ))}
                </div>
              </>
            )}
          </article>
        );
      })}
    </section>
  );
}
