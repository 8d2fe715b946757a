import { useTranslation } from "react-i18next";
import { linkProps } from "../router";
import { useSearch } from "./queries";

/** Full-text results; the server marks the words that matched (escaped text with <mark>). */
export function Search({ q }: { q: string }) {
  const { t } = useTranslation();
  const hits = useSearch(q).data ?? null;
  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">{t("search.results_for", { q })}</h1>
      {hits === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : hits.length === 0 ? (
        <p className="muted">{t("search.none")}</p>
      ) : (
        <ol className="hits">
          {hits.map((h) => (
            <li key={h.ticket.number}>
              <a {...linkProps(`/tickets/${h.ticket.number}`)}>
                <span className="muted">#{h.ticket.number}</span>{" "}
                <span dangerouslySetInnerHTML={{ __html: h.highlight.subject }} />
              </a>
              <span className={`status status-${h.ticket.status}`}>{t(`status.${h.ticket.status}`)}</span>
              <p className="snippet" dangerouslySetInnerHTML={{ __html: h.highlight.text }} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
