import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, get } from "../../api";
import { directoryKeys } from "../queries";
import type { Page } from "../../../../shared/api";

// The admin pages' server state: a list per endpoint, and requests that refresh it (and the agents and teams
// every select shares, which an admin page may have changed).

export const adminKeys = {
  all: ["admin"] as const,
  list: (url: string) => [...adminKeys.all, url] as const,
};

export function useAdminList<T>(url: string) {
  return useQuery({
    queryKey: adminKeys.list(url),
    queryFn: async () => {
      const r = await get<T[] | Page<T>>(url);
      return Array.isArray(r) ? r : r.data;
    },
  });
}

export interface Request {
  method: "POST" | "PATCH" | "PUT" | "DELETE";
  url: string;
  body?: unknown;
}

/** A request from an admin page; the list at `listUrl` is read again whether it worked or not. */
export function useAdminRequest<R = unknown>(listUrl: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (r: Request) => api<R>(r.method, r.url, r.body),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: adminKeys.list(listUrl) });
      void client.invalidateQueries({ queryKey: directoryKeys.agents });
      void client.invalidateQueries({ queryKey: directoryKeys.teams });
    },
  });
}
