import { useTranslation } from "react-i18next";
import type { UpdateTicket } from "../../../../shared/schemas";
import type { Agent, Ticket } from "../../../../shared/api";
import { Confirm } from "../../ui/Confirm";

export type Asked = { change: (t: Ticket) => UpdateTicket; sample: UpdateTicket };

/** The statuses whose change emails the customer (server/modules/email/notifications.ts ON_STATUS). */
const EMAILING = ["pending", "solved"];

/** How many customers a bulk change would email: the distinct requesters of the tickets whose status it changes so. */
export function customersEmailed(rows: Ticket[], change: (t: Ticket) => UpdateTicket): number {
  const emails = new Set<string>();
  for (const r of rows) {
    const to = change(r).status;
    if (to && EMAILING.includes(to) && to !== r.status && !r.merged_into && r.requester?.email)
      emails.add(r.requester.email);
  }
  return emails.size;
}

/** The question before a bulk change: what changes on how many tickets, and how many customers get an email. */
export function BulkConfirm({
  asked,
  rows,
  agents,
  onConfirm,
  onCancel,
}: {
  asked: Asked;
  rows: Ticket[];
  agents: Agent[];
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const s = asked.sample;
  const emailed = customersEmailed(rows, asked.change);
  const what =
    s.status !== undefined
      ? t("actions.bulk_status", { status: t(`status.${s.status}`) })
      : s.assignee_id !== undefined
        ? t("actions.bulk_assign", {
            name:
              s.assignee_id === null
                ? t("ticket.unassigned")
                : (agents.find((a) => a.id === s.assignee_id)?.name ?? ""),
          })
        : t("actions.bulk_tag", { tag: s.tags?.at(-1) ?? "" });
  return (
    <Confirm
      title={t("actions.bulk_title", { count: rows.length })}
      message={
        <span data-testid="bulk-confirm">
          {what} {emailed ? t("actions.bulk_emails", { count: emailed }) : t("actions.bulk_no_emails")}
        </span>
      }
      confirmLabel={t("actions.bulk_apply", { count: rows.length })}
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}
