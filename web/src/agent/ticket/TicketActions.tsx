import { useState } from "react";
import { useTranslation } from "react-i18next";
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketPriority, type TicketStatus } from "../../../../shared/enums";
import type { UpdateTicket } from "../../../../shared/schemas";
import { ApiError } from "../../api";
import { useAgents, useTeams, useUpdateTicket } from "../queries";
import { ReasonDialog } from "../ReasonDialog";
import type { Ticket } from "../../../../shared/api";
import { Tags } from "./Tags";

/**
 * The ticket's fields an agent changes: status, priority (with a reason), assignee (with a reason when outside
 * the ticket's team or tier), team, tags, and the way to the specialists and back.
 */
export function TicketActions({
  ticket,
  assignRef,
  onResult,
  onEscalate,
}: {
  ticket: Ticket;
  assignRef: React.RefObject<HTMLSelectElement | null>;
  /** What a change ended with: an error, a notice (it waits for approval), or null when it went through. */
  onResult: (r: { error: unknown } | { notice: string } | null) => void;
  onEscalate: () => void;
}) {
  const { t } = useTranslation();
  const agents = useAgents().data ?? [];
  const teams = useTeams().data ?? [];
  const update = useUpdateTicket(ticket.number);
  const [priorityAsk, setPriorityAsk] = useState<TicketPriority | null>(null);
  const [assignAsk, setAssignAsk] = useState<number | null>(null);

  function patch(body: UpdateTicket) {
    update.mutate(body, {
      onSuccess: (r) => onResult("ticket" in r ? { notice: t("overrides.pending") } : null),
      onError: (e) => {
        // An assignment outside the ticket's team or tier: ask why, as for a priority change, and send it again.
        if (e instanceof ApiError && e.code === "reason_required" && body.assignee_id && !body.assignment_reason)
          setAssignAsk(body.assignee_id);
        else onResult({ error: e });
      },
    });
  }

  return (
    <div className="ticket-fields">
      <label>
        {t("ticket.status")}
        <select
          value={ticket.status}
          onChange={(e) => patch({ status: e.target.value as TicketStatus })}
          data-testid="status"
        >
          {TICKET_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("ticket.priority")}
        <select
          value={ticket.priority}
          onChange={(e) => setPriorityAsk(e.target.value as TicketPriority)}
          data-testid="priority"
        >
          {TICKET_PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("ticket.assignee")}
        <select
          ref={assignRef}
          value={ticket.assignee?.id ?? ""}
          onChange={(e) => patch({ assignee_id: e.target.value ? Number(e.target.value) : null })}
          data-testid="assignee"
        >
          <option value="">{t("ticket.unassigned")}</option>
          {agents
            .filter((a) => a.active || a.id === ticket.assignee?.id)
            .map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        {t("ticket.team")}
        <select
          value={ticket.team?.id ?? ""}
          onChange={(e) => patch({ team_id: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">—</option>
          {teams.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
      </label>
      <Tags tags={ticket.tags} onChange={(tags) => patch({ tags })} />
      <div className="tier">
        <span className={`badge tier-${ticket.tier}`}>{t(`tiers.${ticket.tier}`)}</span>{" "}
        <button onClick={onEscalate} data-testid="escalate">
          {ticket.tier === "specialist" ? t("escalation.back") : t("escalation.escalate")}
        </button>
      </div>
      {priorityAsk && (
        <ReasonDialog
          title={t("priority_dialog.title", { priority: t(`priority.${priorityAsk}`) })}
          confirm={t("priority_dialog.confirm")}
          onCancel={() => setPriorityAsk(null)}
          onConfirm={(reason, source) => {
            setPriorityAsk(null);
            patch({ priority: priorityAsk, priority_reason: reason, priority_source: source });
          }}
        />
      )}
      {assignAsk && (
        <ReasonDialog
          title={t("assign_dialog.title", { name: agents.find((a) => a.id === assignAsk)?.name ?? "" })}
          confirm={t("assign_dialog.confirm")}
          onCancel={() => {
            setAssignAsk(null);
            assignRef.current?.focus();
          }}
          onConfirm={(reason, source) => {
            setAssignAsk(null);
            assignRef.current?.focus();
            patch({ assignee_id: assignAsk, assignment_reason: reason, assignment_source: source });
          }}
        />
      )}
    </div>
  );
}
