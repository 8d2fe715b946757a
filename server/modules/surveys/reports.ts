import type * as CsvStringify from "csv-stringify/sync";
import { lazyPackage } from "../../lib/lazy";
import type { NpsReport, NpsRow, SatisfactionReport, SatisfactionRow } from "../../../shared/api/surveys";
import { npsScore, sharePct } from "../../../shared/survey-figures";
import type { Ctx } from "../../context";
import { badRequest } from "../../http/errors";
import { DAY_MS } from "./counts";
import { dailyCounts, namesOf, sumCounts } from "./surveys.queries";

// Loaded with the first use (the server idles without it).
const csvStringify = lazyPackage<typeof CsvStringify>("csv-stringify/sync");

// The satisfaction and NPS reports: sums of the maintained counters (survey_counts) over the period's days, per
// key of one dimension. A year is at most 366 rows per key, whatever the number of tickets or answers. Surveys
// count on the UTC day they were sent, their answers with them (response rate = answered of those sent).

type Sums = { key: string; sent: number; answered: number; good: number; bad: number };

/** The period as whole UTC days [fromDay, toDay): days starting at or after `from` and before `to`. */
export function periodDays(fromIso: string, toIso: string) {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (!(to > from)) throw badRequest("invalid_period", "to must be after from");
  if (to - from > 367 * DAY_MS) throw badRequest("invalid_period", "a report covers at most one year");
  return { fromDay: Math.ceil(from / DAY_MS), toDay: Math.ceil(to / DAY_MS) };
}

const num = (r: { sent: unknown; answered: unknown; good: unknown; bad: unknown }) => ({
  sent: Number(r.sent),
  answered: Number(r.answered),
  good: Number(r.good),
  bad: Number(r.bad),
});

/** Names for the keys of a dimension (ids of agents, teams, organizations; plans and channels are their names). */
async function labels(ctx: Ctx, dim: string, keys: string[]): Promise<(key: string) => string> {
  const table =
    dim === "agent" || dim === "owner"
      ? "agents"
      : dim === "team"
        ? "teams"
        : dim === "organization"
          ? "organizations"
          : null;
  if (!table) return (k) => k || "—";
  const names = await namesOf(ctx.reader, table, keys.filter(Boolean).map(Number));
  return (k) => (k ? (names.get(Number(k)) ?? `#${k}`) : "—");
}

const csatRow = (key: string, label: string, s: Omit<Sums, "key">): SatisfactionRow => ({
  key,
  label,
  ...s,
  neutral: s.answered - s.good - s.bad,
  response_rate: sharePct(s.answered, s.sent),
  csat: sharePct(s.good, s.answered),
});

const total = (rows: Omit<Sums, "key">[]) =>
  rows.reduce(
    (a, r) => ({ sent: a.sent + r.sent, answered: a.answered + r.answered, good: a.good + r.good, bad: a.bad + r.bad }),
    {
      sent: 0,
      answered: 0,
      good: 0,
      bad: 0,
    },
  );

export async function satisfactionReport(
  ctx: Ctx,
  workspaceId: number,
  q: { from: string; to: string; group_by?: string },
): Promise<SatisfactionReport> {
  const { fromDay, toDay } = periodDays(q.from, q.to);
  const all = (await sumCounts(ctx.reader, workspaceId, "csat", "all", fromDay, toDay)).map(num);
  const overall = total(all);
  let rows: SatisfactionRow[] = [];
  if (q.group_by) {
    const sums = (await sumCounts(ctx.reader, workspaceId, "csat", q.group_by, fromDay, toDay)).map((r) => ({
      key: String(r.key),
      ...num(r),
    }));
    const label = await labels(
      ctx,
      q.group_by,
      sums.map((s) => s.key),
    );
    rows = sums
      .map((s) => csatRow(s.key, label(s.key), s))
      .sort((a, b) => b.sent - a.sent || a.label.localeCompare(b.label));
  }
  const o = csatRow("", "", overall);
  return {
    from: new Date(fromDay * DAY_MS).toISOString(),
    to: new Date(toDay * DAY_MS).toISOString(),
    group_by: q.group_by ?? "",
    sent: o.sent,
    answered: o.answered,
    good: o.good,
    neutral: o.neutral,
    bad: o.bad,
    response_rate: o.response_rate,
    csat: o.csat,
    rows,
  };
}

const npsRow = (key: string, label: string, s: Omit<Sums, "key">): NpsRow => ({
  key,
  label,
  sent: s.sent,
  answered: s.answered,
  promoters: s.good,
  passives: s.answered - s.good - s.bad,
  detractors: s.bad,
  score: npsScore(s.good, s.bad, s.answered),
});

export async function npsReport(
  ctx: Ctx,
  workspaceId: number,
  q: { from: string; to: string; group_by?: string },
): Promise<NpsReport> {
  const { fromDay, toDay } = periodDays(q.from, q.to);
  const days = (await dailyCounts(ctx.reader, workspaceId, "nps", fromDay, toDay)).map((d) => ({
    day: Number(d.day),
    ...num(d),
  }));
  const months = new Map<string, Omit<Sums, "key">>();
  for (const d of days) {
    const m = new Date(d.day * DAY_MS).toISOString().slice(0, 7);
    months.set(m, total([months.get(m) ?? { sent: 0, answered: 0, good: 0, bad: 0 }, d]));
  }
  const trend = [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([m, s]) => npsRow(m, m, s));
  let rows: NpsRow[] = [];
  if (q.group_by === "month") rows = trend;
  else if (q.group_by) {
    const sums = (await sumCounts(ctx.reader, workspaceId, "nps", q.group_by, fromDay, toDay)).map((r) => ({
      key: String(r.key),
      ...num(r),
    }));
    const label = await labels(
      ctx,
      q.group_by,
      sums.map((s) => s.key),
    );
    rows = sums
      .map((s) => npsRow(s.key, label(s.key), s))
      .sort((a, b) => b.answered - a.answered || a.label.localeCompare(b.label));
  }
  const { key: _k, label: _l, ...o } = npsRow("", "", total(days));
  return {
    from: new Date(fromDay * DAY_MS).toISOString(),
    to: new Date(toDay * DAY_MS).toISOString(),
    group_by: q.group_by ?? "",
    ...o,
    rows,
    trend,
  };
}

/** A cell a spreadsheet must not run as a formula (an organization named "=…"). */
const cell = (s: string) => (/^[=+\-@]/.test(s) ? `'${s}` : s);

export function satisfactionCsv(r: SatisfactionReport): string {
  const cols = ["group", "sent", "answered", "good", "neutral", "bad", "response_rate_pct", "csat_pct"];
  const line = (label: string, x: Omit<SatisfactionRow, "key" | "label">) => [
    cell(label),
    x.sent,
    x.answered,
    x.good,
    x.neutral,
    x.bad,
    x.response_rate ?? "",
    x.csat ?? "",
  ];
  return csvStringify().stringify([cols, line("all", r), ...r.rows.map((x) => line(x.label, x))]);
}

export function npsCsv(r: NpsReport): string {
  const cols = ["group", "sent", "answered", "promoters", "passives", "detractors", "nps"];
  const line = (label: string, x: Omit<NpsRow, "key" | "label">) => [
    cell(label),
    x.sent,
    x.answered,
    x.promoters,
    x.passives,
    x.detractors,
    x.score ?? "",
  ];
  return csvStringify().stringify([cols, line("all", r), ...r.rows.map((x) => line(x.label, x))]);
}
