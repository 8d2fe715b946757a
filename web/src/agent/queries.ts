import {
  type InfiniteData,
  keepPreviousData,
  QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import type { UpdateTicket } from "../../../shared/schemas";
import { ApiError, api, get, qs, setCsrf } from "../api";
import { navigate } from "../router";
import type { Filters, ViewName } from "./views";
import type {
  Agent,
  EscalationReason,
  List,
  LoginResult,
  Me,
  Message,
  MessageList,
  MySettings,
  Organization,
  Page,
  Queue,
  SearchResults,
  SlaAlerts,
  Team,
  Ticket,
  TicketCounts,
  Timeline,
} from "../../../shared/api";

// Server state of the agent app: one cache, keys per resource, hooks per question. Components ask these hooks
// and never fetch; mutations and realtime pushes (realtime-cache.ts) update or invalidate the keys below.

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // Pushes keep the cache fresh; a focus or a reconnect refetches what is shown.
      queries: {
        staleTime: 30_000,
        retry: (n, e) => n < 2 && !(e instanceof ApiError && e.status < 500),
      },
    },
  });
}

export const meKey = ["me"] as const;
export const ticketKeys = {
  all: ["tickets"] as const,
  lists: () => [...ticketKeys.all, "list"] as const,
  list: (view: ViewName, filters: Filters) => [...ticketKeys.lists(), view, filters] as const,
  counts: () => [...ticketKeys.all, "counts"] as const,
  ofRequester: (id: number) => [...ticketKeys.all, "requester", id] as const,
  detail: (number: number) => [...ticketKeys.all, "detail", number] as const,
  messages: (number: number) => [...ticketKeys.detail(number), "messages"] as const,
  events: (number: number) => [...ticketKeys.detail(number), "events"] as const,
};
export const directoryKeys = {
  agents: ["agents"] as const,
  teams: ["teams"] as const,
  organization: (id: number) => ["organizations", id] as const,
  escalationReasons: ["escalation-reasons"] as const,
};
export const searchKey = (q: string) => ["search", q] as const;
export const slaAlertsKey = ["sla-alerts"] as const;

const meQuery = {
  queryKey: meKey,
  // Signed out is an answer, not an error: null.
  queryFn: () =>
    get<Me>("/api/v1/me").then(
      (m) => {
        setCsrf(m.csrf_token);
        return m;
      },
      (e: unknown) => {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      },
    ),
  staleTime: Infinity,
};
export const useMe = () => useQuery(meQuery);
/**
 * Asks for the agent's profile as the app's script starts, before React's first render would (which asked for it
 * 80 ms after the inbox's rows, on a warm start, and every page waits for it).
 */
export const prefetchMe = (client: QueryClient) => void client.prefetchQuery(meQuery);

export const useCounts = (enabled: boolean) =>
  useQuery({ queryKey: ticketKeys.counts(), queryFn: () => get<TicketCounts>("/api/v1/tickets/counts"), enabled });

/** How a view's tickets are fetched, 50 at a time; next up (the queue) is one page. */
const ticketList = (view: ViewName, filters: Filters) => ({
  queryKey: ticketKeys.list(view, filters),
  initialPageParam: null as string | null,
  getNextPageParam: (last: Page<Ticket>) => last.next_cursor ?? null,
  queryFn: async ({ pageParam }: { pageParam: string | null }): Promise<Page<Ticket>> => {
    if (view === "next_up") return { ...(await get<Queue>("/api/v1/queue?limit=50")), next_cursor: null };
    let requester_id: number | undefined;
    if (filters.requester) {
      const c = await get<Page<{ id: number }>>(
        `/api/v1/customers${qs({ email: filters.requester.trim().toLowerCase() })}`,
      );
      requester_id = c.data[0]?.id ?? 999_999_999_999; // nobody with that address: an empty list
    }
    return get<Page<Ticket>>(
      `/api/v1/tickets${qs({
        view,
        limit: 50,
        cursor: pageParam,
        sort: filters.sort,
        include: "triage",
        status: filters.status,
        assignee_id: filters.assignee_id,
        team_id: filters.team_id,
        tag: filters.tag?.trim().toLowerCase(),
        requester_id,
      })}`,
    );
  },
});

/** A view's tickets. The previous list stays while the next loads. */
export function useTickets(view: ViewName, filters: Filters) {
  return useInfiniteQuery({ ...ticketList(view, filters), placeholderData: keepPreviousData });
}

const ticketQuery = (number: number) => ({
  queryKey: ticketKeys.detail(number),
  queryFn: () => get<Ticket>(`/api/v1/tickets/${number}`),
});
const messagesQuery = (number: number) => ({
  queryKey: ticketKeys.messages(number),
  queryFn: async () => (await get<MessageList>(`/api/v1/tickets/${number}/messages`)).data,
});
export const useTicket = (number: number) => useQuery(ticketQuery(number));
export const useMessages = (number: number) => useQuery(messagesQuery(number));

