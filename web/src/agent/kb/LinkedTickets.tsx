import { useTranslation } from "react-i18next";
import { linkProps } from "../../router";
import { useArticleTickets } from "../answers/queries";

/** The tickets an article answers (linked from the ticket's sidebar), each a link to the ticket. */
export function LinkedTickets({ articleId }: { articleId: number }) {
  const { t } = useTranslation();
  const tickets = useArticleTickets(articleId).data;
  if (!tickets) return null;
  return (
    <section aria-labelledby="linked-tickets-title" data-testid="linked-tickets">
      <h2 id="linked-tickets-title">{t("kb_side.tickets")}</h2>
      {tickets.length === 0 ? (
        <p className="muted small">{t("kb_side.no_tickets")}</p>
      ) : (
        <ul className="plain small">
          {tickets.map((k) => (
            <li key={k.number}>
              <a {...linkProps(`/tickets/${k.number}`)}>
                #{k.number} {k.subject}
              </a>{" "}
              <span className={`status status-${k.status}`}>{t(`status.${k.status}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
