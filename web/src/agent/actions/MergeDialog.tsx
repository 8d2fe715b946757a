import { useState } from "react";
import { useTranslation } from "react-i18next";
import { navigate } from "../../router";
import { Dialog, FormError } from "../../ui";
import type { Ticket } from "../../../../shared/api";
import { useMerge, useMergeTargets } from "./queries";

/**
 * Merge in three steps: find the target among the same customer's tickets (by number or words), read what
 * will happen, confirm. The app then opens the ticket that survives.
 */
export function MergeDialog({ ticket, onClose }: { ticket: Ticket; onClose: () => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [chosen, setChosen] = useState<Ticket | null>(null);
  const requesterId = ticket.requester?.id ?? 0;
  const targets = (useMergeTargets(requesterId, q.replace(/^#/, "")).data ?? []).filter(
    (x) => x.number !== ticket.number && !x.merged_into && x.status !== "closed",
  );
  const merge = useMerge(ticket.number);
  return (
    <Dialog title={t("actions.merge_title", { number: ticket.number })} onClose={onClose} className="merge-dialog">
      {!chosen ? (
        <>
          <label htmlFor="merge-q">
            {t("actions.merge_search", { customer: ticket.requester?.name ?? ticket.requester?.email ?? "" })}
          </label>
          <input id="merge-q" type="search" autoFocus value={q} onChange={(e) => setQ(e.target.value)} />
          {targets.length === 0 ? (
            <p className="muted">{t("actions.merge_none")}</p>
          ) : (
            <ul className="merge-targets">
              {targets.map((x) => (
                <li key={x.number}>
                  <button type="button" className="link" onClick={() => setChosen(x)} data-testid="merge-target">
                    #{x.number} {x.subject}
                  </button>{" "}
                  <span className="muted small">{t(`status.${x.status}`)}</span>
                </li>
              ))}
            </ul>
          )}
          <div className="row">
            <button type="button" onClick={onClose}>
              {t("common.cancel")}
            </button>
          </div>
        </>
      ) : (
        <>
          <p data-testid="merge-preview">
            {t("actions.merge_preview", {
              from: ticket.number,
              into: chosen.number,
              subject: chosen.subject,
              status: t(`status.${chosen.status}`),
            })}
          </p>
          <FormError error={merge.error} />
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={merge.isPending}
              onClick={() =>
                merge.mutate(chosen.number, {
                  onSuccess: (survivor) => {
                    onClose();
                    navigate(`/tickets/${survivor.number}`);
                  },
                })
              }
            >
              {t("actions.merge_confirm", { number: chosen.number })}
            </button>
            <button type="button" autoFocus onClick={() => setChosen(null)}>
              {t("actions.back")}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
