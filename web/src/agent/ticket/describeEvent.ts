import { formatDateTime } from "../../i18n";
import { describeEmailEvent } from "../EmailDetails";
import type { TimelineEvent } from "../types";

type T = (k: string, o?: Record<string, unknown>) => string;

/** A timeline event in words, in the interface's language. */
export function describeEvent(t: T, e: TimelineEvent, lang: string): string {
  const email = describeEmailEvent(t, e, lang);
  if (email) return email;
  const who = e.actor.name ?? t(`actor.${e.actor.type}`);
  /** A value of the event's data as text ("" when missing). */
  const d = (k: string) => (e.data[k] === undefined || e.data[k] === null ? "" : String(e.data[k]));
  const reason = d("reason");
  switch (e.type) {
    case "status_changed":
      return t("events.status_changed", { who, from: t(`status.${d("from")}`), to: t(`status.${d("to")}`) });
    case "priority_changed":
      return t("events.priority_changed", {
        who,
        from: t(`priority.${d("from")}`),
        to: t(`priority.${d("to")}`),
        reason,
      });
    case "assigned":
      return t("events.assigned", { who });
    case "created":
      return t("events.created", { who, channel: d("channel") });
    case "sla_warning":
    case "sla_breached":
      return t(`sla_events.${e.type}`, { target: t(`sla.${d("target")}`), when: formatDateTime(d("due_at") || null) });
    case "sla_override":
      return t("sla_events.sla_override", {
        who,
        target: t(`sla.${d("target")}`),
        from: d("from_minutes"),
        to: d("to_minutes"),
        reason,
        source: t(`sources.${d("source")}`),
      });
    case "assignment_override":
      return t("sla_events.assignment_override", { who, reason, source: t(`sources.${d("source")}`) });
    case "queue_placement":
    case "override_requested":
      return t(`sla_events.${e.type}`, { who, reason, source: t(`sources.${d("source")}`) });
    case "escalated":
      return t("sla_events.escalated", { who, reason: reason || d("reason_code") });
    case "de_escalated":
    case "auto_assigned":
    case "override_rejected":
      return t(`sla_events.${e.type}`, { who });
    default:
      return t("events.other", { who, type: e.type.replace(/_/g, " ") });
  }
}
