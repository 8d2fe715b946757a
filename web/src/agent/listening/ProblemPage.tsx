import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../i18n";
import { linkProps } from "../../router";
import { FormError } from "../../ui/form";
import type { Me, ProblemDetail } from "../../../../shared/api";
import { usePageTitle } from "../people/title";
import { money } from "./ProblemsPage";
import { useAddProblemTickets, useChangeProblem, useNotifyProblem, useProblem } from "./queries";

/** One problem: its reach, tracker link, tickets and timeline, and "tell the customers it is fixed". */
export function ProblemPage({ id, me }: { id: number; me: Me }) {
  const { t, i18n } = useTranslation();
  const problem = useProblem(id);
  const p = problem.data;
  usePageTitle(p?.title);
  if (!p) return problem.error ? <FormError error={problem.error} /> : <p className="muted">{t("common.loading")}</p>;
  return (
    <section aria-labelledby="problem-title" className="problem">
      <p className="muted small">
        <a {...linkProps("/problems")}>{t("listening.problems_title")}</a> › {p.id}
      </p>
      <h1 id="problem-title">{p.title}</h1>
      <dl className="figures">
        <div>
          <dt>{t("listening.customers_affected")}</dt>
          <dd data-testid="customers-affected">{p.customers_affected}</dd>
        </div>
        <div>
          <dt>{t("listening.organizations_affected")}</dt>
          <dd>{p.organizations_affected}</dd>
        </div>
        <div>
          <dt>{t("listening.revenue_affected")}</dt>
          <dd>{money(p.revenue_affected, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t("listening.tickets")}</dt>
          <dd>{p.tickets_count}</dd>
        </div>
      </dl>
      <Tracker p={p} />
      <h2>{t("listening.tickets")}</h2>
      <ul className="plain">
        {p.tickets.map((x) => (
          <li key={x.number}>
            <a {...linkProps(`/tickets/${x.number}`)}>#{x.number}</a> {x.subject}{" "}
            <span className="muted small">
              {x.customer}
              {x.organization ? `, ${x.organization}` : ""} · {t(`status.${x.status}`)}
            </span>
          </li>
        ))}
      </ul>
      <AddTickets id={p.id} />
      {me.role !== "agent" && <Notify p={p} />}
      <h2>{t("listening.timeline")}</h2>
      <ol className="plain timeline">
        {p.timeline.map((e, i) => (
          <li key={i}>
            <time className="muted small">{formatDateTime(e.at)}</time> {e.actor?.name ?? ""}:{" "}
            {t(`listening.events.${e.type}`, {
              defaultValue: e.type,
              numbers: ((e.data.ticket_numbers as number[] | undefined) ?? []).map((n) => `#${n}`).join(", "),
              fields: Object.entries(e.data)
                .map(([k, v]) => `${k} → ${String((v as { to?: unknown }).to ?? "—")}`)
                .join(", "),
              customers: e.data.customers,
              solved: e.data.solved,
            })}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Tracker({ p }: { p: ProblemDetail }) {
  const { t } = useTranslation();
  const change = useChangeProblem(p.id);
  const [url, setUrl] = useState(p.tracker_url ?? "");
  const [status, setStatus] = useState(p.tracker_status ?? "");
  const [state, setState] = useState(p.status);
  return (
    <form
      className="card row"
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate({ tracker_url: url.trim() || null, tracker_status: status.trim() || null, status: state });
      }}
    >
      <label className="field">
        {t("listening.tracker_url")}
        <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
      </label>
      <label className="field">
        {t("listening.tracker_status")}
        <input value={status} onChange={(e) => setStatus(e.target.value)} />
      </label>
      <label className="field">
        {t("listening.status")}
        <select value={state} onChange={(e) => setState(e.target.value as typeof state)}>
          {(["open", "fixed", "closed"] as const).map((s) => (
            <option key={s} value={s}>
              {t(`listening.problem_statuses.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {p.tracker_url && (
        <a href={p.tracker_url} target="_blank" rel="noreferrer noopener">
          {p.tracker_url}
        </a>
      )}
      <button type="submit" disabled={change.isPending}>
        {t("listening.save")}
      </button>
      {change.isSuccess && (
        <span className="notice" role="status">
          {t("listening.saved")}
        </span>
      )}
      {change.error && <FormError error={change.error} />}
    </form>
  );
}

function AddTickets({ id }: { id: number }) {
  const { t } = useTranslation();
  const add = useAddProblemTickets(id);
  const [text, setText] = useState("");
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        const numbers = text
          .split(/[\s,;#]+/)
          .map(Number)
          .filter((n) => Number.isInteger(n) && n > 0);
        if (numbers.length) add.mutate(numbers, { onSuccess: () => setText("") });
      }}
    >
      <label>
        {t("listening.add_tickets")}{" "}
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder="12, 15" />
      </label>
      <button type="submit">{t("listening.add")}</button>
      {add.error && <FormError error={add.error} />}
    </form>
  );
}

function Notify({ p }: { p: ProblemDetail }) {
  const { t } = useTranslation();
  const notify = useNotifyProblem(p.id);
  const [solve, setSolve] = useState(true);
  const [noteIt, setNoteIt] = useState("");
  const [noteEn, setNoteEn] = useState("");
  return (
    <form
      className="card"
      aria-labelledby="notify-title"
      onSubmit={(e) => {
        e.preventDefault();
        notify.mutate({ solve, note_it: noteIt || undefined, note_en: noteEn || undefined });
      }}
    >
      <h2 id="notify-title">{t("listening.notify_title")}</h2>
      <p className="muted small">{t("listening.notify_intro")}</p>
      <label className="field">
        {t("listening.note_it")}
        <textarea value={noteIt} onChange={(e) => setNoteIt(e.target.value)} rows={2} />
      </label>
      <label className="field">
        {t("listening.note_en")}
        <textarea value={noteEn} onChange={(e) => setNoteEn(e.target.value)} rows={2} />
      </label>
      <label className="check">
        <input type="checkbox" checked={solve} onChange={(e) => setSolve(e.target.checked)} />
        {t("listening.solve_too")}
      </label>
      <button type="submit" disabled={notify.isPending || p.customers_affected === 0}>
        {t("listening.notify", { count: p.customers_affected })}
      </button>
      {notify.data && (
        <p className="notice" role="status">
          {t("listening.notified", notify.data)}
        </p>
      )}
      {notify.error && <FormError error={notify.error} />}
    </form>
  );
}
