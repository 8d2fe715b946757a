import { useTranslation } from "react-i18next";
import { formatDateTime, formatRelative } from "../../i18n";
import { linkProps } from "../../router";
import { useAgents, useEvents, useOrganization, useRequesterTickets, useTeams } from "../queries";
import type { Ticket } from "../../../../shared/api";
import { nextDue } from "../views";
import type { ComposerHandle } from "../../ui";
import { describeEvent, type Names } from "./describeEvent";
import { Playbooks } from "./Playbooks";
import { SuggestedArticles } from "./SuggestedArticles";

/** Beside the thread: who the customer is, the ticket's service levels, and what happened to it. */
export function Sidebar({
  ticket,
  onOverride,
  composer,
}: {
  ticket: Ticket;
  onOverride: (kind: "sla" | "queue") => void;
  /** The composer suggested macros and articles are inserted into. */
  composer: React.RefObject<ComposerHandle | null>;
}) {
  const { t, i18n } = useTranslation();
  const events = useEvents(ticket.number).data ?? [];
  const agents = useAgents().data;
  const teams = useTeams().data;
  const names: Names = {
    agent: (id) => agents?.find((a) => a.id === id)?.name,
    team: (id) => teams?.find((x) => x.id === id)?.name,
  };
  const due = nextDue(ticket);
  return (
    <aside className="ticket-side" aria-label={t("ticket.sidebar")}>
      <CustomerCard ticket={ticket} />
      <Playbooks number={ticket.number} composer={composer} />
      <SuggestedArticles ticket={ticket} composer={composer} />
      <section className="card">
        <h2>{t("ticket.service_level")}</h2>
        {Object.keys(ticket.sla ?? {}).length === 0 && <p className="muted">—</p>}
        <ul className="plain">
          {Object.entries(ticket.sla ?? {}).map(([target, c]) => (
            <li key={target} className={c.breached ? "breached" : undefined}>
              {t(`sla.${target}`, { defaultValue: target })}:{" "}
              {c.met_at && c.breached ? (
                <strong>{t("sla.met_late")}</strong>
              ) : (
                <>
                  {c.met_at ? t("sla.met") : c.paused ? t("sla.paused") : formatDateTime(c.due_at)}{" "}
                  {c.breached && <strong>({t("sla.breached")})</strong>}
                </>
              )}
            </li>
          ))}
        </ul>
        {due && (
          <p className="small muted">
            {t("ticket.next_due")} {formatRelative(due.at)}
          </p>
        )}
        <div className="row">
          <button className="link small" onClick={() => onOverride("sla")}>
            {t("overrides.change_target")}
          </button>
          {!ticket.assignee && (
            <button className="link small" onClick={() => onOverride("queue")}>
              {t("overrides.place_top")}
            </button>
          )}
        </div>
      </section>
      <section className="card">
        <h2>{t("ticket.timeline")}</h2>
        <ol className="timeline">
          {events.map((e) => (
            <li key={e.id} className={e.type === "delivery_failed" ? "failed" : undefined}>
              <span className="muted small">{formatDateTime(e.created_at)}</span>{" "}
              {describeEvent((k, o) => t(k, o ?? {}), e, i18n.language, names)}
            </li>
          ))}
        </ol>
      </section>
    </aside>
  );
}

/** The requester, their organization and plan, and their other tickets. */
function CustomerCard({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const r = ticket.requester;
  const others = (useRequesterTickets(r?.id).data ?? []).filter((o) => o.number !== ticket.number);
  const org = useOrganization(r?.organization_id).data;
  if (!r) return null;
  return (
    <section className="card" aria-labelledby="customer-title">
      <h2 id="customer-title">
        <a {...linkProps(`/customers/${r.id}`)} data-testid="requester-link">
          {r.name ?? r.email}
        </a>
      </h2>
      <p className="small">
        <a href={`mailto:${r.email}`}>{r.email}</a>
      </p>
      {(r.language === "it" || r.language === "en") && (
        <p className="small muted" data-testid="requester-language">
          {t("customer.writes_in", { language: t(`customer.languages.${r.language}`) })}
        </p>
      )}
      {org && (
        <p className="small">
          <a {...linkProps(`/organizations/${org.id}`)} data-testid="organization-link">
            {org.name}
          </a>
          {org.support_plan.name ? ` · ${t("customer.plan")} ${org.support_plan.name}` : ""}
        </p>
      )}
      <h3>{t("customer.other_tickets")}</h3>
      {others.length === 0 ? (
        <p className="muted small">{t("customer.no_other")}</p>
      ) : (
        <ul className="plain small">
          {others.map((o) => (
            <li key={o.number}>
              <a {...linkProps(`/tickets/${o.number}`)}>
                #{o.number} {o.subject}
              </a>{" "}
              <span className={`status status-${o.status}`}>{t(`status.${o.status}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
