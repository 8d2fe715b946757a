import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Ticket } from "../../../../shared/api";
import { formatRelative } from "../../i18n";
import { linkProps } from "../../router";
import type { ComposerHandle } from "../../ui";
import { fetchArticle, useArticleLink, useTicketArticles } from "../answers/queries";
import { articleText, gapBefore } from "./article-text";

/**
 * The knowledge base beside the ticket: the articles its question looks like (one click inserts the public link
 * or the text into the reply, or links the article as the answer), the articles linked to it, and, once it is
 * solved, a start for a new article made from it.
 */
export function SuggestedArticles({
  ticket,
  composer,
}: {
  ticket: Ticket;
  composer: React.RefObject<ComposerHandle | null>;
}) {
  const { t } = useTranslation();
  const number = ticket.number;
  const { data } = useTicketArticles(number);
  const link = useArticleLink(number);
  const [failed, setFailed] = useState(false);
  const solved = ticket.status === "solved" || ticket.status === "closed";
  if (!data) return null;
  const { suggested, linked } = data;
  if (suggested.length === 0 && linked.length === 0 && !solved) return null;

  // At the cursor, like a canned reply; the composer keeps what was around it. A link is parted from the word
  // before it by a space, a text (a block of its own) by an empty line.
  const insert = (text: string, block: boolean) => {
    const area = composer.current?.textarea();
    const from = area?.selectionStart ?? 0;
    const gap = gapBefore(area?.value.slice(0, from) ?? "", block);
    composer.current?.insert(from, area?.selectionEnd ?? from, gap + text);
  };
  const insertText = async (id: number) => {
    try {
      setFailed(false);
      insert(articleText((await fetchArticle(id)).body_markdown), true);
    } catch {
      setFailed(true);
    }
  };

  return (
    <section className="card" aria-labelledby="kb-side-title" data-testid="suggested-articles">
      <h2 id="kb-side-title">{t("kb_side.title")}</h2>
      {suggested.length === 0 && <p className="muted small">{t("kb_side.none")}</p>}
      <ul className="plain kb-side">
        {suggested.map((a) => (
          <li key={a.id} data-article={a.id}>
            <a href={a.internal ? `/knowledge/${a.id}` : a.url} target="_blank" rel="noopener">
              {a.title}
            </a>{" "}
            <span className="muted small">{a.language.toUpperCase()}</span>{" "}
            {a.internal && <span className="badge">{t("kb_side.internal")}</span>}
            <p className="snippet small muted" dangerouslySetInnerHTML={{ __html: a.snippet }} />
            <div className="row">
              {!a.internal && (
                <button
                  type="button"
                  className="small"
                  aria-label={t("kb_side.insert_link_of", { title: a.title })}
                  onClick={() => insert(new URL(a.url, window.location.origin).href, false)}
                >
                  {t("kb_side.insert_link")}
                </button>
              )}
              <button
                type="button"
                className="small"
                aria-label={t("kb_side.insert_text_of", { title: a.title })}
                onClick={() => void insertText(a.id)}
              >
                {t("kb_side.insert_text")}
              </button>
              <button
                type="button"
                className="small"
                aria-label={t("kb_side.link_of", { title: a.title })}
                disabled={link.isPending}
                onClick={() => link.mutate({ id: a.id })}
              >
                {t("kb_side.link")}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {linked.length > 0 && (
        <>
          <h3>{t("kb_side.linked")}</h3>
          <ul className="plain small" data-testid="linked-articles">
            {linked.map((a) => (
              <li key={a.id}>
                <a {...linkProps(`/knowledge/${a.id}`)}>{a.title}</a>{" "}
                <span className="muted">
                  {a.linked_by
                    ? t("kb_side.linked_by", { name: a.linked_by.name, when: formatRelative(a.linked_at) })
                    : formatRelative(a.linked_at)}
                </span>{" "}
                <button
                  type="button"
                  className="link small"
                  aria-label={t("kb_side.unlink_of", { title: a.title })}
                  disabled={link.isPending}
                  onClick={() => link.mutate({ id: a.id, unlink: true })}
                >
                  {t("kb_side.unlink")}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {(failed || link.isError) && (
        <p role="alert" className="error small">
          {t("kb_side.failed")}
        </p>
      )}
      {solved && (
        <p>
          <a className="button small" {...linkProps(`/knowledge/new?from_tickets=${number}`)}>
            {t("kb_side.to_article")}
          </a>
        </p>
      )}
    </section>
  );
}
