import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SlaAlertPush } from "../../../shared/realtime";
import { get } from "../api";
import { formatDateTime } from "../i18n";
import { agentSocket, usePush } from "../realtime";
import { linkProps } from "../router";
import type { Me } from "./AgentApp";
import type { Ticket } from "./types";

/** GET /api/v1/sla/alerts: an open ticket's warned or breached target, still unmet. */
interface Alert {
  kind: "warning" | "breached";
  ticket_number: number;
  subject: string;
  target: string;
  due_at: string | null;
  at: string | null;
  assignee: { id: number; name: string | null } | null;
}

interface Toast extends SlaAlertPush {
  key: number;
  kind: "warning" | "breached";
}

const TOAST_MS = 60_000;

/**
 * Service-level alerts for the person signed in: a button with the tickets at risk (theirs; everyone's for
 * supervisors and admins) and a notice when a warning or a breach arrives live. Whoever was away finds the
 * list filled from the server.
 */
export function SlaAlerts({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [open, setOpen] = useState(false);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const seq = useRef(0);
  const refetchTimer = useRef<number | null>(null);
  const lead = me.role !== "agent";

  const load = useCallback(
    () =>
      get<{ data: Alert[] }>("/api/v1/sla/alerts")
        .then((r) => setAlerts(r.data))
        .catch(() => {}),
    [],
  );
  useEffect(() => void load(), [load]);

  const dismiss = (key: number) => setToasts((list) => list.filter((x) => x.key !== key));
  usePush(agentSocket, (m) => {
    const refetch = () => {
      if (refetchTimer.current) return;
      refetchTimer.current = window.setTimeout(() => {
        refetchTimer.current = null;
        void load();
      }, 500);
    };
    if (m.type === "sla.warning" || m.type === "sla.breached") {
      if (!lead && m.assignee_id !== me.id) return;
      const key = ++seq.current;
      const { type, ...push } = m;
      setToasts((list) => [
        ...list.slice(-2),
        { ...push, key, kind: type === "sla.breached" ? "breached" : "warning" },
      ]);
      window.setTimeout(() => dismiss(key), TOAST_MS);
      refetch();
    } else if (m.type === "ticket.updated" || m.type === "message.created") {
      // An answer meets a target, a reassignment moves an alert: the list follows, for the tickets it concerns.
      const number = m.type === "message.created" ? m.ticket_number : (m.ticket as Ticket).number;
      const listed = alerts.some((a) => a.ticket_number === number);
      const tk = m.type === "ticket.updated" ? (m.ticket as Ticket) : null;
      const atRisk =
        !!tk &&
        (lead || tk.assignee?.id === me.id) &&
        Object.values(tk.sla ?? {}).some((c) => !c.met_at && ((c as { warned?: boolean }).warned || c.breached));
      if (listed || atRisk) refetch();
    }
  });

  const describe = (a: { kind: "warning" | "breached"; target: string; due_at: string | null }) =>
    a.kind === "breached"
      ? t("sla_alerts.breached_line", { target: t(`sla.${a.target}`) })
      : t("sla_alerts.warning_line", { target: t(`sla.${a.target}`), when: formatDateTime(a.due_at) });

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
      <div className="toasts" aria-live="assertive">
        {toasts.map((x) => (
          <div key={x.key} className={`toast toast-${x.kind}`} role="alert" data-testid="sla-toast">
            <p>
              <strong>{x.kind === "breached" ? t("sla_alerts.breached") : t("sla_alerts.warning")}</strong> #
              {x.ticket_number} {x.subject}
            </p>
            <p className="small">{describe(x)}</p>
            <div className="row">
              <a
                {...linkProps(`/tickets/${x.ticket_number}`)}
                onClick={(e) => {
                  linkProps(`/tickets/${x.ticket_number}`).onClick(e);
                  dismiss(x.key);
                }}
              >
                {t("sla_alerts.open", { number: x.ticket_number })}
              </a>
              <button type="button" className="link" onClick={() => dismiss(x.key)}>
                {t("common.dismiss")}
              </button>
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
