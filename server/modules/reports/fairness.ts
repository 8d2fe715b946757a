import type { FairnessGroup, FairnessOutlier, FairnessReport } from "../../../shared/api/reports";
import type { Ctx } from "../../context";
import { iso } from "../../lib/cursor";
import { clockResultsFor, escalationsIn, overridesIn, solvedIn, ticketsCreatedIn } from "./fairness.queries";

// The fairness report: the same numbers for every support plan, organization and account owner, so that
// better or worse treatment shows. Times are wall-clock minutes from creation; percentiles are nearest-rank
// (the value at rank ceil(p·n) of the sorted list), so every figure is one real ticket's time.

export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)];
}

const minutes = (ms: number) => Math.round((ms / 60_000) * 10) / 10;

interface Row {
  id: number;
  created_at: number;
  first_response_at: number | null;
  solved_at: number | null;
}

/** One group's figures (shared/api ZFairnessGroup). */
export type GroupStats = FairnessGroup;

function stats(key: string, rows: Row[], clocks: Map<number, { met: number; breached: number }>): GroupStats {
  const frt = rows.filter((r) => r.first_response_at !== null).map((r) => minutes(r.first_response_at! - r.created_at));
  const res = rows.filter((r) => r.solved_at !== null).map((r) => minutes(r.solved_at! - r.created_at));
  let met = 0;
  let breached = 0;
  for (const r of rows) {
    const c = clocks.get(r.id);
    if (c) {
      met += c.met;
      breached += c.breached;
    }
  }
  return {
    key,
    tickets: rows.length,
    first_response_median_min: percentile(frt, 0.5),
    first_response_p90_min: percentile(frt, 0.9),
    resolution_median_min: percentile(res, 0.5),
    resolution_p90_min: percentile(res, 0.9),
    sla_met: met,
    sla_breached: breached,
    sla_compliance_pct: met + breached ? Math.round((1000 * met) / (met + breached)) / 10 : null,
  };
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

const NONE = "(none)";
/** Below this many tickets a customer's numbers say nothing about systematic treatment. */
export const OUTLIER_MIN_TICKETS = 5;

export async function fairnessReport(ctx: Ctx, workspaceId: number, from: number, to: number): Promise<FairnessReport> {
  const [rows, clockRows, overrides, escalations, solved] = await Promise.all([
    ticketsCreatedIn(ctx.reader, workspaceId, from, to),
    clockResultsFor(ctx.reader, workspaceId, from, to),
    overridesIn(ctx.reader, workspaceId, from, to),
    escalationsIn(ctx.reader, workspaceId, from, to),
    solvedIn(ctx.reader, workspaceId, from, to),
  ]);
  const clocks = new Map<number, { met: number; breached: number }>();
  for (const c of clockRows) {
    const v = clocks.get(c.ticket_id) ?? { met: 0, breached: 0 };
    if (c.breached_at !== null) v.breached++;
    else v.met++;
    clocks.set(c.ticket_id, v);
  }
  const section = (key: (r: (typeof rows)[number]) => string) =>
    [...groupBy(rows, key)]
      .map(([k, list]) => stats(k, list, clocks))
      .sort((a, b) => b.tickets - a.tickets || a.key.localeCompare(b.key));

  // A customer is the organization when there is one, the person otherwise.
  const customerKey = (r: (typeof rows)[number]) => r.organization_name ?? r.customer_name ?? r.customer_email;
  const outliers: FairnessOutlier[] = [];
  for (const [plan, planRows] of groupBy(rows, (r) => r.plan_name ?? NONE)) {
    for (const [customer, own] of groupBy(planRows, customerKey)) {
      if (own.length < OUTLIER_MIN_TICKETS) continue;
      const others = planRows.filter((r) => customerKey(r) !== customer);
      if (others.length < OUTLIER_MIN_TICKETS) continue;
      const a = stats(customer, own, clocks);
      const b = stats("others", others, clocks);
      const ratio =
        a.first_response_median_min !== null && b.first_response_median_min
          ? Math.round((100 * a.first_response_median_min) / b.first_response_median_min) / 100
          : null;
      const complianceGap =
        a.sla_compliance_pct !== null && b.sla_compliance_pct !== null
          ? Math.round((a.sla_compliance_pct - b.sla_compliance_pct) * 10) / 10
          : null;
      const better = (ratio !== null && ratio <= 0.67) || (complianceGap !== null && complianceGap >= 20);
      const worse = (ratio !== null && ratio >= 1.5) || (complianceGap !== null && complianceGap <= -20);
      if (better === worse) continue; // neither, or contradictory signals
      outliers.push({
        plan,
        customer,
        treatment: better ? "better" : "worse",
        tickets: a.tickets,
        first_response_median_min: a.first_response_median_min,
        plan_others_first_response_median_min: b.first_response_median_min,
        first_response_ratio: ratio,
        sla_compliance_pct: a.sla_compliance_pct,
        plan_others_sla_compliance_pct: b.sla_compliance_pct,
        compliance_gap_points: complianceGap,
      });
    }
  }

  const count = <T>(xs: T[], key: (x: T) => string) =>
    [...groupBy(xs, key)]
      .map(([k, v]) => ({ key: k, overrides: v.length }))
      .sort((a, b) => b.overrides - a.overrides || a.key.localeCompare(b.key));
  const parsed = overrides.map((o) => ({
    ...o,
    data: JSON.parse(o.data) as { source?: string; requested_by?: string },
  }));
  const escalationReasons = count(
    escalations.map((e) => JSON.parse(e.data) as { reason_code?: string }),
    (e) => e.reason_code ?? NONE,
  ).map((x) => ({ reason_code: x.key, escalations: x.overrides }));

  return {
    period: { from: iso(from), to: iso(to) },
    definitions:
      "Minutes from creation (wall clock); median and p90 are nearest-rank; SLA compliance = targets met / targets finished (met or breached).",
    overall: stats("all", rows, clocks),
    by_plan: section((r) => r.plan_name ?? NONE),
    by_organization: section((r) => r.organization_name ?? NONE),
    by_account_owner: section((r) => r.owner_name ?? NONE),
    overrides: {
      total: parsed.length,
      by_source: count(parsed, (o) => o.data.source ?? NONE),
      // Who asked for it: the requester of an approved override, else whoever made the change.
      by_requester: count(parsed, (o) => o.data.requested_by ?? o.actor_name ?? o.actor_type),
      by_type: count(parsed, (o) => o.type),
    },
    tiers: {
      solved: solved.solved,
      solved_without_escalation: solved.solved - solved.escalated,
      first_line_resolution_pct: solved.solved
        ? Math.round((1000 * (solved.solved - solved.escalated)) / solved.solved) / 10
        : null,
      escalations_by_reason: escalationReasons,
    },
    outliers,
  };
}

export type { FairnessReport };

/** One CSV table of the whole report: a section column, then the same columns for every group. */
export function fairnessCsv(r: FairnessReport): string {
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? "" : String(v);
    if (/^[=+\-@]/.test(s)) s = `'${s}`; // a spreadsheet must not run a customer's name as a formula
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const line = (xs: unknown[]) => xs.map(cell).join(",");
  const head = [
    "section",
    "group",
    "tickets",
    "first_response_median_min",
    "first_response_p90_min",
    "resolution_median_min",
    "resolution_p90_min",
    "sla_met",
    "sla_breached",
    "sla_compliance_pct",
    "overrides",
    "note",
    "value",
  ];
  const out = [line(head)];
  const group = (section: string, g: GroupStats) =>
    line([
      section,
      g.key,
      g.tickets,
      g.first_response_median_min,
      g.first_response_p90_min,
      g.resolution_median_min,
      g.resolution_p90_min,
      g.sla_met,
      g.sla_breached,
      g.sla_compliance_pct,
      "",
      "",
      "",
    ]);
  out.push(group("overall", r.overall));
  for (const g of r.by_plan) out.push(group("plan", g));
  for (const g of r.by_organization) out.push(group("organization", g));
  for (const g of r.by_account_owner) out.push(group("account_owner", g));
  for (const o of r.overrides.by_source)
    out.push(line(["overrides_by_source", o.key, "", "", "", "", "", "", "", "", o.overrides, "", ""]));
  for (const o of r.overrides.by_requester)
    out.push(line(["overrides_by_requester", o.key, "", "", "", "", "", "", "", "", o.overrides, "", ""]));
  for (const o of r.overrides.by_type)
    out.push(line(["overrides_by_type", o.key, "", "", "", "", "", "", "", "", o.overrides, "", ""]));
  // Tiers: the first-line resolution rate (value, in percent of the tickets solved in the period) and the escalations by reason (value, a count).
  out.push(
    line([
      "first_line_resolution",
      "solved_without_escalation",
      r.tiers.solved,
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      `${r.tiers.solved_without_escalation} of ${r.tiers.solved} solved tickets, in percent`,
      r.tiers.first_line_resolution_pct,
    ]),
  );
  for (const e of r.tiers.escalations_by_reason)
    out.push(
      line(["escalations_by_reason", e.reason_code, "", "", "", "", "", "", "", "", "", "escalations", e.escalations]),
    );
  for (const o of r.outliers) {
    out.push(
      line([
        "outlier",
        o.customer,
        o.tickets,
        o.first_response_median_min,
        "",
        "",
        "",
        "",
        "",
        o.sla_compliance_pct,
        "",
        `${o.treatment} than others on plan ${o.plan}: first response ${o.first_response_ratio ?? "?"}x their median (${o.plan_others_first_response_median_min} min), compliance gap ${o.compliance_gap_points ?? "?"} points`,
        "",
      ]),
    );
  }
  return `${out.join("\r\n")}\r\n`;
}
