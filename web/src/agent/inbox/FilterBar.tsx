import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { TICKET_STATUSES } from "../../../../shared/enums";
import { useAgents, useTeams } from "../queries";
import { type Filters, SORTS } from "../views";

/** The inbox's filters and sort, folded away until asked for (hidden on next up, which has its own order). */
export function FilterBar({
  filters,
  onChange,
  hidden,
}: {
  filters: Filters;
  onChange: (f: Filters) => void;
  hidden: boolean;
}) {
  const { t } = useTranslation();
  // Opened once when the page starts with filters (a link or a reload), then left to the person.
  const panel = useRef<HTMLDetailsElement>(null);
  const hasFilters = Object.keys(filters).length > 1 || filters.sort !== "updated_desc";
  const [startOpen] = useState(hasFilters);
  useEffect(() => {
    if (startOpen && panel.current) panel.current.open = true;
  }, [startOpen]);
  const agents = useAgents().data ?? [];
  const teams = useTeams().data ?? [];
  const set = (k: keyof Filters) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    onChange({ ...filters, [k]: e.target.value || undefined });
  return (
    <details className="filters" hidden={hidden} ref={panel}>
      <summary>{t("inbox.filters")}</summary>
      <div className="filter-grid">
        <label>
          {t("ticket.status")}
          <select value={filters.status ?? ""} onChange={set("status")}>
            <option value="">{t("common.any")}</option>
            {TICKET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("ticket.assignee")}
          <select value={filters.assignee_id ?? ""} onChange={set("assignee_id")}>
            <option value="">{t("common.any")}</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("ticket.team")}
          <select value={filters.team_id ?? ""} onChange={set("team_id")}>
            <option value="">{t("common.any")}</option>
            {teams.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("ticket.tag")}
          <input value={filters.tag ?? ""} onChange={set("tag")} />
        </label>
        <label>
          {t("ticket.requester_email")}
          <input type="email" value={filters.requester ?? ""} onChange={set("requester")} />
        </label>
        <label>
          {t("inbox.sort")}
          <select value={filters.sort} onChange={(e) => onChange({ ...filters, sort: e.target.value })}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`inbox.sorts.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </details>
  );
}
