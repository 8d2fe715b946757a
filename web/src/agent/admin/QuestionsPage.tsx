import { useState } from "react";
import { useTranslation } from "react-i18next";
import { linkProps } from "../../router";
import { useUnanswered } from "../answers/queries";

const PERIODS = [7, 30, 90] as const;

/**
 * Questions without an answer: recent first messages that no article answers, grouped by similar words, the
 * largest first. "Write an article" opens the knowledge base's editor with the group's tickets
 * (`/knowledge/new?from_tickets=…`), which the knowledge base reads to start the article from them.
 */
export function QuestionsPage() {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState(30);
  const [lang, setLang] = useState(i18n.language.startsWith("en") ? "en" : "it");
  const groups = useUnanswered(days, lang);
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.questions.title")}</h1>
      <p className="muted">{t("questions.intro")}</p>
      <div className="row">
        <label>
          {t("questions.days")}{" "}
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {PERIODS.map((d) => (
              <option key={d} value={d}>
                {t("questions.last_days", { days: d })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("questions.language")}{" "}
          <select value={lang} onChange={(e) => setLang(e.target.value)}>
            <option value="it">{t("questions.lang_it")}</option>
            <option value="en">{t("questions.lang_en")}</option>
          </select>
        </label>
      </div>
      {groups.data?.length === 0 && <p className="muted">{t("questions.none")}</p>}
      {!groups.data && <p className="muted">{t("common.loading")}</p>}
      <ol className="plain" data-testid="question-groups">
        {(groups.data ?? []).map((g) => (
          <li key={g.ticket_numbers.join(",")} className="question-group">
            <h2>{t("questions.size", { count: g.size })}</h2>
            <p>
              <strong>{t("questions.terms")}:</strong> {g.terms.join(", ")}
            </p>
            <p>
              <strong>{t("questions.examples")}:</strong>{" "}
              {g.ticket_numbers.slice(0, 8).map((n) => (
                <a key={n} {...linkProps(`/tickets/${n}`)} className="small">
                  #{n}{" "}
                </a>
              ))}
            </p>
            <a className="button" {...linkProps(`/knowledge/new?from_tickets=${g.ticket_numbers.join(",")}`)}>
              {t("questions.write")}
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}
