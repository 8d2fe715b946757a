import { ZFairnessReport } from "../../../shared/api/index";
import { ZReportPeriod } from "../../../shared/schemas";
import { badRequest } from "../../http/errors";
import { route } from "../../http/route";
import { fairnessCsv, fairnessReport } from "./fairness";

export const reportRoutes = [
  route({
    method: "GET",
    url: "/api/v1/reports/fairness",
    access: "agent",
    policy: "report.read",
    tag: "reports",
    summary:
      "Fairness report for tickets created in [from, to): first response and resolution (median, p90) and SLA compliance by support plan, organization and account owner; overrides by source and by who made them; first-line resolution and escalation reasons; customers treated systematically better or worse than others on their plan. format=csv for a spreadsheet",
    query: ZReportPeriod,
    response: ZFairnessReport,
    handler: async ({ ctx, actor, query, reply }) => {
      const from = Date.parse(query.from);
      const to = Date.parse(query.to);
      if (!(to > from)) throw badRequest("invalid_period", "to must be after from");
      if (to - from > 366 * 86_400_000) throw badRequest("invalid_period", "a report covers at most one year");
      const report = await fairnessReport(ctx, actor.workspaceId, from, to);
      if (query.format === "csv") {
        const name = `fairness-${query.from.slice(0, 10)}-${query.to.slice(0, 10)}.csv`;
        return reply
          .header("content-type", "text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="${name}"`)
          .send(fairnessCsv(report));
      }
      return report;
    },
  }),
];
