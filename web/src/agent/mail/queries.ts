import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, get } from "../../api";
import { ticketKeys } from "../queries";
import type { CapturedMailDetail, CapturedMailPage, MailStatus } from "../../../../shared/api";

// Outgoing mail as the app shows it: whether it leaves (the banner), the captured emails (the mail preview), and
// the retry of a reply's failed email from its ticket.

export const mailKeys = {
  all: ["mail"] as const,
  status: ["mail", "status"] as const,
  captured: ["mail", "captured"] as const,
  one: (id: number) => ["mail", "captured", id] as const,
};

/** Whether a relay is set; read once a minute, since a new captured email changes the count. */
export const useMailStatus = () =>
  useQuery({ queryKey: mailKeys.status, queryFn: () => get<MailStatus>("/api/v1/mail/status"), staleTime: 60_000 });

export const useCapturedMail = () =>
  useQuery({
    queryKey: mailKeys.captured,
    queryFn: () => get<CapturedMailPage>("/api/v1/mail/captured?limit=200"),
  });

export const useCapturedOne = (id: number | null) =>
  useQuery({
    queryKey: mailKeys.one(id ?? 0),
    queryFn: () => get<CapturedMailDetail>(`/api/v1/mail/captured/${id}`),
    enabled: id !== null,
  });

/** An admin sends one captured email through the relay now set. */
export function useSendCaptured() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api("POST", `/api/v1/mail/captured/${id}/send`),
    onSettled: () => void client.invalidateQueries({ queryKey: mailKeys.all }),
  });
}

/** The ticket's agent sends a reply's failed email again; the thread is read again to show its new state. */
export function useRetryDelivery(ticketNumber: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (messageId: number) => api("POST", `/api/v1/messages/${messageId}/delivery/retry`),
    onSettled: () => void client.invalidateQueries({ queryKey: ticketKeys.messages(ticketNumber) }),
  });
}
