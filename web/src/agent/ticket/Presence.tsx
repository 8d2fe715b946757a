import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PresenceEntry } from "../../../../shared/realtime";
import { agentSocket, sendAgent, usePush } from "../../realtime";

/**
 * Who else is looking at or writing on this ticket. Saying "viewing" also joins the ticket's room; it is kept,
 * so a reconnect says it again, and repeated while the page is open (the server forgets it 30 s after the last).
 */
export function Presence({ number, meId }: { number: number; meId: number }) {
  const { t } = useTranslation();
  const [viewing, setViewing] = useState<PresenceEntry[]>([]);
  const [typing, setTyping] = useState<PresenceEntry[]>([]);
  useEffect(() => {
    const unkeep = agentSocket.keep({ type: "viewing", ticket_number: number });
    const every = window.setInterval(() => sendAgent({ type: "viewing", ticket_number: number }), 20_000);
    return () => {
      window.clearInterval(every);
      unkeep();
      sendAgent({ type: "left", ticket_number: number });
    };
  }, [number]);
  usePush(agentSocket, (m) => {
    if (m.type !== "presence" || m.ticket_number !== number) return;
    setViewing(m.viewing.filter((p) => p.agent_id !== meId));
    setTyping(m.typing.filter((p) => p.agent_id !== meId));
  });
  if (!viewing.length && !typing.length) return null;
  const typingIds = new Set(typing.map((p) => p.agent_id));
  return (
    <div className="presence" role="status" data-testid="presence">
      {typing.map((p) => (
        <span key={`t${p.agent_id}`} className="pill typing">
          {t("presence.typing", { name: p.name })}
        </span>
      ))}
      {viewing
        .filter((p) => !typingIds.has(p.agent_id))
        .map((p) => (
          <span key={`v${p.agent_id}`} className="pill">
            {t("presence.viewing", { name: p.name })}
          </span>
        ))}
    </div>
  );
}
