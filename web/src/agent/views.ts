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

const FILTER_KEYS = ["status", "assignee_id", "team_id", "tag", "requester"] as const;
export const SORTS = ["updated_desc", "updated_asc", "created_desc", "due_asc"] as const;

/** The inbox's filters and sort from the address's query: a link or a reload shows the same list. */
export function filtersFromQuery(query: URLSearchParams): Filters {
  const f: Filters = { sort: "updated_desc" };
  for (const k of FILTER_KEYS) {
    const v = query.get(k);
    if (v) f[k] = v;
  }
  const sort = query.get("sort");
  if (sort && (SORTS as readonly string[]).includes(sort)) f.sort = sort;
  return f;
}

/** The query that says these filters (the default sort left out), "" when there are none. */
export function queryOfFilters(f: Filters): string {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k]) p.set(k, f[k]);
  if (f.sort !== "updated_desc") p.set("sort", f.sort);
  const s = p.toString();
  return s ? `?${s}` : "";
}
