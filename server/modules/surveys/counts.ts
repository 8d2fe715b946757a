import type { SurveyCountTable, SurveyTable } from "../../db/schema";

// The maintained counters (survey_counts): a survey adds to one row per dimension of the day it was sent, and
// its answer to the same rows, so a report sums days and never reads the surveys themselves.

export const DAY_MS = 86_400_000;
export const dayOf = (ms: number) => Math.floor(ms / DAY_MS);

type Dims = Pick<SurveyTable, "kind" | "agent_id" | "team_id" | "plan" | "channel" | "organization_id" | "owner_id">;

/** The (dimension, key) pairs a survey counts under. */
export function keysOf(s: Dims): [string, string][] {
  const id = (v: number | null) => (v === null ? "" : String(v));
  const common: [string, string][] = [
    ["all", ""],
    ["plan", s.plan ?? ""],
    ["organization", id(s.organization_id)],
  ];
  if (s.kind === "nps") return [...common, ["owner", id(s.owner_id)]];
  return [...common, ["agent", id(s.agent_id)], ["team", id(s.team_id)], ["channel", s.channel ?? ""]];
}

export type Delta = { sent: number; answered: number; good: number; bad: number };

/** The counter rows adding `delta` for these surveys, merged per key (a batch of surveys is one upsert per key). */
export function countRows(
  workspaceId: number,
  surveys: (Dims & { sent_day: number; delta: Delta })[],
): SurveyCountTable[] {
  const merged = new Map<string, SurveyCountTable>();
  for (const s of surveys)
    for (const [dim, key] of keysOf(s)) {
      const k = `${dim}\u0000${key}\u0000${s.sent_day}`;
      const row = merged.get(k) ?? {
        workspace_id: workspaceId,
        kind: s.kind,
        dim,
        key,
        day: s.sent_day,
        sent: 0,
        answered: 0,
        good: 0,
        bad: 0,
      };
      row.sent += s.delta.sent;
      row.answered += s.delta.answered;
      row.good += s.delta.good;
      row.bad += s.delta.bad;
      merged.set(k, row);
    }
  return [...merged.values()];
}
