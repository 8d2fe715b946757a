import type { z, ZodType } from "zod";
import {
  ZAgent,
  ZAgentPage,
  ZCustomer,
  ZCustomerPage,
  ZCustomerProfile,
  ZOrganizationPage,
  ZOrganizationProfile,
  ZErrorBody,
  ZMe,
  ZMessage,
  ZMessageList,
  ZOk,
  ZOrganization,
  ZQueue,
  ZSearchResults,
  ZSlaAlerts,
  ZTeam,
  ZTeamPage,
  ZTicket,
  ZTicketCounts,
  ZTicketPage,
  ZTimeline,
  type ErrorBody,
} from "../../shared/api/index";
import type {
  ZAgentInput,
  ZAgentUpdate,
  ZCreateMessage,
  ZCreateTicket,
  ZCustomerInput,
  ZCustomerUpdate,
  ZMergeTickets,
  ZOrganizationInput,
  ZOrganizationUpdate,
  ZSearchQuery,
  ZTeamInput,
  ZTeamUpdate,
  ZTicketListQuery,
  ZUpdateTicket,
} from "../../shared/schemas";
import type { TestEnv } from "./harness";

// A test client typed by the API's schemas: each call names the schema of its answer, checks the status and
// parses the body with the schema, so a test reads typed data and fails on an answer the contract does not
// describe. Errors are asserted with `fail`.

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
type In<S extends ZodType> = z.input<S>;
type Query = Record<string, string | number | boolean | undefined>;

export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    message: string,
  ) {
    super(message);
  }
}

const withQuery = (url: string, query?: Query) => {
  const q = Object.entries(query ?? {}).filter(([, v]) => v !== undefined);
  return q.length ? `${url}?${new URLSearchParams(q.map(([k, v]) => [k, String(v)])).toString()}` : url;
};

export function apiClient(env: TestEnv, token = env.adminToken) {
  const inject = (method: Method, url: string, body?: unknown) =>
    env.app.inject({ method, url, headers: env.auth(token), payload: body as object | undefined });

  /** Calls the API and parses the answer with `schema`; any status but `status` (200) throws with the body. */
  async function call<S extends ZodType>(
    method: Method,
    url: string,
    schema: S,
    opts: { body?: unknown; status?: number } = {},
  ): Promise<z.output<S>> {
    const res = await inject(method, url, opts.body);
    const status = opts.status ?? 200;
    if (res.statusCode !== status)
      throw new ApiCallError(
        res.statusCode,
        res.body,
        `${method} ${url}: ${res.statusCode}, not ${status}: ${res.body}`,
      );
    return schema.parse(res.json());
  }

  /** A call expected to fail with `status`: the error body's `error`. */
  async function fail(method: Method, url: string, status: number, body?: unknown): Promise<ErrorBody["error"]> {
    const res = await inject(method, url, body);
    if (res.statusCode !== status)
      throw new ApiCallError(
        res.statusCode,
        res.body,
        `${method} ${url}: ${res.statusCode}, not ${status}: ${res.body}`,
      );
    return ZErrorBody.parse(res.json()).error;
  }

  const t = (n: number) => `/api/v1/tickets/${n}`;
  return {
    call,
    fail,
    get: <S extends ZodType>(url: string, schema: S) => call("GET", url, schema),
    tickets: {
      create: (body: In<typeof ZCreateTicket>) => call("POST", "/api/v1/tickets", ZTicket, { body, status: 201 }),
      list: (query: Partial<z.output<typeof ZTicketListQuery>> = {}) =>
        call("GET", withQuery("/api/v1/tickets", query), ZTicketPage),
      counts: () => call("GET", "/api/v1/tickets/counts", ZTicketCounts),
      get: (n: number) => call("GET", t(n), ZTicket),
      update: (n: number, body: In<typeof ZUpdateTicket>) => call("PATCH", t(n), ZTicket, { body }),
      messages: async (n: number) => (await call("GET", `${t(n)}/messages`, ZMessageList)).data,
      reply: (n: number, body: In<typeof ZCreateMessage> & { status?: string }) =>
        call("POST", `${t(n)}/messages`, ZMessage, { body, status: 201 }),
      events: async (n: number) => (await call("GET", `${t(n)}/events`, ZTimeline)).data,
      merge: (n: number, body: In<typeof ZMergeTickets>) => call("POST", `${t(n)}/merge`, ZTicket, { body }),
    },
    search: (query: Partial<z.output<typeof ZSearchQuery>> & { q: string }) =>
      call("GET", withQuery("/api/v1/search", query), ZSearchResults),
    queue: async (limit?: number) => (await call("GET", withQuery("/api/v1/queue", { limit }), ZQueue)).data,
    next: () => call("POST", "/api/v1/queue/next", ZTicket),
    alerts: (query: { scope?: "mine" | "all" } = {}) => call("GET", withQuery("/api/v1/sla/alerts", query), ZSlaAlerts),
    me: () => call("GET", "/api/v1/me", ZMe),
    customers: {
      create: (body: In<typeof ZCustomerInput>) => call("POST", "/api/v1/customers", ZCustomer, { body, status: 201 }),
      list: (query: Query = {}) => call("GET", withQuery("/api/v1/customers", query), ZCustomerPage),
      get: (id: number) => call("GET", `/api/v1/customers/${id}`, ZCustomer),
      profile: (id: number) => call("GET", `/api/v1/customers/${id}/profile`, ZCustomerProfile),
      update: (id: number, body: In<typeof ZCustomerUpdate>) =>
        call("PATCH", `/api/v1/customers/${id}`, ZCustomer, { body }),
      remove: (id: number) => call("DELETE", `/api/v1/customers/${id}`, ZOk),
    },
    organizations: {
      create: (body: In<typeof ZOrganizationInput>) =>
        call("POST", "/api/v1/organizations", ZOrganization, { body, status: 201 }),
      get: (id: number) => call("GET", `/api/v1/organizations/${id}`, ZOrganization),
      list: (query: Query = {}) => call("GET", withQuery("/api/v1/organizations", query), ZOrganizationPage),
      update: (id: number, body: In<typeof ZOrganizationUpdate>) =>
        call("PATCH", `/api/v1/organizations/${id}`, ZOrganization, { body }),
      profile: (id: number) => call("GET", `/api/v1/organizations/${id}/profile`, ZOrganizationProfile),
      remove: (id: number) => call("DELETE", `/api/v1/organizations/${id}`, ZOk),
    },
    agents: {
      create: (body: In<typeof ZAgentInput>) => call("POST", "/api/v1/agents", ZAgent, { body, status: 201 }),
      list: (query: Query = {}) => call("GET", withQuery("/api/v1/agents", query), ZAgentPage),
      update: (id: number, body: In<typeof ZAgentUpdate>) => call("PATCH", `/api/v1/agents/${id}`, ZAgent, { body }),
    },
    teams: {
      create: (body: In<typeof ZTeamInput>) => call("POST", "/api/v1/teams", ZTeam, { body, status: 201 }),
      list: (query: Query = {}) => call("GET", withQuery("/api/v1/teams", query), ZTeamPage),
      get: (id: number) => call("GET", `/api/v1/teams/${id}`, ZTeam),
      update: (id: number, body: In<typeof ZTeamUpdate>) => call("PATCH", `/api/v1/teams/${id}`, ZTeam, { body }),
      remove: (id: number) => call("DELETE", `/api/v1/teams/${id}`, ZOk),
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
