import { ZCustomerExport } from "../../../shared/api/index";
import { ZIdParam } from "../../../shared/schemas";
import { route } from "../../http/route";
import { exportCustomer } from "./export";

export const privacyRoutes = [
  route({
    method: "GET",
    url: "/api/v1/customers/:id/export",
    access: "agent",
    policy: "customer.export",
    tag: "customers",
    summary:
      "Everything held about one customer, for a data-subject request (GDPR articles 15 and 20): details, requests as the portal shows them (no internal notes), survey answers and kept praise; a JSON file, recorded in the audit trail",
    params: ZIdParam,
    response: ZCustomerExport,
    handler: async ({ ctx, actor, params, req, reply }) => {
      const data = await exportCustomer(ctx, actor, params.id, req.ip);
      const day = data.exported_at.slice(0, 10);
      reply.header("content-disposition", `attachment; filename="customer-${params.id}-${day}.json"`);
      return data;
    },
  }),
];
