import { useTranslation } from "react-i18next";
import { linkProps } from "../router";
import { useSearch } from "./queries";
import { usePageTitle } from "./people/title";

/**
 * Search results: the ticket of that number, tickets of the customers and organizations named, then the text's
 * matches; the server marks the words that matched (escaped text with <mark>) and says why each was found.
 */
export function Search({ q }: { q: string }) {
  const { t } = useTranslation();
  const hits = useSearch(q).data ?? null;
  usePageTitle(t("search.results_for", { q }));
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
              </a>{" "}
              <span className={`status status-${h.ticket.status}`}>{t(`status.${h.ticket.status}`)}</span>
              {h.ticket.requester && (
                <span className="small muted"> · {h.ticket.requester.name ?? h.ticket.requester.email}</span>
              )}
              {h.highlight.text && <p className="snippet" dangerouslySetInnerHTML={{ __html: h.highlight.text }} />}
              {h.matched.length > 0 && (
                <p className="small muted matched" data-testid="matched">
                  {t("matched.label")}: {h.matched.map((m) => t(`matched.${m}`)).join(", ")}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
