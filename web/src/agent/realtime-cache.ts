import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { agentSocket, usePush } from "../realtime";
import { putMessage, putTicket, ticketKeys } from "./queries";
import type { Message, Ticket } from "../../../shared/api";

/**
 * Pushes from the server written into the query cache, so every page that shows a ticket follows without
 * fetching by hand: a changed ticket replaces its copy at once; lists and counts, which a change may reorder,
 * are fetched again at most every 300 ms during a burst; after a reconnect everything shown is fetched
 * again. (SLA alerts follow their own pushes in SlaAlerts.tsx.)
 */
export function useRealtimeCache() {
  const client = useQueryClient();
  const timer = useRef<number | null>(null);
  const refreshLists = () => {
    if (timer.current) return;
    timer.current = window.setTimeout(() => {
      timer.current = null;
      void client.invalidateQueries({ queryKey: ticketKeys.lists() });
      void client.invalidateQueries({ queryKey: ticketKeys.counts() });
    }, 300);
  };
  useEffect(() => {
    agentSocket.onReconnect = () => void client.invalidateQueries();
    return () => {
      agentSocket.onReconnect = null;
      if (timer.current) window.clearTimeout(timer.current);
    };
  }, [client]);
  usePush(agentSocket, (m) => {
    if (m.type === "ticket.updated" || m.type === "ticket.created") {
      const tk = m.ticket as Ticket;
      putTicket(client, tk);
      void client.invalidateQueries({ queryKey: ticketKeys.events(tk.number) });
      refreshLists();
    } else if (m.type === "message.created") {
      putMessage(client, m.ticket_number, m.message as Message);
      void client.invalidateQueries({ queryKey: ticketKeys.events(m.ticket_number) });
    }
  });
}
