import { useState } from "react";
import { useTranslation } from "react-i18next";
import { navigate } from "../../router";
import { Dialog, FormError } from "../../ui";
import type { Message, Ticket } from "../../../../shared/api";
import { useSplit } from "./queries";

/** Split one message into a new ticket of the same customer, with a subject of its own; then open it. */
export function SplitDialog({ ticket, message, onClose }: { ticket: Ticket; message: Message; onClose: () => void }) {
  const { t } = useTranslation();
  const [subject, setSubject] = useState(ticket.subject);
  const split = useSplit(ticket.number);
  return (
    <Dialog
      title={t("actions.split_title")}
      onClose={onClose}
      onSubmit={(e) => {
        e.preventDefault();
        split.mutate(
          { message_id: message.id, subject },
          {
            onSuccess: (n) => {
              onClose();
              navigate(`/tickets/${n.number}`);
            },
          },
        );
      }}
    >
      <p className="muted">{t("actions.split_hint")}</p>
      <blockquote className="small">{message.reply_text.slice(0, 300)}</blockquote>
      <label htmlFor="split-subject">{t("actions.subject")}</label>
      <input
        id="split-subject"
        autoFocus
        value={subject}
        maxLength={500}
        onChange={(e) => setSubject(e.target.value)}
      />
      <FormError error={split.error} />
      <div className="row">
        <button type="submit" className="primary" disabled={!subject.trim() || split.isPending}>
          {t("actions.split_confirm")}
        </button>
        <button type="button" onClick={onClose}>
          {t("common.cancel")}
        </button>
      </div>
    </Dialog>
  );
}
