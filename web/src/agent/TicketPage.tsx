import { useCallback, useEffect, useImperativeHandle, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  OVERRIDE_SOURCES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketPriority,
  type TicketStatus,
} from "../../../shared/enums";
import type { PresenceEntry } from "../../../shared/realtime";
import type { UpdateTicket } from "../../../shared/schemas";
import { ApiError, api, get } from "../api";
import { errorText } from "../errors";
import { formatDateTime, formatRelative } from "../i18n";
import { agentSocket, sendAgent, usePush } from "../realtime";
import { linkProps } from "../router";
import type { Me } from "./AgentApp";
import { type AgentLite, loadAgents, loadTeams, type TeamLite } from "./directory";
import {
  describeEmailEvent,
  EmailBadges,
  emailEventsByMessage,
  EmailNotices,
  isUnreadable,
  OriginalLink,
  RawBody,
} from "./EmailDetails";
import { nextDue } from "./Inbox";
import { ReasonDialog } from "./ReasonDialog";
import type { Message, Ticket, TimelineEvent } from "./types";

export function TicketPage({ number, me }: { number: number; me: Me }) {
  const { t, i18n } = useTranslation();
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [events, setEvents] = useState<TimelineEvent[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [presence, setPresence] = useState<{ viewing: PresenceEntry[]; typing: PresenceEntry[] }>({
    viewing: [],
    typing: [],
  });
  const [agents, setAgents] = useState<AgentLite[]>([]);
  const [teams, setTeams] = useState<TeamLite[]>([]);
  const [priorityAsk, setPriorityAsk] = useState<TicketPriority | null>(null);
  const [assignAsk, setAssignAsk] = useState<number | null>(null);
  const [collision, setCollision] = useState<string | null>(null);
  const [escalating, setEscalating] = useState(false);
  const [overriding, setOverriding] = useState<"sla" | "queue" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const composerRef = useRef<ComposerHandle>(null);
  const assignRef = useRef<HTMLSelectElement>(null);
  const priorityRef = useRef<HTMLSelectElement>(null);

  const load = useCallback(async () => {
    try {
      const [tk, ms, ev] = await Promise.all([
        get<Ticket>(`/api/v1/tickets/${number}`),
        get<{ data: Message[] }>(`/api/v1/tickets/${number}/messages`),
        get<{ data: TimelineEvent[] }>(`/api/v1/tickets/${number}/events`),
      ]);
      setTicket(tk);
      setMessages(ms.data);
      setEvents(ev.data);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 404 ? t("ticket.not_found") : t("common.error"));
    }
  }, [number, t]);

  useEffect(() => {
    void load();
    void loadAgents().then(setAgents);
    void loadTeams().then(setTeams);
  }, [load]);

  // "Viewing" is refreshed while the page is open; the server forgets it 30 s after the last one.
  useEffect(() => {
    // Saying "viewing" also joins the ticket's room; kept, so a reconnect says it again.
    const unkeep = agentSocket.keep({ type: "viewing", ticket_number: number });
    const every = window.setInterval(() => sendAgent({ type: "viewing", ticket_number: number }), 20_000);
    return () => {
      window.clearInterval(every);
      unkeep();
      sendAgent({ type: "left", ticket_number: number });
    };
  }, [number]);

  usePush(agentSocket, (m) => {
    if (m.type === "presence" && m.ticket_number === number) {
      const others = (l: PresenceEntry[]) => l.filter((p) => p.agent_id !== me.id);
      setPresence({ viewing: others(m.viewing), typing: others(m.typing) });
    } else if (m.type === "message.created" && m.ticket_number === number) {
      const msg = m.message as Message;
      setMessages((list) => (list.some((x) => x.id === msg.id) ? list : [...list, msg]));
      if (!msg.internal && msg.author.type === "agent" && msg.author.id !== me.id && composerRef.current?.hasDraft())
        setCollision(msg.author.name ?? "?");
      void get<{ data: TimelineEvent[] }>(`/api/v1/tickets/${number}/events`).then((r) => setEvents(r.data));
    } else if ((m.type === "ticket.updated" || m.type === "ticket.created") && (m.ticket as Ticket).number === number) {
      setTicket(m.ticket as Ticket);
    }
  });

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

  async function patch(body: UpdateTicket) {
    try {
      const r = await api<Ticket | { status: "pending"; ticket: Ticket }>("PATCH", `/api/v1/tickets/${number}`, body);
      if ("ticket" in r) {
        setTicket(r.ticket);
        setNotice(t("overrides.pending"));
      } else setTicket(r);
      setEvents((await get<{ data: TimelineEvent[] }>(`/api/v1/tickets/${number}/events`)).data);
      setError(null);
    } catch (e) {
      // An assignment outside the ticket's team or tier: ask why, as for a priority change, and send it again.
      if (e instanceof ApiError && e.code === "reason_required" && body.assignee_id && !body.assignment_reason)
        return setAssignAsk(body.assignee_id);
      setError(errorText(t, e));
    }
  }

  if (error && !ticket)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!ticket) return <p className="muted">{t("common.loading")}</p>;
  const due = nextDue(ticket);
  const emailEvents = emailEventsByMessage(events);

  return (
    <div className="ticket-page">
      <section className="ticket-main" aria-labelledby="ticket-title">
        <p className="muted small">
          <a {...linkProps("/")}>{t("views.all_open")}</a> › #{ticket.number}
        </p>
        <h1 id="ticket-title">
          {ticket.subject} <span className="muted">#{ticket.number}</span>
        </h1>
        <div className="ticket-fields">
          <label>
            {t("ticket.status")}
            <select
              value={ticket.status}
              onChange={(e) => patch({ status: e.target.value as TicketStatus })}
              data-testid="status"
            >
              {TICKET_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("ticket.priority")}
            <select
              ref={priorityRef}
              value={ticket.priority}
              onChange={(e) => setPriorityAsk(e.target.value as TicketPriority)}
              data-testid="priority"
            >
              {TICKET_PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(`priority.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("ticket.assignee")}
            <select
              ref={assignRef}
              value={ticket.assignee?.id ?? ""}
              onChange={(e) => patch({ assignee_id: e.target.value ? Number(e.target.value) : null })}
              data-testid="assignee"
            >
              <option value="">{t("ticket.unassigned")}</option>
              {agents
                .filter((a) => a.active || a.id === ticket.assignee?.id)
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
            </select>
          </label>
          <label>
            {t("ticket.team")}
            <select
              value={ticket.team?.id ?? ""}
              onChange={(e) => patch({ team_id: e.target.value ? Number(e.target.value) : null })}
            >
              <option value="">—</option>
              {teams.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
          <Tags tags={ticket.tags} onChange={(tags) => patch({ tags })} />
          <div className="tier">
            <span className={`badge tier-${ticket.tier}`}>{t(`tiers.${ticket.tier}`)}</span>{" "}
            <button onClick={() => setEscalating(true)} data-testid="escalate">
              {ticket.tier === "specialist" ? t("escalation.back") : t("escalation.escalate")}
            </button>
          </div>
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <Presence viewing={presence.viewing} typing={presence.typing} />
        <ol className="thread" aria-label={t("ticket.thread")}>
          {messages.map((m, i) => (
            <MessageItem
              key={m.id}
              m={m}
              events={emailEvents.get(m.id) ?? []}
              unreadable={isUnreadable(m, i === 0, ticket.tags)}
            />
          ))}
        </ol>
        <Composer
          ref={composerRef}
          number={number}
          collision={collision}
          onCollisionSeen={() => setCollision(null)}
          onSent={(m, tk) => {
            setMessages((list) => (list.some((x) => x.id === m.id) ? list : [...list, m]));
            if (tk) setTicket(tk);
            setCollision(null);
          }}
        />
      </section>
      <aside className="ticket-side" aria-label={t("ticket.sidebar")}>
        <CustomerCard ticket={ticket} />
        <section className="card">
          <h2>{t("ticket.service_level")}</h2>
          {Object.keys(ticket.sla ?? {}).length === 0 && <p className="muted">—</p>}
          <ul className="plain">
            {Object.entries(ticket.sla ?? {}).map(([target, c]) => (
              <li key={target} className={c.breached ? "breached" : undefined}>
                {t(`sla.${target}`, { defaultValue: target })}:{" "}
                {c.met_at ? t("sla.met") : c.paused ? t("sla.paused") : formatDateTime(c.due_at)}{" "}
                {c.breached && <strong>({t("sla.breached")})</strong>}
              </li>
            ))}
          </ul>
          {due && (
            <p className="small muted">
              {t("ticket.next_due")} {formatRelative(due.at)}
            </p>
          )}
          <div className="row">
            <button className="link small" onClick={() => setOverriding("sla")}>
              {t("overrides.change_target")}
            </button>
            {!ticket.assignee && (
              <button className="link small" onClick={() => setOverriding("queue")}>
                {t("overrides.place_top")}
              </button>
            )}
          </div>
        </section>
        <section className="card">
          <h2>{t("ticket.timeline")}</h2>
          <ol className="timeline">
            {events.map((e) => (
              <li key={e.id} className={e.type === "delivery_failed" ? "failed" : undefined}>
                <span className="muted small">{formatDateTime(e.created_at)}</span>{" "}
                {describeEvent((k, o) => t(k, o ?? {}), e, i18n.language)}
              </li>
            ))}
          </ol>
        </section>
      </aside>
      {overriding && (
        <OverrideDialog
          kind={overriding}
          ticket={ticket}
          onCancel={() => setOverriding(null)}
          onDone={async (pending) => {
            setOverriding(null);
            setNotice(pending ? t("overrides.pending") : t("overrides.applied"));
            await load();
          }}
        />
      )}
      {escalating && (
        <EscalationDialog
          ticket={ticket}
          onCancel={() => setEscalating(false)}
          onDone={async (tk) => {
            setEscalating(false);
            setTicket(tk);
            await load();
          }}
        />
      )}
      {priorityAsk && (
        <ReasonDialog
          title={t("priority_dialog.title", { priority: t(`priority.${priorityAsk}`) })}
          confirm={t("priority_dialog.confirm")}
          onCancel={() => {
            setPriorityAsk(null);
            priorityRef.current?.focus();
          }}
          onConfirm={async (reason, source) => {
            setPriorityAsk(null);
            priorityRef.current?.focus();
            await patch({ priority: priorityAsk, priority_reason: reason, priority_source: source });
          }}
        />
      )}
      {assignAsk && (
        <ReasonDialog
          title={t("assign_dialog.title", { name: agents.find((a) => a.id === assignAsk)?.name ?? "" })}
          confirm={t("assign_dialog.confirm")}
          onCancel={() => {
            setAssignAsk(null);
            assignRef.current?.focus();
          }}
          onConfirm={async (reason, source) => {
            setAssignAsk(null);
            assignRef.current?.focus();
            await patch({ assignee_id: assignAsk, assignment_reason: reason, assignment_source: source });
          }}
        />
      )}
    </div>
  );
}

function describeEvent(t: (k: string, o?: Record<string, unknown>) => string, e: TimelineEvent, lang: string): string {
  const email = describeEmailEvent(t, e, lang);
  if (email) return email;
  const who = e.actor.name ?? t(`actor.${e.actor.type}`);
  const d = e.data as Record<string, any>;
  switch (e.type) {
    case "status_changed":
      return t("events.status_changed", { who, from: t(`status.${d.from}`), to: t(`status.${d.to}`) });
    case "priority_changed":
      return t("events.priority_changed", {
        who,
        from: t(`priority.${d.from}`),
        to: t(`priority.${d.to}`),
        reason: d.reason ?? "",
      });
    case "assigned":
      return t("events.assigned", { who });
    case "created":
      return t("events.created", { who, channel: d.channel ?? "" });
    case "sla_warning":
    case "sla_breached":
      return t(`sla_events.${e.type}`, { target: t(`sla.${d.target}`), when: formatDateTime(d.due_at) });
    case "sla_override":
      return t("sla_events.sla_override", {
        who,
        target: t(`sla.${d.target}`),
        from: d.from_minutes,
        to: d.to_minutes,
        reason: d.reason ?? "",
        source: t(`sources.${d.source}`),
      });
    case "assignment_override":
      return t("sla_events.assignment_override", { who, reason: d.reason ?? "", source: t(`sources.${d.source}`) });
    case "queue_placement":
    case "override_requested":
      return t(`sla_events.${e.type}`, { who, reason: d.reason ?? "", source: t(`sources.${d.source}`) });
    case "escalated":
      return t("sla_events.escalated", { who, reason: d.reason ?? d.reason_code ?? "" });
    case "de_escalated":
    case "auto_assigned":
    case "override_rejected":
      return t(`sla_events.${e.type}`, { who });
    default:
      return t("events.other", { who, type: e.type.replace(/_/g, " ") });
  }
}

function Presence({ viewing, typing }: { viewing: PresenceEntry[]; typing: PresenceEntry[] }) {
  const { t } = useTranslation();
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

function MessageItem({ m, events, unreadable }: { m: Message; events: TimelineEvent[]; unreadable: boolean }) {
  const { t } = useTranslation();
  const [full, setFull] = useState(false);
  const folded = !unreadable && m.reply_text && m.reply_text.trim() !== m.body_text.trim();
  return (
    <li className={`message ${m.internal ? "internal" : m.author.type}`} data-message-id={m.id}>
      <header>
        <strong>{m.author.name ?? t(`actor.${m.author.type}`)}</strong>
        {m.internal && <span className="badge note">{t("ticket.internal_note")}</span>}
        <EmailBadges m={m} events={events} />
        <time className="muted small" dateTime={m.created_at}>
          {formatDateTime(m.created_at)}
        </time>
        <OriginalLink m={m} />
      </header>
      <EmailNotices m={m} events={events} unreadable={unreadable} />
      {unreadable ? (
        <RawBody text={m.body_text} />
      ) : (
        <div className="body">{full || !folded ? m.body_text : m.reply_text}</div>
      )}
      {folded && (
        <button className="link small" onClick={() => setFull((f) => !f)}>
          {full ? t("ticket.hide_quoted") : t("ticket.show_quoted")}
        </button>
      )}
      {m.attachments.length > 0 && (
        <ul className="files">
          {m.attachments.map((a) => (
            <li key={a.id}>
              <a href={a.url}>{a.filename}</a> <span className="muted small">({Math.ceil(a.size / 1024)} KB)</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function Tags({ tags, onChange }: { tags: string[]; onChange: (tags: string[]) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState("");
  return (
    <div className="tags-field">
      <span className="label">{t("ticket.tags")}</span>
      {tags.map((tag) => (
        <span key={tag} className="tag">
          {tag}{" "}
          <button
            className="link"
            aria-label={t("ticket.remove_tag", { tag })}
            onClick={() => onChange(tags.filter((x) => x !== tag))}
          >
            ×
          </button>
        </span>
      ))}
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          const v = value.trim().toLowerCase();
          if (v) onChange([...new Set([...tags, v])]);
          setValue("");
        }}
      >
        <input
          aria-label={t("ticket.add_tag")}
          placeholder={t("ticket.add_tag")}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          size={10}
        />
      </form>
    </div>
  );
}

function CustomerCard({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const [others, setOthers] = useState<Ticket[]>([]);
  const [org, setOrg] = useState<{ name: string; support_plan: { name: string | null } } | null>(null);
  const r = ticket.requester;
  useEffect(() => {
    if (!r) return;
    void get<{ data: Ticket[] }>(`/api/v1/tickets?view=all&requester_id=${r.id}&limit=10`).then((x) =>
      setOthers(x.data.filter((o) => o.number !== ticket.number)),
    );
    if (r.organization_id)
      void get(`/api/v1/organizations/${r.organization_id}`)
        .then(setOrg)
        .catch(() => setOrg(null));
  }, [r, ticket.number]);
  if (!r) return null;
  return (
    <section className="card" aria-labelledby="customer-title">
      <h2 id="customer-title">{r.name ?? r.email}</h2>
      <p className="small">
        <a href={`mailto:${r.email}`}>{r.email}</a>
      </p>
      {org && (
        <p className="small">
          {org.name}
          {org.support_plan.name ? ` · ${t("customer.plan")} ${org.support_plan.name}` : ""}
        </p>
      )}
      <h3>{t("customer.other_tickets")}</h3>
      {others.length === 0 ? (
        <p className="muted small">{t("customer.no_other")}</p>
      ) : (
        <ul className="plain small">
          {others.map((o) => (
            <li key={o.number}>
              <a {...linkProps(`/tickets/${o.number}`)}>
                #{o.number} {o.subject}
              </a>{" "}
              <span className={`status status-${o.status}`}>{t(`status.${o.status}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function OverrideDialog({
  kind,
  ticket,
  onCancel,
  onDone,
}: {
  kind: "sla" | "queue";
  ticket: Ticket;
  onCancel: () => void;
  onDone: (pending: boolean) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const targets = Object.entries(ticket.sla ?? {})
    .filter(([, c]) => !c.met_at)
    .map(([k]) => k);
  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const why = { reason: f.get("reason"), source: f.get("source") };
    try {
      const r =
        kind === "sla"
          ? await api<{ status: string }>("POST", `/api/v1/tickets/${ticket.number}/sla-override`, {
              target: f.get("target"),
              business_minutes: Math.round(Number(f.get("hours")) * 60),
              ...why,
            })
          : await api<{ status: string }>("POST", "/api/v1/queue/place", { ticket_number: ticket.number, ...why });
      onDone(r.status === "pending");
    } catch (err) {
      setError(errorText(t, err));
    }
  }
  return (
    <div className="modal-backdrop">
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="ovr-title"
        onKeyDown={(e) => e.key === "Escape" && onCancel()}
        onSubmit={submit}
      >
        <h2 id="ovr-title">{kind === "sla" ? t("overrides.change_target") : t("overrides.place_top")}</h2>
        <p className="muted">{t("priority_dialog.why")}</p>
        {kind === "sla" && (
          <>
            <label>
              {t("overrides.target")}
              <select name="target">
                {targets.map((k) => (
                  <option key={k} value={k}>
                    {t(`sla.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("overrides.hours")}
              <input name="hours" type="number" min={0.25} step={0.25} required defaultValue={4} />
            </label>
          </>
        )}
        <label>
          {t("priority_dialog.reason")}
          <textarea name="reason" required minLength={3} autoFocus />
        </label>
        <label>
          {t("priority_dialog.source")}
          <select name="source" defaultValue="agent_judgement">
            {OVERRIDE_SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`sources.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary">
            {t("common.apply")}
          </button>
          <button type="button" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </div>
  );
}

function EscalationDialog({
  ticket,
  onCancel,
  onDone,
}: {
  ticket: Ticket;
  onCancel: () => void;
  onDone: (t: Ticket) => void;
}) {
  const { t } = useTranslation();
  const up = ticket.tier !== "specialist";
  const [reasons, setReasons] = useState<{ code: string; label: string; active: boolean }[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (up)
      void get<{ data: { code: string; label: string; active: boolean }[] }>("/api/v1/escalation-reasons").then((r) =>
        setReasons(r.data.filter((x) => x.active)),
      );
  }, [up]);
  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      onDone(
        await api<Ticket>(
          "POST",
          `/api/v1/tickets/${ticket.number}/${up ? "escalate" : "de-escalate"}`,
          up ? { reason_code: f.get("reason_code"), note: f.get("note") } : { note: f.get("note") },
        ),
      );
    } catch (err) {
      setError(errorText(t, err));
    }
  }
  return (
    <div className="modal-backdrop">
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="esc-title"
        onKeyDown={(e) => e.key === "Escape" && onCancel()}
        onSubmit={submit}
      >
        <h2 id="esc-title">{up ? t("escalation.title") : t("escalation.back_title")}</h2>
        <p className="muted">{up ? t("escalation.why") : t("escalation.back_why")}</p>
        {up && (
          <label>
            {t("escalation.reason")}
            <select name="reason_code" required>
              {reasons.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
        )}
        {up && reasons.length === 0 && <p className="warning">{t("escalation.no_reasons")}</p>}
        <label>
          {t("escalation.note")}
          <textarea name="note" required minLength={3} autoFocus />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary">
            {up ? t("escalation.escalate") : t("escalation.back")}
          </button>
          <button type="button" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </div>
  );
}

interface ComposerHandle {
  focus(internal: boolean): void;
  hasDraft(): boolean;
}

function Composer({
  ref,
  number,
  collision,
  onCollisionSeen,
  onSent,
}: {
  ref: React.Ref<ComposerHandle>;
  number: number;
  collision: string | null;
  onCollisionSeen: () => void;
  onSent: (m: Message, t: Ticket | null) => void;
}) {
  const { t } = useTranslation();
  const [internal, setInternal] = useState(false);
  const [text, setText] = useState("");
  const [files, setFiles] = useState<{ id: number; filename: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<TicketStatus | "" | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const lastTyping = useRef(0);
  const textRef = useRef(text);
  textRef.current = text;

  useImperativeHandle(ref, () => ({
    focus(asNote: boolean) {
      setInternal(asNote);
      setTimeout(() => area.current?.focus(), 0);
    },
    hasDraft: () => textRef.current.trim().length > 0,
  }));

  async function upload(list: FileList | null) {
    for (const f of Array.from(list ?? [])) {
      try {
        const r = await api<{ id: number; filename: string }>(
          "POST",
          `/api/v1/attachments?filename=${encodeURIComponent(f.name)}`,
          undefined,
          { raw: f, contentType: f.type },
        );
        setFiles((x) => [...x, r]);
      } catch (e) {
        setError(errorText(t, e));
      }
    }
  }

  async function send(status: TicketStatus | "", force = false) {
    if (!text.trim()) return;
    if (collision && !internal && !force) {
      setConfirming(status);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const m = await api<Message>("POST", `/api/v1/tickets/${number}/messages`, {
        body_text: text,
        internal,
        attachment_ids: files.map((f) => f.id),
        ...(status ? { status } : {}),
      });
      setText("");
      setFiles([]);
      setConfirming(null);
      onSent(m, status ? await get<Ticket>(`/api/v1/tickets/${number}`) : null);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className={`composer ${internal ? "internal" : ""}`} aria-label={t("composer.label")}>
      <div className="tabs" role="tablist">
        <button role="tab" aria-selected={!internal} onClick={() => setInternal(false)}>
          {t("composer.reply")}
        </button>
        <button role="tab" aria-selected={internal} onClick={() => setInternal(true)}>
          {t("composer.note")}
        </button>
      </div>
      <label className="sr-only" htmlFor="composer-text">
        {internal ? t("composer.note") : t("composer.reply")}
      </label>
      <textarea
        id="composer-text"
        ref={area}
        rows={5}
        value={text}
        placeholder={internal ? t("composer.note_placeholder") : t("composer.reply_placeholder")}
        onChange={(e) => {
          setText(e.target.value);
          if (Date.now() - lastTyping.current > 3000) {
            lastTyping.current = Date.now();
            sendAgent({ type: "typing", ticket_number: number });
          }
        }}
      />
      {files.length > 0 && (
        <ul className="files">
          {files.map((f) => (
            <li key={f.id}>{f.filename}</li>
          ))}
        </ul>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {collision && !internal && (
        <p className="warning" role="alert" data-testid="collision">
          {t("composer.collision", { name: collision })}{" "}
          <button className="link" onClick={onCollisionSeen}>
            {t("common.dismiss")}
          </button>
        </p>
      )}
      {confirming !== null && (
        <div className="warning" role="alertdialog" aria-label={t("composer.collision_confirm")}>
          <p>{t("composer.collision_confirm")}</p>
          <button className="primary" onClick={() => send(confirming, true)}>
            {t("composer.send_anyway")}
          </button>
          <button onClick={() => setConfirming(null)}>{t("common.cancel")}</button>
        </div>
      )}
      <div className="row">
        <button className="primary" disabled={busy || !text.trim()} onClick={() => send("")} data-testid="send">
          {internal ? t("composer.add_note") : t("composer.send")}
        </button>
        {!internal && (
          <button disabled={busy || !text.trim()} onClick={() => send("pending")}>
            {t("composer.send_pending")}
          </button>
        )}
        {!internal && (
          <button disabled={busy || !text.trim()} onClick={() => send("solved")}>
            {t("composer.send_solved")}
          </button>
        )}
        <label className="file-button">
          {t("composer.attach")}
          <input type="file" multiple onChange={(e) => upload(e.target.files)} />
        </label>
      </div>
    </section>
  );
}
