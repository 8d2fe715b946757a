import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, get } from "../../api";
import { ticketKeys, useMessages } from "../queries";
import { useEffect } from "react";
import type { CreateSavedView, List, SavedView } from "../../../../shared/api";

// The triage inbox's server state: reads (the unread mark) and saved views.

export const viewKeys = { all: ["saved-views"] as const };

/**
 * The agent is reading the ticket: recorded on opening and again whenever its thread grows while it is open, so
 * the list's unread mark goes; the lists are read again.
 */
export function useMarkRead(number: number) {
  const client = useQueryClient();
  const count = useMessages(number).data?.length ?? 0;
  useEffect(() => {
    void api("POST", `/api/v1/tickets/${number}/read`)
      .then(() => client.invalidateQueries({ queryKey: ticketKeys.lists() }))
      .catch(() => undefined);
  }, [number, count, client]);
}

export const useSavedViews = () =>
  useQuery({ queryKey: viewKeys.all, queryFn: async () => (await get<List<SavedView>>("/api/v1/views")).data });

export function useSaveView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: CreateSavedView) => api<SavedView>("POST", "/api/v1/views", v),
    onSettled: () => void client.invalidateQueries({ queryKey: viewKeys.all }),
  });
}

export function useDeleteView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api("DELETE", `/api/v1/views/${id}`),
    onSettled: () => void client.invalidateQueries({ queryKey: viewKeys.all }),
  });
}
