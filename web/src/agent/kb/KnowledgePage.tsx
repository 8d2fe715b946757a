import { useState } from "react";
import { useTranslation } from "react-i18next";
import { currentTimeZone } from "../../i18n";
import type { Me } from "../../../../shared/api";
import { linkProps } from "../../router";
import { usePageTitle } from "../people/title";
import { Categories } from "./Categories";
import { useKbArticles, useKbDeflection, useKbFeedback } from "./queries";

const since = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10) + "T00:00:00Z";
const until = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) + "T00:00:00Z";

/** The help centre's articles, the comments on one's own articles, and (for leads) the deflection report. */
export function KnowledgePage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  usePageTitle(t("kb.title"));
  const [q, setQ] = useState("");
  const [language, setLanguage] = useState("");
  const list = useKbArticles(q.trim(), language);
  const feedback = useKbFeedback();
  const deflection = useKbDeflection(since, until, me.role !== "agent");
  const date = (iso: string) => new Date(iso).toLocaleDateString(i18n.language, { timeZone: currentTimeZone() });
  return (
    <section aria-labelledby="kb-title">
      <div className="row space">
        <h1 id="kb-title">{t("kb.title")}</h1>
        <a className="button primary" {...linkProps("/knowledge/new")}>
          {t("kb.new")}
        </a>
      </div>
      <div className="row">
        <label className="sr-only" htmlFor="kb-q">
          {t("kb.search")}
        </label>
        <input id="kb-q" type="search" placeholder={t("kb.search")} value={q} onChange={(e) => setQ(e.target.value)} />
        <label className="sr-only" htmlFor="kb-lang">
          {t("kb.language")}
        </label>
        <select id="kb-lang" value={language} onChange={(e) => setLanguage(e.target.value)}>
          <option value="">{t("kb.all_languages")}</option>
          <option value="it">{t("kb.languages.it")}</option>
          <option value="en">{t("kb.languages.en")}</option>
        </select>
      </div>
      {!list.data ? (
        <p className="muted">{t("common.loading")}</p>
      ) : list.data.length === 0 ? (
        <p className="muted">{t("kb.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="kb-articles">
            <thead>
              <tr>
                <th scope="col">{t("kb.article_title")}</th>
                <th scope="col">{t("kb.language")}</th>
                <th scope="col">{t("kb.status")}</th>
                <th scope="col">{t("kb.updated")}</th>
                <th scope="col">{t("kb.helpful")}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((a) => (
                <tr key={a.id}>
                  <td>
                    <a {...linkProps(`/knowledge/${a.id}`)}>{a.title}</a>{" "}
                    {a.internal && <span className="badge">{t("kb.internal_badge")}</span>}
                  </td>
                  <td>{a.language.toUpperCase()}</td>
                  <td>{t(`kb.statuses.${a.status}`)}</td>
                  <td>{date(a.updated_at)}</td>
                  <td>
                    {t("kb.yes")} {a.helpful.yes} · {t("kb.no")} {a.helpful.no}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t("kb.feedback")}</h2>
      {feedback.data?.filter((f) => f.comment).length ? (
        <ul data-testid="kb-feedback">
          {feedback.data
            .filter((f) => f.comment)
            .map((f) => (
              <li key={f.id}>
                <a {...linkProps(`/knowledge/${f.article_id}`)}>{f.article_title}</a> (
                {f.helpful ? t("kb.yes") : t("kb.no")}, {date(f.created_at)}): {f.comment}
              </li>
            ))}
        </ul>
      ) : (
        <p className="muted">{t("kb.no_feedback")}</p>
      )}
      {me.role !== "agent" && <Categories />}
      {me.role !== "agent" && (
        <>
          <h2>{t("kb.deflection")}</h2>
          {deflection.data?.length ? (
            <table className="data" data-testid="kb-deflection">
              <thead>
                <tr>
                  <th scope="col">{t("kb.article_title")}</th>
                  <th scope="col">{t("kb.shown")}</th>
                  <th scope="col">{t("kb.opened")}</th>
                  <th scope="col">{t("kb.deflected")}</th>
                  <th scope="col">{t("kb.submitted")}</th>
                </tr>
              </thead>
              <tbody>
                {deflection.data.map((r) => (
                  <tr key={r.article_id}>
                    <td>
                      <a {...linkProps(`/knowledge/${r.article_id}`)}>{r.title}</a>
                    </td>
                    <td>{r.shown}</td>
                    <td>{r.opened}</td>
                    <td>{r.deflected}</td>
                    <td>{r.submitted}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">{t("kb.no_deflection")}</p>
          )}
        </>
      )}
    </section>
  );
}
