import type { Ticket } from "../../../shared/api";

export const VIEWS = ["mine", "unassigned", "my_teams", "all_open", "pending", "solved"] as const;
/** Next up is the queue (earliest deadline first, for the agent's teams, languages and tier); the rest are views. */
export type ViewName = (typeof VIEWS)[number] | "next_up";

/** The inbox's filters, as the list endpoint reads them (empty ones left out). */
export interface Filters {
  status?: string;
  assignee_id?: string;
  team_id?: string;
  tag?: string;
  requester?: string;
  sort: string;
}

/** The earliest running SLA target of a ticket, for the "due" column. */
export function nextDue(r: Ticket): { at: string; breached: boolean } | null {
  const running = Object.values(r.sla ?? {}).filter((c) => c.due_at && !c.met_at && !c.paused);
  if (!running.length) return null;
  running.sort((a, b) => a.due_at!.localeCompare(b.due_at!));
  return { at: running[0].due_at!, breached: running[0].breached };
}
