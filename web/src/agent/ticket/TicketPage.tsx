import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api";
import { linkProps } from "../../router";
import { type ComposerHandle, FormError } from "../../ui";
import { useTicket } from "../queries";
import type { Me } from "../../../../shared/api";
import { EscalationDialog } from "./EscalationDialog";
import { OverrideDialog } from "./OverrideDialog";
import { Presence } from "./Presence";
import { ReplyComposer } from "./ReplyComposer";
import { Sidebar } from "./Sidebar";
import { Thread } from "./Thread";
import { TicketActions } from "./TicketActions";
import { TicketListening } from "../listening/TicketListening";

/** One ticket: its fields, who else is here, the thread and the composer; the customer and the timeline beside. */
export function TicketPage({ number, me }: { number: number; me: Me }) {
  const { t } = useTranslation();
  const ticketQuery = useTicket(number);
  const ticket = ticketQuery.data;
  const [result, setResult] = useState<{ error: unknown } | { notice: string } | null>(null);
  const [escalating, setEscalating] = useState(false);
  const [overriding, setOverriding] = useState<"sla" | "queue" | null>(null);
  const composerRef = useRef<ComposerHandle>(null);
  const assignRef = useRef<HTMLSelectElement>(null);

  // r, n and a: reply, note, assign (the app turns the keys into these events outside text fields).
  useEffect(() => {
    const onKey = (e: Event) => {
      const key = (e as CustomEvent<string>).detail;
      if (key === "r") composerRef.current?.focus(false);
      else if (key === "n") composerRef.current?.focus(true);
      else if (key === "a") assignRef.current?.focus();
    };
    window.addEventListener("sportello:key", onKey);
    return () => window.removeEventListener("sportello:key", onKey);
  }, []);

  if (!ticket)
    return ticketQuery.error ? (
      <p className="error" role="alert">
        {ticketQuery.error instanceof ApiError && ticketQuery.error.status === 404
          ? t("ticket.not_found")
          : t("common.error")}
      </p>
    ) : (
      <p className="muted">{t("common.loading")}</p>
    );

  return (
    <div className="ticket-page">
      <section className="ticket-main" aria-labelledby="ticket-title">
        <p className="muted small">
          <a {...linkProps("/")}>{t("views.all_open")}</a> › #{ticket.number}
        </p>
        <h1 id="ticket-title">
          {ticket.subject} <span className="muted">#{ticket.number}</span>
        </h1>
        <TicketActions
          ticket={ticket}
          assignRef={assignRef}
          onResult={setResult}
          onEscalate={() => setEscalating(true)}
        />
        {result && "error" in result && <FormError error={result.error} />}
        {result && "notice" in result && (
          <p className="notice" role="status">
            {result.notice}
          </p>
        )}
        <Presence number={number} meId={me.id} />
        <TicketListening ticket={ticket} />
        <Thread ticket={ticket} me={me} />
        <ReplyComposer
          ref={composerRef}
          number={number}
          meId={me.id}
          requester={ticket.channel === "review" ? null : (ticket.requester?.email ?? null)}
        />
      </section>
      <Sidebar ticket={ticket} onOverride={setOverriding} />
      {overriding && (
        <OverrideDialog
          kind={overriding}
          ticket={ticket}
          onCancel={() => setOverriding(null)}
          onDone={(pending) => {
            setOverriding(null);
            setResult({ notice: pending ? t("overrides.pending") : t("overrides.applied") });
          }}
        />
      )}
      {escalating && (
        <EscalationDialog ticket={ticket} onCancel={() => setEscalating(false)} onDone={() => setEscalating(false)} />
      )}
    </div>
  );
}
