import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { UpdateTicket } from "../../../../shared/schemas";
import { ApiError } from "../../api";
import { lazyPage } from "../../lazy-page";
import { navigate, useLocation } from "../../router";
import { usePageTitle } from "../people/title";
import { openTicket, patchTickets, useTakeNext, useTickets } from "../queries";
import type { Me, Ticket } from "../../../../shared/api";
import { type Filters, filtersFromQuery, queryOfFilters, type ViewName } from "../views";
import { BulkBar } from "./BulkBar";
import { FilterBar } from "./FilterBar";
import { SaveView } from "./SavedViews";
import { TicketTable } from "./TicketTable";

// Asked only when a bulk assignment needs a reason: fetched once tickets are selected, not with the inbox (it
// brings the request schemas and zod, 30 ms of the inbox's first paint).
const ReasonDialog = lazyPage(() => import("../ReasonDialog").then((m) => m.ReasonDialog));

/** A bulk change's tickets still to send, and how many of all of them went through already. */
type BulkRound = { change: (t: Ticket) => UpdateTicket; rows: Ticket[]; ok: number; total: number };

/** A view of tickets (or next up, the queue): filters, the table, bulk changes, j/k/o on the keyboard. */
export function Inbox({ view, me }: { view: ViewName; me: Me }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  usePageTitle(t(`views.${view}`));
  // The filters live in the address (shareable, kept by a reload and by Back); the list reads them from there.
  const { path, query } = useLocation();
  const search = query.toString();
  const filters = useMemo(() => filtersFromQuery(new URLSearchParams(search)), [search]);
  const setFilters = (f: Filters) => navigate(`${path}${queryOfFilters(f)}`, { replace: true });
  const list = useTickets(view, filters);
  const rows = list.data?.pages.flatMap((p) => p.data) ?? null;
  // While another view or filter loads, the rows shown are still the previous one's: the table says which.
  const [loadedView, setLoadedView] = useState("");
  useEffect(() => {
    if (list.isSuccess && !list.isPlaceholderData) setLoadedView(view);
  }, [list.isSuccess, list.isPlaceholderData, view]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [cursor, setCursor] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [assignAsk, setAssignAsk] = useState<BulkRound | null>(null);
  const takeNext = useTakeNext();
  const movedByKey = useRef(false);

  useEffect(() => {
    setSelected(new Set());
    setCursor(0);
  }, [view, filters]);

  useEffect(() => {
    const onKey = (e: Event) => {
      const key = (e as CustomEvent<string>).detail;
      if (!rows?.length) return;
      movedByKey.current = key === "j" || key === "k";
      if (key === "j") setCursor((c) => Math.min(rows.length - 1, c + 1));
      else if (key === "k") setCursor((c) => Math.max(0, c - 1));
      else if (key === "o" || key === "Enter") void openTicket(client, rows[cursor].number);
    };
    window.addEventListener("sportello:key", onKey);
    return () => window.removeEventListener("sportello:key", onKey);
  }, [rows, cursor, client]);
  // Only a move by j or k scrolls: scrolling on the first paint would lay the page out once more (40 ms).
  useEffect(() => {
    if (!movedByKey.current) return;
    movedByKey.current = false;
    document.querySelector(`[data-row-index="${cursor}"]`)?.scrollIntoView({ block: "nearest" });
  }, [cursor]);
  useEffect(() => {
    if (selected.size) ReasonDialog.preload();
  }, [selected.size]);

  async function bulk(change: (t: Ticket) => UpdateTicket, again?: BulkRound) {
    const chosen = again?.rows ?? (rows ?? []).filter((r) => selected.has(r.number));
    const total = again?.total ?? chosen.length;
    const results = await patchTickets(
      client,
      chosen.map((r) => ({ number: r.number, body: change(r) })),
    );
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
  }

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
            onClick={() =>
              takeNext.mutate(undefined, {
                onSuccess: (tk) => navigate(`/tickets/${tk.number}`),
                onError: (e) =>
                  setNotice(
                    e instanceof ApiError && e.code === "queue_empty" ? t("inbox.queue_empty") : t("common.error"),
                  ),
              })
            }
          >
            {t("inbox.get_next")}
          </button>
        )}
      </div>
      {view === "next_up" && <p className="muted small">{t("inbox.next_up_intro")}</p>}
      <FilterBar filters={filters} onChange={setFilters} hidden={view === "next_up"} />
      <SaveView view={view} me={me} />
      {selected.size > 0 && (
        <BulkBar
          count={selected.size}
          rows={(rows ?? []).filter((r) => selected.has(r.number))}
          onApply={(change) => void bulk(change)}
        />
      )}
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
        <TicketTable rows={rows} loadedView={loadedView} cursor={cursor} selected={selected} onSelected={setSelected} />
      )}
      {list.hasNextPage && (
        <button onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {t("inbox.more")}
        </button>
      )}
    </section>
  );
}
