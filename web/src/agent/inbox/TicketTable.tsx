import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { formatRelative } from "../../i18n";
import { linkProps, plainClick } from "../../router";
import type { Ticket } from "../../../../shared/api";
import { nextDue } from "../views";
import { openTicket, prefetchTicket } from "../queries";

/** The inbox's rows: a checkbox each, the keyboard's cursor, a click opens the ticket. */
export function TicketTable({
  rows,
  loadedView,
  cursor,
  selected,
  onSelected,
}: {
  rows: Ticket[];
  /** The view the rows belong to (while another loads, the previous rows stay). */
  loadedView: string;
  cursor: number;
  selected: Set<number>;
  onSelected: (s: Set<number>) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  // A press on a row (not on its checkbox) fetches the ticket ahead of the click that opens it.
  const pressed = (e: React.PointerEvent, r: Ticket) => {
    if (plainClick(e) && !(e.target as HTMLElement).closest("td.check")) void prefetchTicket(client, r.number);
  };
  const allChecked = rows.length > 0 && rows.every((r) => selected.has(r.number));
  const toggle = (n: number) => {
    const s = new Set(selected);
    if (s.has(n)) s.delete(n);
    else s.add(n);
    onSelected(s);
  };
  return (
    <table className="tickets" data-loaded-view={loadedView} aria-rowcount={rows.length}>
      <thead>
        <tr>
          <th scope="col" className="check">
            <input
              type="checkbox"
              aria-label={t("inbox.select_all")}
              checked={allChecked}
              onChange={() => onSelected(allChecked ? new Set() : new Set(rows.map((r) => r.number)))}
            />
          </th>
          <th scope="col">#</th>
          <th scope="col">{t("ticket.subject")}</th>
          <th scope="col" className="col-requester">
            {t("ticket.requester")}
          </th>
          <th scope="col" className="col-channel">
            {t("ticket.channel")}
          </th>
          <th scope="col" className="col-status">
            {t("ticket.status")}
          </th>
          <th scope="col">{t("ticket.priority")}</th>
          <th scope="col">{t("ticket.assignee")}</th>
          <th scope="col">{t("ticket.due")}</th>
          <th scope="col" className="col-updated">
            {t("ticket.updated")}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => {
          const due = nextDue(r);
          return (
            <tr
              key={r.number}
              data-row-index={i}
              className={[i === cursor ? "cursor" : "", r.triage?.unread ? "unread" : ""].join(" ").trim() || undefined}
              data-unread={r.triage?.unread ? "true" : undefined}
              onPointerDown={(e) => pressed(e, r)}
              onClick={(e) => {
                // The subject is a real link (Ctrl/Cmd-click, middle-click: a new tab); the rest of the row opens too.
                if ((e.target as HTMLElement).closest("a, input")) return;
                if (e.ctrlKey || e.metaKey) window.open(`/tickets/${r.number}`, "_blank", "noopener");
                else void openTicket(client, r.number);
              }}
            >
              <td className="check" onClick={(e) => e.stopPropagation()}>
                <input
                  type="checkbox"
                  aria-label={t("inbox.select", { number: r.number })}
                  checked={selected.has(r.number)}
                  onChange={() => toggle(r.number)}
                />
              </td>
              <td className="num">{r.number}</td>
              <td>
                {r.triage?.unread && (
                  <span className="unread-dot" title={t("inbox.unread")}>
                    <span className="sr-only">{t("inbox.unread")}</span>
                  </span>
                )}
                <a
                  {...linkProps(`/tickets/${r.number}`, () => void openTicket(client, r.number))}
                  data-ticket-link={r.number}
                >
                  {r.subject}
                </a>
                {r.triage?.customer_replied && (
                  <span className="badge replied" data-testid="customer-replied">
                    {t("inbox.customer_replied")}
                  </span>
                )}
                {r.tags.map((tag) => (
                  <span key={tag} className="tag">
                    {tag}
                  </span>
                ))}
                {r.triage?.last_message && (
                  <span className="preview small muted">
                    {t(`inbox.last_by.${r.triage.last_message.author}`)}: {r.triage.last_message.preview}
                  </span>
                )}
              </td>
              <td className="col-requester">{r.requester?.name ?? r.requester?.email}</td>
              <td className="col-channel">{t(`channels.${r.channel}`)}</td>
              <td className="col-status">
                <span className={`status status-${r.status}`}>{t(`status.${r.status}`)}</span>
              </td>
              <td>
                <span className={`prio prio-${r.priority}`}>{t(`priority.${r.priority}`)}</span>
              </td>
              <td>{r.assignee?.name ?? <span className="muted">—</span>}</td>
              <td className={due?.breached ? "breached" : undefined}>{due ? formatRelative(due.at) : ""}</td>
              <td className="col-updated">{formatRelative(r.updated_at)}</td>
            </tr>
          );
        })}
        {rows.length === 0 && (
          <tr>
            <td colSpan={10} className="muted empty">
              {t("inbox.empty")}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
