import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api, get, qs } from "../../api";
import { putTicket, ticketKeys } from "../queries";
import type { Customer, Page, SearchResults, Ticket, TicketCc, TicketFollowers } from "../../../../shared/api";
import type { ZCreateTicket } from "../../../../shared/schemas";

// Ticket actions' server state: creating a ticket, merging, splitting, followers and CC.

export const actionKeys = {
  followers: (n: number) => [...ticketKeys.detail(n), "followers"] as const,
  cc: (n: number) => [...ticketKeys.detail(n), "cc"] as const,
  customers: (q: string) => ["actions", "customers", q] as const,
  mergeTargets: (requesterId: number, q: string) => ["actions", "merge", requesterId, q] as const,
};

export function useCreateTicket() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof ZCreateTicket>) => api<Ticket>("POST", "/api/v1/tickets", body),
    onSuccess: (t) => {
      putTicket(client, t);
      void client.invalidateQueries({ queryKey: ticketKeys.lists() });
      void client.invalidateQueries({ queryKey: ticketKeys.counts() });
    },
  });
}

/** Customers whose name, email or phone starts with what was typed (the new-ticket form's suggestions). */
export const useCustomerLookup = (q: string) =>
  useQuery({
    queryKey: actionKeys.customers(q),
    queryFn: async () => (await get<Page<Customer>>(`/api/v1/customers${qs({ q, limit: 6 })}`)).data,
    enabled: q.trim().length >= 2,
    placeholderData: keepPreviousData,
  });

/** The customer's other tickets a ticket may be merged into: by words or number, else their latest. */
export const useMergeTargets = (requesterId: number, q: string) =>
  useQuery({
    queryKey: actionKeys.mergeTargets(requesterId, q),
    queryFn: async () =>
      q.trim()
        ? (await get<SearchResults>(`/api/v1/search${qs({ q, requester_id: requesterId, limit: 10 })}`)).data.map(
            (h) => h.ticket,
          )
        : (await get<Page<Ticket>>(`/api/v1/tickets${qs({ requester_id: requesterId, view: "all", limit: 10 })}`)).data,
    placeholderData: keepPreviousData,
  });

export function useMerge(number: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (into: number) => api<Ticket>("POST", `/api/v1/tickets/${number}/merge`, { into }),
    onSuccess: (t) => {
      putTicket(client, t);
      void client.invalidateQueries({ queryKey: ticketKeys.detail(number) });
      void client.invalidateQueries({ queryKey: ticketKeys.detail(t.number) });
      void client.invalidateQueries({ queryKey: ticketKeys.lists() });
    },
  });
}

export function useSplit(number: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { message_id: number; subject?: string }) =>
      api<Ticket>("POST", `/api/v1/tickets/${number}/split`, body),
    onSuccess: (t) => {
      putTicket(client, t);
      void client.invalidateQueries({ queryKey: ticketKeys.detail(number) });
      void client.invalidateQueries({ queryKey: ticketKeys.lists() });
    },
  });
}

export const useFollowers = (number: number) =>
  useQuery({
    queryKey: actionKeys.followers(number),
    queryFn: async () => (await get<TicketFollowers>(`/api/v1/tickets/${number}/followers`)).data,
  });

export function useSetFollowers(number: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (agent_ids: number[]) =>
      api<TicketFollowers>("PUT", `/api/v1/tickets/${number}/followers`, { agent_ids }),
    onSuccess: (r) => client.setQueryData(actionKeys.followers(number), r.data),
  });
}

export const useCc = (number: number) =>
  useQuery({
    queryKey: actionKeys.cc(number),
    queryFn: async () => (await get<TicketCc>(`/api/v1/tickets/${number}/cc`)).addresses,
  });

export function useSetCc(number: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (addresses: string[]) => api<TicketCc>("PUT", `/api/v1/tickets/${number}/cc`, { addresses }),
    onSuccess: (r) => client.setQueryData(actionKeys.cc(number), r.addresses),
  });
}
