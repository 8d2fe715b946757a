import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api";
import { linkProps } from "../../router";
import { type ComposerHandle, FormError, useAfterPaint } from "../../ui";
import { useMarkRead } from "../inbox/queries";
import { usePageTitle } from "../people/title";
import { useTicket } from "../queries";
import type { Me, Message } from "../../../../shared/api";
import { MergeDialog } from "../actions/MergeDialog";
import { MergedNotice } from "../actions/MergedNotice";
import { PeoplePanel } from "../actions/PeoplePanel";
import { SplitDialog } from "../actions/SplitDialog";
import { SubjectEditor } from "../actions/SubjectEditor";
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
  usePageTitle(ticket ? `#${ticket.number} ${ticket.subject}` : `#${number}`);
  useMarkRead(number);
  const [result, setResult] = useState<{ error: unknown } | { notice: string } | null>(null);
  const [escalating, setEscalating] = useState(false);
  const [merging, setMerging] = useState(false);
  const [splitting, setSplitting] = useState<Message | null>(null);
  const [overriding, setOverriding] = useState<"sla" | "queue" | null>(null);
  const composerRef = useRef<ComposerHandle>(null);
  const assignRef = useRef<HTMLSelectElement>(null);
  // The thread, the fields and the composer paint first; the panels beside them (customer, timeline, playbooks,
  // articles, followers, listening) a moment later, with their own requests.
  const panels = useAfterPaint();

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
        <SubjectEditor ticket={ticket} />
        {ticket.merged_into && <MergedNotice into={ticket.merged_into} />}
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
        {!ticket.merged_into && (
          <div className="row ticket-more">
            <button type="button" onClick={() => setMerging(true)} data-testid="merge">
              {t("actions.merge")}
            </button>
          </div>
        )}
        <Presence number={number} meId={me.id} />
        {panels && <TicketListening ticket={ticket} />}
        {!ticket.merged_into && (
          <>
            <Thread ticket={ticket} me={me} onSplit={setSplitting} />
            <ReplyComposer
              ref={composerRef}
              number={number}
              meId={me.id}
              requester={ticket.channel === "review" ? null : (ticket.requester?.email ?? null)}
            />
            {panels && <PeoplePanel ticket={ticket} meId={me.id} />}
          </>
        )}
      </section>
      {panels ? (
        <Sidebar ticket={ticket} onOverride={setOverriding} composer={composerRef} />
      ) : (
        <aside className="ticket-side" aria-label={t("ticket.sidebar")} />
      )}
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
      {merging && <MergeDialog ticket={ticket} onClose={() => setMerging(false)} />}
      {splitting && <SplitDialog ticket={ticket} message={splitting} onClose={() => setSplitting(null)} />}
      {escalating && (
        <EscalationDialog ticket={ticket} onCancel={() => setEscalating(false)} onDone={() => setEscalating(false)} />
      )}
    </div>
  );
}