/**
 * A ticket about to be opened from a list (the pointer went down on it): its thread and its fields are asked for
 * now, the thread first, instead of once the ticket page has rendered (10-15 ms after the click, the inbox taken
 * down first).
 */
export function prefetchTicket(client: QueryClient, number: number) {
  return Promise.all([client.prefetchQuery(messagesQuery(number)), client.prefetchQuery(ticketQuery(number))]);
}

/**
 * Opens a ticket from a list: the list stays until the ticket's thread and fields are here (at most
 * OPEN_WAIT_MS), then the page renders once, with them, instead of rendering "Loading…" first and the page
 * again when they arrive, which kept the browser busy while they did (bench/web-flows.ts: the thread painted
 * 10-20 ms sooner, and no flash of an empty page).
 */
const OPEN_WAIT_MS = 150;
let opening = 0;
export async function openTicket(client: QueryClient, number: number) {
  // Two rows clicked in quick succession open the second, whichever answers first; a page left meanwhile (another
  // link followed) stays left.
  const mine = ++opening;
  const from = location.href;
  const waited = new Promise((r) => setTimeout(r, OPEN_WAIT_MS));
  await Promise.race([prefetchTicket(client, number), waited]);
  if (mine === opening && location.href === from) navigate(`/tickets/${number}`);
}
export const useEvents = (number: number) =>
  useQuery({
    queryKey: ticketKeys.events(number),
    queryFn: async () => (await get<Timeline>(`/api/v1/tickets/${number}/events`)).data,
  });
export const useRequesterTickets = (requesterId: number | undefined) =>
  useQuery({
    queryKey: ticketKeys.ofRequester(requesterId ?? 0),
    queryFn: async () =>
      (await get<Page<Ticket>>(`/api/v1/tickets?view=all&requester_id=${requesterId}&limit=10`)).data,
    enabled: !!requesterId,
  });

// Agents and teams change rarely: fetched once and shared by every select that lists them.
const agentsQuery = {
  queryKey: directoryKeys.agents,
  queryFn: async () => (await get<Page<Agent>>("/api/v1/agents?limit=200")).data,
  staleTime: 5 * 60_000,
};
const teamsQuery = {
  queryKey: directoryKeys.teams,
  queryFn: async () => (await get<Page<Team>>("/api/v1/teams?limit=200")).data,
  staleTime: 5 * 60_000,
};
export const useAgents = () => useQuery(agentsQuery);
export const useTeams = () => useQuery(teamsQuery);

/**
 * What the inbox shows, asked for as the app starts, beside the agent's own profile rather than after it: a view's
 * first page (with its filters from the address), the agents and the teams. Signed out, they answer 401 and the
 * inbox asks again once signed in.
 */
export function prefetchInbox(client: QueryClient, view: ViewName, filters: Filters) {
  void client.prefetchInfiniteQuery(ticketList(view, filters));
  void client.prefetchQuery(agentsQuery);
  void client.prefetchQuery(teamsQuery);
}
export const useOrganization = (id: number | null | undefined) =>
  useQuery({
    queryKey: directoryKeys.organization(id ?? 0),
    queryFn: () => get<Organization>(`/api/v1/organizations/${id}`),
    enabled: !!id,
    retry: false,
  });
export const useEscalationReasons = (enabled: boolean) =>
  useQuery({
    queryKey: directoryKeys.escalationReasons,
    queryFn: async () => (await get<List<EscalationReason>>("/api/v1/escalation-reasons")).data,
    enabled,
  });

export const useSearch = (q: string) =>
  useQuery({
    queryKey: searchKey(q),
    queryFn: async () => (await get<SearchResults>(`/api/v1/search${qs({ q, limit: 50 })}`)).data,
    enabled: !!q,
  });

export const useSlaAlerts = () =>
  useQuery({ queryKey: slaAlertsKey, queryFn: async () => (await get<SlaAlerts>("/api/v1/sla/alerts")).data });

/** A ticket's answer in every list that shows it, and in its own page. */
export function putTicket(client: QueryClient, ticket: Ticket) {
  client.setQueryData(ticketKeys.detail(ticket.number), ticket);
  client.setQueriesData<InfiniteData<Page<Ticket>>>({ queryKey: ticketKeys.lists() }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((p) => ({
            ...p,
            data: p.data.map((x) => (x.number === ticket.number ? ticket : x)),
          })),
        }
      : data,
  );
}

/** After a change to a ticket: the lists may reorder or drop it, the counts move, the timeline grew. */
export function ticketChanged(client: QueryClient, number: number) {
  void client.invalidateQueries({ queryKey: ticketKeys.lists() });
  void client.invalidateQueries({ queryKey: ticketKeys.counts() });
  void client.invalidateQueries({ queryKey: ticketKeys.events(number) });
}

