import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, get, qs } from "../../api";
import { directoryKeys, ticketKeys } from "../queries";
import type {
  Customer,
  CustomerProfile,
  Organization,
  OrganizationProfile,
  Page,
  Ticket,
} from "../../../../shared/api";
import type { z } from "zod";
import type { ZCustomerUpdate, ZOrganizationUpdate } from "../../../../shared/schemas";

// The customers and organizations directories and profiles: keys under "people", invalidated by their edits.

export const peopleKeys = {
  all: ["people"] as const,
  customers: (q: string) => [...peopleKeys.all, "customers", q] as const,
  organizations: (q: string) => [...peopleKeys.all, "organizations", q] as const,
  customer: (id: number) => [...peopleKeys.all, "customer", id] as const,
  organization: (id: number) => [...peopleKeys.all, "organization", id] as const,
  members: (id: number) => [...peopleKeys.all, "members", id] as const,
  tickets: (customerId: number) => [...peopleKeys.all, "tickets", customerId] as const,
};

const PAGE = 50;

/** A directory list (DirectoryList.tsx), page after page ("Show more"), by the words typed. */
export function useDirectory<T>(key: readonly unknown[], url: string, q: string) {
  return useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => get<Page<T>>(`${url}${qs({ q: q || undefined, limit: PAGE, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export const useCustomers = (q: string) => useDirectory<Customer>(peopleKeys.customers(q), "/api/v1/customers", q);
export const useOrganizations = (q: string) =>
  useDirectory<Organization>(peopleKeys.organizations(q), "/api/v1/organizations", q);

export const useCustomerProfile = (id: number) =>
  useQuery({
    queryKey: peopleKeys.customer(id),
    queryFn: () => get<CustomerProfile>(`/api/v1/customers/${id}/profile`),
    retry: false,
  });

export const useOrganizationProfile = (id: number) =>
  useQuery({
    queryKey: peopleKeys.organization(id),
    queryFn: () => get<OrganizationProfile>(`/api/v1/organizations/${id}/profile`),
    retry: false,
  });

/** The organization's customers (the first page of the directory filtered by organization). */
export const useMembers = (organizationId: number) =>
  useQuery({
    queryKey: peopleKeys.members(organizationId),
    queryFn: async () =>
      (await get<Page<Customer>>(`/api/v1/customers${qs({ organization_id: organizationId, limit: 200 })}`)).data,
  });

/** Every ticket of a customer, newest activity first, page after page. */
export const useCustomerTickets = (customerId: number) =>
  useInfiniteQuery({
    queryKey: peopleKeys.tickets(customerId),
    queryFn: ({ pageParam }) =>
      get<Page<Ticket>>(
        `/api/v1/tickets${qs({ view: "all", requester_id: customerId, limit: PAGE, cursor: pageParam })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export function useUpdateCustomer(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof ZCustomerUpdate>) => api<Customer>("PATCH", `/api/v1/customers/${id}`, body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: peopleKeys.all });
      // The ticket pages show the requester's name and email.
      void client.invalidateQueries({ queryKey: ticketKeys.all });
    },
  });
}

export function useUpdateOrganization(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof ZOrganizationUpdate>) =>
      api<Organization>("PATCH", `/api/v1/organizations/${id}`, body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: peopleKeys.all });
      void client.invalidateQueries({ queryKey: directoryKeys.organization(id) });
    },
  });
}
