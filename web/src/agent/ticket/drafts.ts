import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { DraftSaved, TicketDrafts } from "../../../../shared/api";
import { api, get } from "../../api";
import { agentSocket, usePush } from "../../realtime";

export const draftKey = (number: number) => ["draft", number] as const;
const SAVE_AFTER_MS = 600;

type Text = { text: string; internal: boolean };

/**
 * The agent's draft on a ticket, kept on the server as they type (PUT a moment after the last key, at once when
 * the page goes away), so a reload, a view switch or Back loses nothing; and the colleagues who have one.
 * `settle()` waits for the save in flight before a message is sent, so an old draft never lands after it.
 */
export function useDraft(number: number) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: draftKey(number),
    queryFn: () => get<TicketDrafts>(`/api/v1/tickets/${number}/draft`),
    staleTime: 5_000,
  });
  const [state, setState] = useState<"idle" | "saving" | "saved" | "failed">("idle");
  const pending = useRef<Text | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const inFlight = useRef<Promise<unknown>>(Promise.resolve());

  const save = useCallback(
    (keepalive = false) => {
      window.clearTimeout(timer.current);
      const d = pending.current;
      if (!d) return inFlight.current;
      pending.current = null;
      setState("saving");
      const put = inFlight.current
        .catch(() => undefined)
        .then(() =>
          api<DraftSaved>(
            "PUT",
            `/api/v1/tickets/${number}/draft`,
            { body_text: d.text, internal: d.internal },
            { keepalive },
          ),
        )
        .then(
          (r) => {
            setState(r.draft ? "saved" : "idle");
            client.setQueryData<TicketDrafts>(draftKey(number), (old) =>
              old ? { ...old, draft: r.draft } : { draft: r.draft, colleagues: [] },
            );
          },
          () => setState("failed"),
        );
      inFlight.current = put;
      return put;
    },
    [client, number],
  );

  const change = useCallback(
    (d: Text) => {
      pending.current = d;
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void save(), SAVE_AFTER_MS);
    },
    [save],
  );

  // Leaving the ticket (another page, another ticket, the tab closing) saves what was typed since the last save.
  useEffect(() => {
    const away = () => void save(true);
    window.addEventListener("pagehide", away);
    return () => {
      window.removeEventListener("pagehide", away);
      away();
    };
  }, [save]);

  // A colleague starting or stopping (presence changes) may have a draft now: asked again.
  usePush(agentSocket, (m) => {
    if (m.type === "presence" && m.ticket_number === number)
      void client.invalidateQueries({ queryKey: draftKey(number) });
  });

  /** Before sending: nothing waits to be saved, and the last save has landed. */
  const settle = useCallback(async () => {
    window.clearTimeout(timer.current);
    pending.current = null;
    await inFlight.current.catch(() => undefined);
  }, []);

  return {
    saved: query.data?.draft ?? null,
    loaded: !query.isPending,
    colleagues: query.data?.colleagues ?? [],
    change,
    settle,
    state,
  };
}
