import { ZSearchResults } from "../../../shared/api/index";
import { ZSearchQuery } from "../../../shared/schemas";
import { route } from "../../http/route";
import { searchTickets } from "./search.service";

export const searchRoutes = [
  route({
    method: "GET",
    url: "/api/v1/search",
    access: "agent",
    policy: "search.run",
    tag: "search",
    summary:
      "Full-text search over subjects and messages (Italian and English stemming, accents ignored), with filters",
    query: ZSearchQuery,
    response: ZSearchResults,
    handler: ({ ctx, actor, query }) => searchTickets(ctx, actor, query),
  }),
];
