import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, get } from "../../api";
import { directoryKeys } from "../queries";
import type { MailTemplatePreview, Page } from "../../../../shared/api";
import type { MailTemplate, MailTemplateInput } from "../../../../shared/templates";

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

/** A request from an admin page; the admin pages' data (the list at `listUrl` among it) is read again whether it worked or not. */
export function useAdminRequest<R = unknown>() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (r: Request) => api<R>(r.method, r.url, r.body),
    // Everything the admin pages read may follow from a change (a closure moves a calendar's due preview).
    onSettled: () => {
      void client.invalidateQueries({ queryKey: adminKeys.all });
      void client.invalidateQueries({ queryKey: directoryKeys.agents });
      void client.invalidateQueries({ queryKey: directoryKeys.teams });
    },
  });
}

/** A single object an admin page reads (the workspace, a setting, a report): cached by its URL. */
export const useAdminObject = <T>(url: string | null, opts: { retry?: boolean } = {}) =>
  useQuery({
    queryKey: adminKeys.list(url ?? ""),
    queryFn: () => get<T>(url!),
    enabled: url !== null,
    ...(opts.retry === false ? { retry: false } : {}),
  });

/** PUT or PATCH a single object; its answer replaces the cached one. */
export function useSaveObject<T, B>(url: string, method: "PUT" | "PATCH") {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: B) => api<T>(method, url, body),
    onSuccess: (r) => client.setQueryData(adminKeys.list(url), r),
  });
}

/** A template rendered by the server for its preview, keyed by the text (an older answer never replaces a newer one). */
export const useTemplatePreview = (url: string, draft: MailTemplateInput) =>
  useQuery({
    queryKey: ["template-preview", url, draft],
    queryFn: () => api<MailTemplatePreview>("POST", `${url}/preview`, draft),
    placeholderData: keepPreviousData,
    retry: false,
  });

/** Saves a template (PUT) or puts its default text back (DELETE). */
export const useTemplateChange = (url: string) =>
  useMutation({
    mutationFn: (draft: MailTemplateInput | null) =>
      draft ? api<MailTemplate>("PUT", url, draft) : api<MailTemplate>("DELETE", url),
  });
