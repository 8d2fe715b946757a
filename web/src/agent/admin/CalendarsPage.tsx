import { useState } from "react";
import { useTranslation } from "react-i18next";
import { qs } from "../../api";
import { errorText } from "../../errors";
import { formatDateTime } from "../../i18n";
import { FormError } from "../../ui";
import type { Calendar, DueAt } from "../../../../shared/api";
import { useAdminList, useAdminObject, useAdminRequest } from "./queries";

const LIST = "/api/v1/calendars";
const DAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;

/**
 * Business calendars: opening hours, holidays and closures, a closure to add (a patron saint every year, or
 * one day), and the preview the service levels use: when something started at a moment is due after N
 * business hours.
 */
export function CalendarsPage() {
  const { t } = useTranslation();
  const list = useAdminList<Calendar>(LIST);
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("calendars.title")}</h1>
      <p className="muted">{t("calendars.intro")}</p>
      {list.error && (
        <p className="error" role="alert">
          {t("common.error")}
        </p>
      )}
      {list.data?.map((c) => (
        <CalendarCard key={c.id} cal={c} />
      ))}
    </section>
  );
}

function CalendarCard({ cal }: { cal: Calendar }) {
  const { t } = useTranslation();
  const [date, setDate] = useState("");
  const [name, setName] = useState("");
  // Read again either way: a failed change says why, and the list shows what the server has.
  const change = useAdminRequest();
  const patch = (closures: Calendar["closures"], then?: () => void) =>
    change.mutate({ method: "PATCH", url: `${LIST}/${cal.id}`, body: { closures } }, { onSuccess: then });
  const add = (e: React.FormEvent) => {
    e.preventDefault();
    patch([...cal.closures, { date: date.trim(), name: name.trim() }], () => {
      setDate("");
      setName("");
    });
  };
  const id = `cal-${cal.id}`;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`}>
        {cal.name} {cal.default && <span className="badge">{t("calendars.default")}</span>}
      </h2>
      <p className="small muted">
        {t("calendars.timezone", { tz: cal.timezone })} ·{" "}
        {cal.country === "IT" ? t("calendars.national_holidays") : t("calendars.no_national_holidays")}
      </p>
      <ul className="plain small">
        {DAYS.map((d) => (
          <li key={d}>
            {t(`calendars.days.${d}`)}:{" "}
            {cal.weekly[d]?.length ? cal.weekly[d].map((s) => `${s.start}–${s.end}`).join(", ") : t("calendars.closed")}
          </li>
        ))}
      </ul>
      <h3>{t("calendars.closures")}</h3>
      {cal.closures.length === 0 ? (
        <p className="muted small">{t("admin.none")}</p>
      ) : (
        <ul className="plain small">
          {cal.closures.map((c, i) => (
            <li key={`${c.date}-${i}`}>
              {c.date.length === 5 ? t("calendars.every_year", { date: c.date }) : c.date} · {c.name}{" "}
              <button
                type="button"
                className="link"
                onClick={() => patch(cal.closures.filter((_, j) => j !== i))}
                aria-label={t("calendars.remove", { name: c.name })}
              >
                {t("admin.delete")}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="row" onSubmit={add}>
        <label>
          {t("calendars.closure_date")}
          <input value={date} onChange={(e) => setDate(e.target.value)} placeholder="12-07 / 2026-08-14" required />
        </label>
        <label>
          {t("calendars.closure_name")}
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <button type="submit">{t("calendars.add_closure")}</button>
      </form>
      <FormError error={change.error} />
      <DuePreview cal={cal} />
    </section>
  );
}

function DuePreview({ cal }: { cal: Calendar }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(() =>
    new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16),
  );
  const [hours, setHours] = useState("4");
  // Computed when asked (the button), not at every keystroke.
  const [asked, setAsked] = useState<string | null>(null);
  const due = useAdminObject<DueAt>(asked, { retry: false });
  const preview = (e: React.FormEvent) => {
    e.preventDefault();
    // The browser's local time, with its offset, so the server reads the moment the person meant.
    setAsked(
      `${LIST}/${cal.id}/due${qs({ from: new Date(from).toISOString(), business_minutes: Math.round(Number(hours) * 60) })}`,
    );
  };
  return (
    <form className="row preview" onSubmit={preview} aria-label={t("calendars.preview")}>
      <label>
        {t("calendars.from")}
        <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
      </label>
      <label>
        {t("calendars.hours")}
        <input type="number" min="0" step="0.25" value={hours} onChange={(e) => setHours(e.target.value)} required />
      </label>
      <button type="submit">{t("calendars.compute")}</button>
      {due.data && (
        <p role="status" data-testid="due-result">
          <strong>
            <time dateTime={due.data.due_at ?? undefined}>
              {t("calendars.due", { when: formatDateTime(due.data.due_at) })}
            </time>
          </strong>
        </p>
      )}
      {due.error && (
        <p className="error" role="alert">
          {errorText(t, due.error)}
        </p>
      )}
    </form>
  );
}
