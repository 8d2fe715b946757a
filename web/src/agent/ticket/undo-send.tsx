import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TicketStatus } from "../../../../shared/enums";
import { api } from "../../api";
import type { ComposerHandle, Uploaded } from "../../ui";
import { FormError } from "../../ui";
import { replySent, ticketKeys } from "../queries";
import type { HeldReply, UndoneReply } from "../../../../shared/api";

type Pending = { id: number; sendAt: number; status?: TicketStatus; files: Uploaded[] };

/**
 * "Undo send": a public reply is handed to the server, which holds it for the workspace's window; meanwhile the
 * composer says "Sending… Undo", and Undo brings the text back. Once the window passes the server sends it (even
 * if this tab is closed) and the thread shows it through the usual push.
 */
export function useUndoSend(number: number, composer: React.RefObject<ComposerHandle | null>) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [pending, setPending] = useState<Pending | null>(null);
  const [now, setNow] = useState(Date.now());
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!pending) return;
    const timer = window.setInterval(() => {
      setNow(Date.now());
      // Sent by now (the server's worker checks twice a second): read the thread and the ticket again.
      if (Date.now() > pending.sendAt + 1500) {
        setPending(null);
        void client.invalidateQueries({ queryKey: ticketKeys.messages(number) });
        replySent(client, number, !!pending.status);
      }
    }, 250);
    return () => window.clearInterval(timer);
  }, [pending, client, number]);

  async function hold(body: { body_text: string; attachment_ids: number[]; status?: TicketStatus }, files: Uploaded[]) {
    setError(null);
    const h = await api<HeldReply>("POST", `/api/v1/tickets/${number}/held-replies`, body);
    if (h.id === null) {
      // Sent at once (no undo window): the thread, the ticket and its timeline, the lists and counts.
      void client.invalidateQueries({ queryKey: ticketKeys.messages(number) });
      replySent(client, number, true);
      return;
    }
    setNow(Date.now());
    setPending({ id: h.id, sendAt: Date.parse(h.send_at), status: body.status, files });
  }

  async function undo() {
    if (!pending) return;
    try {
      const back = await api<UndoneReply>("DELETE", `/api/v1/held-replies/${pending.id}`);
      // The files were never attached to a message: the same uploads go back beside the text.
      const kept = new Set(back.attachment_ids);
      composer.current?.putBack(
        back.body_text,
        false,
        pending.files.filter((f) => kept.has(f.id)),
      );
    } catch (e) {
      setError(e);
    }
    setPending(null);
  }

  const left = pending ? Math.max(0, Math.ceil((pending.sendAt - now) / 1000)) : 0;
  return {
    hold,
    banner: (
      <>
        {pending && (
          <p className="notice sending" role="status" data-testid="sending">
            {t("actions.sending", { seconds: left })}{" "}
            <button type="button" className="link" onClick={() => void undo()} data-testid="undo-send">
              {t("actions.undo")}
            </button>
          </p>
        )}
        <FormError error={error} />
      </>
    ),
  };
}