/**
 * After a reply went out: a reply moves the status and may meet SLA targets, so the ticket (its service-level card)
 * is read again, and its timeline; the lists and counts too when the reply set a status.
 */
export function replySent(client: QueryClient, number: number, statusSet: boolean) {
  void client.invalidateQueries({ queryKey: ticketKeys.detail(number), exact: true });
  if (statusSet) ticketChanged(client, number);
  else void client.invalidateQueries({ queryKey: ticketKeys.events(number) });
}

/** PATCH a ticket. A change waiting for a supervisor's approval answers `{ status: "pending", ticket }`. */
export function useUpdateTicket(number: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateTicket) =>
      api<Ticket | { status: "pending"; ticket: Ticket }>("PATCH", `/api/v1/tickets/${number}`, body),
    onSuccess: (r) => {
      putTicket(client, "ticket" in r ? r.ticket : r);
      ticketChanged(client, number);
    },
  });
}

/** Several tickets changed at once (the inbox's bulk bar); each result settles on its own. */
export async function patchTickets(client: QueryClient, changes: { number: number; body: UpdateTicket }[]) {
  const results = await Promise.allSettled(
    changes.map((c) =>
      api<Ticket | { status: "pending"; ticket: Ticket }>("PATCH", `/api/v1/tickets/${c.number}`, c.body),
    ),
  );
  for (const r of results)
    if (r.status === "fulfilled") putTicket(client, "ticket" in r.value ? r.value.ticket : r.value);
  void client.invalidateQueries({ queryKey: ticketKeys.lists() });
  void client.invalidateQueries({ queryKey: ticketKeys.counts() });
  return results;
}

/** Adds a message to a ticket's thread in the cache (from the answer to a send, or a push), once. */
export function putMessage(client: QueryClient, number: number, m: Message) {
  client.setQueryData<Message[]>(ticketKeys.messages(number), (list) =>
    !list ? list : list.some((x) => x.id === m.id) ? list : [...list, m],
  );
}

export function useSendMessage(number: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { body_text: string; internal: boolean; attachment_ids: number[]; status?: string }) =>
      api<Message>("POST", `/api/v1/tickets/${number}/messages`, body),
    onSuccess: (m, body) => {
      putMessage(client, number, m);
      replySent(client, number, !!body.status);
    },
  });
}

/** Takes the top of the agent's queue: it is assigned to them and its number returned. */
export function useTakeNext() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<Ticket>("POST", "/api/v1/queue/next"),
    onSuccess: (tk) => {
      putTicket(client, tk);
      ticketChanged(client, tk.number);
    },
  });
}

/** An SLA target moved or a ticket placed at the top of the queue: applied now, or waiting for a supervisor. */
export function useOverride(number: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (
      body:
        | { kind: "sla"; target: string; business_minutes: number; reason: string; source: string }
        | { kind: "queue"; reason: string; source: string },
    ) => {
      const { kind, ...rest } = body;
      return kind === "sla"
        ? api<{ status: "applied" | "pending" }>("POST", `/api/v1/tickets/${number}/sla-override`, rest)
        : api<{ status: "applied" | "pending" }>("POST", "/api/v1/queue/place", { ticket_number: number, ...rest });
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ticketKeys.detail(number) });
      ticketChanged(client, number);
    },
  });
}

/** To the specialists with a reason code, or back to the first line. */
export function useEscalate(number: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ up, ...body }: { up: boolean; reason_code?: string; note: string }) =>
      api<Ticket>("POST", `/api/v1/tickets/${number}/${up ? "escalate" : "de-escalate"}`, body),
    onSuccess: (tk) => {
      putTicket(client, tk);
      void client.invalidateQueries({ queryKey: ticketKeys.detail(number) });
      ticketChanged(client, number);
    },
  });
}

/** Away or available: automatic assignment passes an away agent by. */
/** The agent's own settings (availability, time zone, email language): saved, and the profile updated with them. */
export function useSaveMySettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: Partial<MySettings>) => api<MySettings>("PATCH", "/api/v1/me", v),
    onSuccess: (r) => client.setQueryData<Me | null>(meKey, (m) => m && { ...m, ...r }),
  });
}

/** Signs out: the sign-in shows, and nothing of the last person's data stays in the cache. */
export function useLogout(then: () => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api("POST", "/api/v1/auth/logout"),
    onSuccess: () => {
      setCsrf(null);
      client.setQueryData(meKey, null);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
      then();
    },
  });
}

/** Signs in; the session's CSRF token goes with every write from then on. */
export const useLogin = (then: () => void) =>
  useMutation({
    mutationFn: (body: { email: string; password: string }) => api<LoginResult>("POST", "/api/v1/auth/login", body),
    onSuccess: (r) => {
      setCsrf(r.csrf_token);
      then();
    },
  });
