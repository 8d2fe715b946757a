import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../i18n";
import { agentSocket, usePush } from "../realtime";
import { linkProps } from "../router";
import { Toasts, useToasts } from "../ui/Toast";
import { slaAlertsKey, ticketKeys, useSlaAlerts } from "./queries";
import type { Me, Ticket } from "../../../shared/api";

/**
 * Service-level alerts for the person signed in: a button with the tickets at risk (theirs; everyone's for
 * supervisors and admins) and a notice when a warning or a breach arrives live. Whoever was away finds the
 * list filled from the server.
 */
export function SlaAlerts({ me }: { me: Me }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const alerts = useSlaAlerts().data ?? [];
  const [open, setOpen] = useState(false);
  const { toasts, push, dismiss } = useToasts({ ms: 60_000, max: 3 });
  const refetchTimer = useRef<number | null>(null);
  const lead = me.role !== "agent";

  const describe = (a: { kind: "warning" | "breached"; target: string; due_at: string | null }) =>
    a.kind === "breached"
      ? t("sla_alerts.breached_line", { target: t(`sla.${a.target}`) })
      : t("sla_alerts.warning_line", { target: t(`sla.${a.target}`), when: formatDateTime(a.due_at) });

  usePush(agentSocket, (m) => {
    const refetch = () => {
      if (refetchTimer.current) return;
      refetchTimer.current = window.setTimeout(() => {
        refetchTimer.current = null;
        void client.invalidateQueries({ queryKey: slaAlertsKey });
      }, 500);
    };
    if (m.type === "sla.warning" || m.type === "sla.breached") {
      // A page that shows the ticket reads it again: its service-level card and timeline change.
      void client.invalidateQueries({ queryKey: ticketKeys.detail(m.ticket_number), exact: true });
      void client.invalidateQueries({ queryKey: ticketKeys.events(m.ticket_number) });
      if (!lead && m.assignee_id !== me.id) return;
      const kind = m.type === "sla.breached" ? "breached" : "warning";
      const link = linkProps(`/tickets/${m.ticket_number}`);
      push({
        tone: kind,
        testId: "sla-toast",
        body: (
          <>
            <p>
              <strong>{kind === "breached" ? t("sla_alerts.breached") : t("sla_alerts.warning")}</strong> #
              {m.ticket_number} {m.subject}
            </p>
            <p className="small">{describe({ kind, target: m.target, due_at: m.due_at })}</p>
          </>
        ),
        actions: (close) => (
          <a
            {...link}
            onClick={(e) => {
              link.onClick(e);
              close();
            }}
          >
            {t("sla_alerts.open", { number: m.ticket_number })}
          </a>
        ),
      });
      refetch();
    } else if (m.type === "ticket.updated" || m.type === "message.created") {
      // An answer meets a target, a reassignment moves an alert: the list follows, for the tickets it concerns.
      const number = m.type === "message.created" ? m.ticket_number : (m.ticket as Ticket).number;
      const listed = alerts.some((a) => a.ticket_number === number);
      const tk = m.type === "ticket.updated" ? (m.ticket as Ticket) : null;
      const atRisk =
        !!tk &&
        (lead || tk.assignee?.id === me.id) &&
        Object.values(tk.sla).some((c) => !c.met_at && (c.warned || c.breached));
      if (listed || atRisk) refetch();
    }
  });

  return (
    <div className="sla-alerts">
      <button
        type="button"
        className={alerts.length ? "alerts-button has-alerts" : "alerts-button"}
        aria-expanded={open}
        aria-controls="sla-alerts-panel"
        data-testid="sla-alerts-button"
        onClick={() => setOpen((o) => !o)}
      >
        {t("sla_alerts.button")}{" "}
        <span className="count" data-testid="sla-alerts-count">
          {alerts.length}
        </span>
      </button>
      {open && (
        <section id="sla-alerts-panel" className="alerts-panel card" aria-labelledby="sla-alerts-title">
          <h2 id="sla-alerts-title">{lead ? t("sla_alerts.title_all") : t("sla_alerts.title_mine")}</h2>
          {alerts.length === 0 ? (
            <p className="muted">{t("sla_alerts.none")}</p>
          ) : (
            <ul className="plain">
              {alerts.map((a) => (
                <li key={`${a.ticket_number}-${a.target}`} className={`alert-${a.kind}`}>
                  <a
                    {...linkProps(`/tickets/${a.ticket_number}`)}
                    onClick={(e) => {
                      linkProps(`/tickets/${a.ticket_number}`).onClick(e);
                      setOpen(false);
                    }}
                  >
                    #{a.ticket_number} {a.subject}
                  </a>
                  <div className="small">
                    {describe(a)} ·{" "}
                    {a.assignee ? t("sla_alerts.assigned_to", { name: a.assignee.name }) : t("ticket.unassigned")}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <Toasts toasts={toasts} dismiss={dismiss} />
    </div>
  );
}
