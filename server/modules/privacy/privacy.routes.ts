import { z } from "zod";
import { ZCustomerExport } from "../../../shared/api/index";
import { ZIdParam } from "../../../shared/schemas";
import { route } from "../../http/route";
import { exportArchive } from "./archive";
import { exportCustomer } from "./export";

export const privacyRoutes = [
  route({
    method: "GET",
    url: "/api/v1/customers/:id/export",
    access: "agent",
    policy: "customer.export",
    tag: "customers",
    summary:
      "Everything held about one customer, for a data-subject request (GDPR articles 15 and 20): details, requests as the portal shows them (no internal notes), survey answers and kept praise; a JSON file, or with format=zip a ZIP of customer.json and their requests' files (files/<id>-<name>); recorded in the audit trail",
    params: ZIdParam,
    query: z.object({ format: z.enum(["json", "zip"]).default("json") }),
    response: ZCustomerExport,
    handler: async ({ ctx, actor, params, query, req, reply }) => {
      const data = await exportCustomer(ctx, actor, params.id, req.ip);
      const name = `customer-${params.id}-${data.exported_at.slice(0, 10)}`;
      if (query.format === "zip")
        return reply
          .header("content-type", "application/zip")
          .header("content-disposition", `attachment; filename="${name}.zip"`)
          .send(exportArchive(ctx, actor.workspaceId, data));
      reply.header("content-disposition", `attachment; filename="${name}.json"`);
      return data;
    },
  }),
];
