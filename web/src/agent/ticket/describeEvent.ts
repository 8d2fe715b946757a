import { formatDateTime } from "../../i18n";
import { describeEmailEvent } from "../EmailDetails";
import type { TimelineEvent } from "../../../../shared/api";

type T = (k: string, o?: Record<string, unknown>) => string;

/** The workspace's agents and teams by id (the app's lists), so that an event names whom and which. */
export type Names = { agent(id: number): string | undefined; team(id: number): string | undefined };
const NO_NAMES: Names = { agent: () => undefined, team: () => undefined };

/** A timeline event in words, in the interface's language (each case reads its kind's typed payload). */
export function describeEvent(t: T, e: TimelineEvent, lang: string, names: Names = NO_NAMES): string {
  const email = describeEmailEvent(t, e, lang);
  if (email) return email;
  const who = e.actor.name ?? t(`actor.${e.actor.type}`);
  const source = (s: string) => t(`sources.${s}`);
  switch (e.type) {
    case "status_changed":
      return t("events.status_changed", { who, from: t(`status.${e.data.from}`), to: t(`status.${e.data.to}`) });
    case "priority_changed":
      return t("events.priority_changed", {
        who,
        from: t(`priority.${e.data.from}`),
        to: t(`priority.${e.data.to}`),
        reason: e.data.reason,
      });
    case "assigned": {
      if (e.data.to === null) return t("events.unassigned", { who });
      const name = names.agent(e.data.to);
      if (!name) return t("events.assigned", { who });
      return name === who ? t("events.took", { who }) : t("events.assigned_to", { who, name });
    }
    case "created":
      return t("events.created", { who, channel: t(`channels.${e.data.channel}`) });
    case "subject_changed":
      return t("events.subject_changed", { who, from: e.data.from, to: e.data.to });
    case "team_changed": {
      if (e.data.to === null) return t("events.team_removed", { who });
      const team = names.team(e.data.to);
      return team ? t("events.team_changed_to", { who, team }) : t("events.team_changed", { who });
    }
    case "tags_changed": {
      const added = e.data.to.filter((x) => !e.data.from.includes(x));
      const removed = e.data.from.filter((x) => !e.data.to.includes(x));
      const parts = [
        added.length ? t("events.tags_added", { tags: added.join(", ") }) : "",
        removed.length ? t("events.tags_removed", { tags: removed.join(", ") }) : "",
      ].filter(Boolean);
      return t("events.tags_changed", { who, what: parts.join("; ") || t("events.tags_same") });
    }
    case "merged":
      return t("events.merged", { who, number: e.data.into });
    case "merged_from":
      return t("events.merged_from", { who, number: e.data.from });
    case "follow_up_of":
      return t("events.follow_up_of", { number: e.data.number });
    case "sla_warning":
    case "sla_breached":
      return t(`sla_events.${e.type}`, { target: t(`sla.${e.data.target}`), when: formatDateTime(e.data.due_at) });
    case "sla_override":
      return t("sla_events.sla_override", {
        who,
        target: t(`sla.${e.data.target}`),
        from: e.data.from_minutes,
        to: e.data.to_minutes,
        reason: e.data.reason,
        source: source(e.data.source),
      });
    case "assignment_override":
      return t("sla_events.assignment_override", { who, reason: e.data.reason, source: source(e.data.source) });
    case "queue_placement":
    case "override_requested":
      return t(`sla_events.${e.type}`, { who, reason: e.data.reason, source: source(e.data.source) });
    case "escalated":
      return t("sla_events.escalated", { who, reason: e.data.reason || e.data.reason_code });
    case "auto_assigned": {
      const name = names.agent(e.data.agent_id);
      return name ? t("sla_events.auto_assigned_to", { name }) : t("sla_events.auto_assigned", { who });
    }
    case "de_escalated":
    case "override_rejected":
      return t(`sla_events.${e.type}`, { who });
    case "playbook_step":
      return t("answer_events.playbook_step", { who, title: e.data.title, done: e.data.done, total: e.data.total });
    case "survey_answered":
      return t(e.data.comment ? "surveys.event_comment" : "surveys.event", {
        score:
          e.data.scale === 2
            ? t(`surveys.ratings.${e.data.rating}`)
            : `${e.data.score}/${e.data.scale === 11 ? 10 : 5} (${t(`surveys.ratings.${e.data.rating}`)})`,
        comment: e.data.comment,
      });
    default:
      // A kind this version of the app has no words for: said without its code name.
      return t("events.other", { who });
  }
}
