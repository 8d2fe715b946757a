import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError } from "../../ui";
import { useUpdateTicket } from "../queries";
import type { Ticket } from "../../../../shared/api";

/** The ticket's title, with an "edit" button that turns it into a field (Enter saves, Escape cancels). */
export function SubjectEditor({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const update = useUpdateTicket(ticket.number);
  const [editing, setEditing] = useState<string | null>(null);
  if (editing === null)
    return (
      <h1 id="ticket-title">
        {ticket.subject} <span className="muted">#{ticket.number}</span>{" "}
        {!ticket.merged_into && (
          <button
            type="button"
            className="link small"
            onClick={() => setEditing(ticket.subject)}
            data-testid="edit-subject"
          >
            {t("actions.edit_subject")}
          </button>
        )}
      </h1>
    );
  const save = () => update.mutate({ subject: editing }, { onSuccess: () => setEditing(null) });
  return (
    <form
      className="subject-edit row"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <label className="sr-only" htmlFor="subject-input">
        {t("actions.subject")}
      </label>
      <input
        id="subject-input"
        autoFocus
        value={editing}
        maxLength={500}
        onChange={(e) => setEditing(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            setEditing(null);
          }
        }}
      />
      <button type="submit" className="primary" disabled={!editing.trim() || update.isPending}>
        {t("actions.save")}
      </button>
      <button type="button" onClick={() => setEditing(null)}>
        {t("actions.cancel")}
      </button>
      <FormError error={update.error} />
    </form>
  );
}
