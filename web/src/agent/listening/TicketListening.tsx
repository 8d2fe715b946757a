import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../i18n";
import { linkProps } from "../../router";
import { FormError } from "../../ui/form";
import type { Me, Ticket } from "../../../../shared/api";
import { useMarkPublished, usePraise, useTicketReview } from "./queries";
import { Stars } from "./ReviewsPage";

/** Above a ticket's thread: the public review it answers (with "mark as published"), and "create a problem". */
export function TicketListening({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  return (
    <>
      {ticket.channel === "review" && <ReviewCard number={ticket.number} version={ticket.updated_at} />}
      <p className="small">
        <a {...linkProps(`/problems?from=${ticket.number}`)}>{t("listening.problem_from_ticket")}</a>
      </p>
    </>
  );
}

function ReviewCard({ number, version }: { number: number; version: string }) {
  const { t } = useTranslation();
  const review = useTicketReview(number, version).data;
  const publish = useMarkPublished();
  if (!review) return null;
  return (
    <section className="card review-card" aria-labelledby="review-card-title" data-testid="review-card">
      <h2 id="review-card-title">
        {t("listening.review_card")}: {t(`listening.platforms.${review.platform}`)}
      </h2>
      <p>
        <Stars n={review.rating} /> <strong>{review.author}</strong>{" "}
        <span className="muted small">{formatDateTime(review.reviewed_at)}</span>
      </p>
      {review.title && <p className="review-title">{review.title}</p>}
      <blockquote>{review.text}</blockquote>
      {review.url && (
        <p>
          <a href={review.url} target="_blank" rel="noreferrer noopener">
            {t("listening.open_on_platform")}
          </a>
        </p>
      )}
      {review.status === "published" ? (
        <p className="notice" role="status" data-testid="published">
          {t("listening.published_by", {
            when: formatDateTime(review.published_at),
            name: review.published_by?.name ?? "",
          })}
        </p>
      ) : (
        <>
          <p className="muted small">{t("listening.answer_first")}</p>
          <button
            onClick={() => publish.mutate(review.id)}
            disabled={review.status !== "answered" || publish.isPending}
          >
            {t("listening.mark_published")}
          </button>
        </>
      )}
      {publish.error && <FormError error={publish.error} />}
    </section>
  );
}

/** On a customer's message, for supervisors and admins: mark it as praise for the ticket's agents. */
export function PraiseButton({ number, messageId, me }: { number: number; messageId: number; me: Me }) {
  const { t } = useTranslation();
  const praise = usePraise();
  if (me.role === "agent") return null;
  return (
    <>
      <button
        className="link small praise-button"
        onClick={() => praise.mutate({ ticket_number: number, message_id: messageId })}
        disabled={praise.isPending || praise.isSuccess}
      >
        ★ {t("listening.praise_button")}
      </button>
      {praise.isSuccess && (
        <span className="notice small" role="status">
          {t("listening.praised")}
        </span>
      )}
      {praise.error && <FormError error={praise.error} />}
    </>
  );
}
