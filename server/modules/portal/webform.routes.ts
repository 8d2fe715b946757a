import { ZWebFormCreated } from "../../../shared/api/index";
import { ZWebFormRequest } from "../../../shared/schemas";
import { route } from "../../http/route";
import { submitWebForm } from "./webform.service";

export const webFormRoutes = [
  route({
    method: "POST",
    url: "/api/v1/public/requests",
    access: "public",
    policy: null,
    tag: "portal",
    status: 201,
    rateLimit: "public",
    summary:
      'The public "new request" form: creates a request (channel web) and answers with its number and portal address; the customer receives the acknowledgement with a sign-in link by email',
    body: ZWebFormRequest,
    response: ZWebFormCreated,
    handler: async ({ ctx, body, req }) => submitWebForm(ctx, body, req.id, req.ip),
  }),
];
