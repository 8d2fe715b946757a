import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../../errors";
import { useRetryDelivery } from "../mail/queries";
import type { Message } from "../../../../shared/api";

/**
 * Where the email of an agent's reply is: captured (no relay: the customer got nothing), sending, emailed, or not
 * delivered with the reason in the reader's language (the relay's own words on hover) and a button to send again.
 */
export function DeliveryState({ m }: { m: Message }) {
  const { t } = useTranslation();
  const retry = useRetryDelivery(m.ticket_number);
  const [notice, setNotice] = useState<string | null>(null);
  const d = m.delivery;
  if (!d) return null;
  const reason = t(`delivery.reasons.${d.reason ?? "other"}`);
  const detail = d.error ? t("delivery.detail", { error: d.error }) : undefined;
  if (d.status !== "failed")
    return (
      <span
        className={`badge delivery delivery-${d.status}`}
        data-testid="delivery"
        data-status={d.status}
        title={d.status === "captured" ? t("delivery.captured_hint") : detail}
      >
        {d.status === "queued" && d.error ? t("delivery.queued_retry", { reason }) : t(`delivery.${d.status}`)}
      </span>
    );
  return (
    <span className="delivery-failed" role="alert" data-testid="delivery" data-status="failed">
      <span className="badge delivery delivery-failed" title={detail}>
        {t("delivery.failed", { reason })}
      </span>{" "}
      <button
        className="link small"
        disabled={retry.isPending}
        onClick={() =>
          retry.mutate(m.id, {
            onSuccess: () => setNotice(t("delivery.retried")),
            onError: (e) => setNotice(errorText(t, e)),
          })
        }
      >
        {t("delivery.retry")}
      </button>
      {notice && <span className="small"> {notice}</span>}
    </span>
  );
}
