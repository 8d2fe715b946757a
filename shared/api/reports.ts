import { z } from "zod";
import { ZDateTime } from "./common";

// The fairness report (GET /api/v1/reports/fairness): the same figures for every support plan, organization and
// account owner, so that better or worse treatment shows. Minutes are wall-clock minutes from creation.

/** One row: a group of tickets (a plan, an organization, an account owner, or all). */
export const ZFairnessGroup = z.strictObject({
  key: z.string(),
  tickets: z.number().int().nonnegative(),
  first_response_median_min: z.number().nullable(),
  first_response_p90_min: z.number().nullable(),
  resolution_median_min: z.number().nullable(),
  resolution_p90_min: z.number().nullable(),
  sla_met: z.number().int().nonnegative(),
  sla_breached: z.number().int().nonnegative(),
  sla_compliance_pct: z.number().nullable(),
});
export type FairnessGroup = z.infer<typeof ZFairnessGroup>;

/** Overrides counted by one key (source, requester or event type). */
export const ZOverrideCount = z.strictObject({ key: z.string(), overrides: z.number().int().nonnegative() });
export type OverrideCount = z.infer<typeof ZOverrideCount>;

/** A customer treated systematically better or worse than the others on their plan. */
export const ZFairnessOutlier = z.strictObject({
  plan: z.string(),
  customer: z.string(),
  treatment: z.enum(["better", "worse"]),
  tickets: z.number().int().nonnegative(),
  first_response_median_min: z.number().nullable(),
  plan_others_first_response_median_min: z.number().nullable(),
  first_response_ratio: z.number().nullable(),
  sla_compliance_pct: z.number().nullable(),
  plan_others_sla_compliance_pct: z.number().nullable(),
  compliance_gap_points: z.number().nullable(),
});
export type FairnessOutlier = z.infer<typeof ZFairnessOutlier>;

export const ZFairnessReport = z.strictObject({
  period: z.strictObject({ from: ZDateTime, to: ZDateTime }),
  definitions: z.string(),
  overall: ZFairnessGroup,
  by_plan: z.array(ZFairnessGroup),
  by_organization: z.array(ZFairnessGroup),
  by_account_owner: z.array(ZFairnessGroup),
  overrides: z.strictObject({
    total: z.number().int().nonnegative(),
    by_source: z.array(ZOverrideCount),
    by_requester: z.array(ZOverrideCount),
    by_type: z.array(ZOverrideCount),
  }),
  tiers: z.strictObject({
    solved: z.number().int().nonnegative(),
    solved_without_escalation: z.number().int().nonnegative(),
    first_line_resolution_pct: z.number().nullable(),
    escalations_by_reason: z.array(
      z.strictObject({ reason_code: z.string(), escalations: z.number().int().nonnegative() }),
    ),
  }),
  outliers: z.array(ZFairnessOutlier),
});
export type FairnessReport = z.infer<typeof ZFairnessReport>;
