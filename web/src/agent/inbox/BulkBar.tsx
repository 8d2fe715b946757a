import { useState } from "react";
import { useTranslation } from "react-i18next";
import { TICKET_STATUSES } from "../../../../shared/enums";
import type { UpdateTicket } from "../../../../shared/schemas";
import { useAgents } from "../queries";
import type { Ticket } from "../../../../shared/api";
import { type Asked, BulkConfirm } from "./BulkConfirm";

/**
 * Changes for every selected ticket at once: assign, set a status, add a tag; each asks first, saying how many
 * customers will be emailed (BulkConfirm).
 */
export function BulkBar({
  count,
  rows,
  onApply: apply,
}: {
  count: number;
  /** The selected tickets, to count whom a change would email. */
  rows: Ticket[];
  onApply: (f: (t: Ticket) => UpdateTicket) => void;
}) {
  const { t } = useTranslation();
  const agents = useAgents().data ?? [];
  const [tag, setTag] = useState("");
  const [asking, setAsking] = useState<Asked | null>(null);
  const onApply = (change: (t: Ticket) => UpdateTicket) =>
    setAsking({ change, sample: change(rows[0] ?? ({} as Ticket)) });
  return (
    <div className="bulkbar" role="region" aria-label={t("inbox.bulk")}>
      <strong>{t("inbox.selected", { count })}</strong>
      <label>
        {t("ticket.assign")}
        <select
          value=""
          onChange={(e) => {
            const v = e.target.value;
            if (v) onApply(() => ({ assignee_id: v === "none" ? null : Number(v) }));
          }}
        >
          <option value="">—</option>
          <option value="none">{t("ticket.unassigned")}</option>
          {agents
            .filter((a) => a.active)
            .map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        {t("ticket.status")}
        <select
          value=""
          onChange={(e) => {
            // Read now: the change runs after the question, when the select shows "—" again.
            const status = e.target.value as UpdateTicket["status"];
            if (status) onApply(() => ({ status }));
          }}
        >
          <option value="">—</option>
          {TICKET_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          const v = tag.trim().toLowerCase();
          if (v) onApply((x) => ({ tags: [...new Set([...x.tags, v])] }));
          setTag("");
        }}
      >
        <label>
          {t("ticket.add_tag")}
          <input value={tag} onChange={(e) => setTag(e.target.value)} />
        </label>
        <button type="submit">{t("common.apply")}</button>
      </form>
      {asking && (
        <BulkConfirm
          asked={asking}
          rows={rows}
          agents={agents}
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            setAsking(null);
            apply(asking.change);
          }}
        />
      )}
    </div>
  );
}
