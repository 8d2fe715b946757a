import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { TICKET_STATUSES } from "../../../shared/enums";
import type { UpdateTicket } from "../../../shared/schemas";
import { ApiError, api, get, qs } from "../api";
import { formatRelative } from "../i18n";
import { agentSocket, usePush } from "../realtime";
import { navigate } from "../router";
import type { Me } from "./AgentApp";
import { type AgentLite, loadAgents, loadTeams, type TeamLite } from "./directory";
import { ReasonDialog } from "./ReasonDialog";
import type { Ticket } from "./types";

export const VIEWS = ["mine", "unassigned", "my_teams", "all_open", "pending", "solved"] as const;
/** Next up is the queue (earliest deadline first, for the agent's teams, languages and tier); the rest are views. */
export type ViewName = (typeof VIEWS)[number] | "next_up";

interface Filters {
  status?: string;
  assignee_id?: string;
  team_id?: string;
  tag?: string;
  requester?: string;
  sort: string;
}

export function Inbox({ view }: { view: ViewName; me: Me }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Ticket[] | null>(null);
  const [loadedView, setLoadedView] = useState<string | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [filters, setFilters] = useState<Filters>({ sort: "updated_desc" });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [cursor, setCursor] = useState(0);
  const [agents, setAgents] = useState<AgentLite[]>([]);
  const [teams, setTeams] = useState<TeamLite[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [assignAsk, setAssignAsk] = useState<BulkRound | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    void loadAgents().then(setAgents);
    void loadTeams().then(setTeams);
  }, []);

  const fetchPage = useCallback(
    async (after: string | null) => {
      const mine = ++seq.current;
      let requester_id: number | undefined;
      if (filters.requester) {
        const c = await get<{ data: { id: number }[] }>(
          `/api/v1/customers${qs({ email: filters.requester.trim().toLowerCase() })}`,
        );
        requester_id = c.data[0]?.id ?? 999_999_999_999;
      }
      const r =
        view === "next_up"
          ? { ...(await get<{ data: Ticket[] }>("/api/v1/queue?limit=50")), next_cursor: null }
          : await get<{ data: Ticket[]; next_cursor: string | null }>(
              `/api/v1/tickets${qs({ view, limit: 50, cursor: after, sort: filters.sort, status: filters.status, assignee_id: filters.assignee_id, team_id: filters.team_id, tag: filters.tag?.trim().toLowerCase(), requester_id })}`,
            );
      if (mine !== seq.current) return; // a newer request (another view, other filters) won
      setRows((prev) => (after && prev ? [...prev, ...r.data] : r.data));
      setNext(r.next_cursor);
      setLoadedView(view);
    },
    [view, filters],
  );

  useEffect(() => {
    setSelected(new Set());
    setCursor(0);
    void fetchPage(null);
  }, [fetchPage]);

  // A new or changed ticket refreshes the first page (at most every 300 ms during a burst).
  const timer = useRef<number | null>(null);
  usePush(agentSocket, (m) => {
    if (m.type !== "ticket.created" && m.type !== "ticket.updated") return;
    if (timer.current) return;
    timer.current = window.setTimeout(() => {
      timer.current = null;
      void fetchPage(null);
    }, 300);
  });

  useEffect(() => {
    const onKey = (e: Event) => {
      const key = (e as CustomEvent<string>).detail;
      if (!rows?.length) return;
      if (key === "j") setCursor((c) => Math.min(rows.length - 1, c + 1));
      else if (key === "k") setCursor((c) => Math.max(0, c - 1));
      else if (key === "o" || key === "Enter") navigate(`/tickets/${rows[cursor].number}`);
    };
    window.addEventListener("sportello:key", onKey);
    return () => window.removeEventListener("sportello:key", onKey);
  }, [rows, cursor]);
  useEffect(() => {
    document.querySelector(`[data-row-index="${cursor}"]`)?.scrollIntoView({ block: "nearest" });
  }, [cursor]);

  async function bulk(change: (t: Ticket) => UpdateTicket, again?: BulkRound) {
    const chosen = again?.rows ?? (rows ?? []).filter((r) => selected.has(r.number));
    const total = again?.total ?? chosen.length;
    const results = await Promise.allSettled(chosen.map((r) => api("PATCH", `/api/v1/tickets/${r.number}`, change(r))));
    const ok = (again?.ok ?? 0) + results.filter((x) => x.status === "fulfilled").length;
    // Assignments outside a ticket's team or tier need a reason: ask once for all of them, then send those again.
    const needReason = again
      ? []
      : chosen.filter((_, i) => {
          const x = results[i];
          return x.status === "rejected" && x.reason instanceof ApiError && x.reason.code === "reason_required";
        });
    if (needReason.length && change(needReason[0]).assignee_id)
      return setAssignAsk({ change, rows: needReason, ok, total });
    finishBulk(ok, total);
  }
  function finishBulk(ok: number, total: number) {
    setNotice(
      ok < total ? t("inbox.bulk_partial", { ok, failed: total - ok }) : t("inbox.bulk_done", { count: total }),
    );
    setSelected(new Set());
    void fetchPage(null);
  }

  const allChecked = !!rows?.length && rows.every((r) => selected.has(r.number));
  const set = (k: keyof Filters) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setFilters((f) => ({ ...f, [k]: e.target.value || undefined }));

  return (
    <section aria-labelledby="view-title">
      <div className="row space">
        <h1 id="view-title">{t(`views.${view}`)}</h1>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {view === "next_up" && (
          <button
            className="primary"
            data-testid="get-next"
            onClick={async () => {
              try {
                navigate(`/tickets/${(await api<Ticket>("POST", "/api/v1/queue/next")).number}`);
              } catch (e) {
                setNotice(
                  e instanceof ApiError && e.code === "queue_empty" ? t("inbox.queue_empty") : t("common.error"),
                );
              }
            }}
          >
            {t("inbox.get_next")}
          </button>
        )}
      </div>
      {view === "next_up" && <p className="muted small">{t("inbox.next_up_intro")}</p>}
      <details className="filters" hidden={view === "next_up"}>
        <summary>{t("inbox.filters")}</summary>
        <div className="filter-grid">
          <label>
            {t("ticket.status")}
            <select value={filters.status ?? ""} onChange={set("status")}>
              <option value="">{t("common.any")}</option>
              {TICKET_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("ticket.assignee")}
            <select value={filters.assignee_id ?? ""} onChange={set("assignee_id")}>
              <option value="">{t("common.any")}</option>
              {agents.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("ticket.team")}
            <select value={filters.team_id ?? ""} onChange={set("team_id")}>
              <option value="">{t("common.any")}</option>
              {teams.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("ticket.tag")}
            <input value={filters.tag ?? ""} onChange={set("tag")} />
          </label>
          <label>
            {t("ticket.requester_email")}
            <input type="email" value={filters.requester ?? ""} onChange={set("requester")} />
          </label>
          <label>
            {t("inbox.sort")}
            <select value={filters.sort} onChange={set("sort")}>
              {["updated_desc", "updated_asc", "created_desc"].map((s) => (
                <option key={s} value={s}>
                  {t(`inbox.sorts.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </details>
      {selected.size > 0 && <BulkBar count={selected.size} agents={agents} onApply={(change) => bulk(change)} />}
      {assignAsk && (
        <ReasonDialog
          title={t("assign_dialog.bulk_title", { count: assignAsk.rows.length })}
          confirm={t("assign_dialog.confirm")}
          onCancel={() => {
            setAssignAsk(null);
            finishBulk(assignAsk.ok, assignAsk.total);
          }}
          onConfirm={(reason, source) => {
            setAssignAsk(null);
            void bulk(
              (x) => ({ ...assignAsk.change(x), assignment_reason: reason, assignment_source: source }),
              assignAsk,
            );
          }}
        />
      )}
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <table className="tickets" data-loaded-view={loadedView ?? ""} aria-rowcount={rows.length}>
          <thead>
            <tr>
              <th scope="col" className="check">
                <input
                  type="checkbox"
                  aria-label={t("inbox.select_all")}
                  checked={allChecked}
                  onChange={() => setSelected(allChecked ? new Set() : new Set(rows.map((r) => r.number)))}
                />
              </th>
              <th scope="col">#</th>
              <th scope="col">{t("ticket.subject")}</th>
              <th scope="col">{t("ticket.requester")}</th>
              <th scope="col">{t("ticket.status")}</th>
              <th scope="col">{t("ticket.priority")}</th>
              <th scope="col">{t("ticket.assignee")}</th>
              <th scope="col">{t("ticket.due")}</th>
              <th scope="col">{t("ticket.updated")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const due = nextDue(r);
              return (
                <tr
                  key={r.number}
                  data-row-index={i}
                  className={i === cursor ? "cursor" : undefined}
                  onClick={() => navigate(`/tickets/${r.number}`)}
                >
                  <td className="check" onClick={(e) => e.stopPropagation()}>
                    <input
                      type="checkbox"
                      aria-label={t("inbox.select", { number: r.number })}
                      checked={selected.has(r.number)}
                      onChange={() =>
                        setSelected((s) => {
                          const n = new Set(s);
                          if (n.has(r.number)) n.delete(r.number);
                          else n.add(r.number);
                          return n;
                        })
                      }
                    />
                  </td>
                  <td className="num">{r.number}</td>
                  <td>
                    <a href={`/tickets/${r.number}`} onClick={(e) => e.preventDefault()}>
                      {r.subject}
                    </a>
                    {r.tags.map((tag) => (
                      <span key={tag} className="tag">
                        {tag}
                      </span>
                    ))}
                  </td>
                  <td>{r.requester?.name ?? r.requester?.email}</td>
                  <td>
                    <span className={`status status-${r.status}`}>{t(`status.${r.status}`)}</span>
                  </td>
                  <td>
                    <span className={`prio prio-${r.priority}`}>{t(`priority.${r.priority}`)}</span>
                  </td>
                  <td>{r.assignee?.name ?? <span className="muted">—</span>}</td>
                  <td className={due?.breached ? "breached" : undefined}>{due ? formatRelative(due.at) : ""}</td>
                  <td>{formatRelative(r.updated_at)}</td>
                </tr>
              );
            })}
            {rows.length === 0 && (
              <tr>
                <td colSpan={9} className="muted empty">
                  {t("inbox.empty")}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {next && <button onClick={() => fetchPage(next)}>{t("inbox.more")}</button>}
    </section>
  );
}

/** A bulk change's tickets still to send, and how many of all of them went through already. */
type BulkRound = { change: (t: Ticket) => UpdateTicket; rows: Ticket[]; ok: number; total: number };

/** The earliest running SLA target of a ticket, for the "due" column. */
export function nextDue(r: Ticket): { at: string; breached: boolean } | null {
  const running = Object.values(r.sla ?? {}).filter((c) => c.due_at && !c.met_at && !c.paused);
  if (!running.length) return null;
  running.sort((a, b) => a.due_at!.localeCompare(b.due_at!));
  return { at: running[0].due_at!, breached: running[0].breached };
}

function BulkBar({
  count,
  agents,
  onApply,
}: {
  count: number;
  agents: AgentLite[];
  onApply: (f: (t: Ticket) => UpdateTicket) => void;
}) {
  const { t } = useTranslation();
  const [tag, setTag] = useState("");
  return (
    <div className="bulkbar" role="region" aria-label={t("inbox.bulk")}>
      <strong>{t("inbox.selected", { count })}</strong>
      <label>
        {t("ticket.assign")}
        <select
          value=""
          onChange={(e) => {
            const v = e.target.value;
            if (v) onApply(() => ({ assignee_id: v === "none" ? null : Number(v) }));
          }}
        >
          <option value="">—</option>
          <option value="none">{t("ticket.unassigned")}</option>
          {agents
            .filter((a) => a.active)
            .map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        {t("ticket.status")}
        <select
          value=""
          onChange={(e) => e.target.value && onApply(() => ({ status: e.target.value as UpdateTicket["status"] }))}
        >
          <option value="">—</option>
          {TICKET_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          const v = tag.trim().toLowerCase();
          if (v) onApply((x) => ({ tags: [...new Set([...x.tags, v])] }));
          setTag("");
        }}
      >
        <label>
          {t("ticket.add_tag")}
          <input value={tag} onChange={(e) => setTag(e.target.value)} />
        </label>
        <button type="submit">{t("common.apply")}</button>
      </form>
    </div>
  );
}
