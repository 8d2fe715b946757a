import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, get, qs } from "../api";
import { errorText } from "../errors";
import { formatDateTime } from "../i18n";

interface Calendar {
  id: number;
  name: string;
  default: boolean;
  timezone: string;
  weekly: Record<string, { start: string; end: string }[]>;
  country: "IT" | null;
  closures: { date: string; name: string }[];
}

const DAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;

/**
 * Business calendars: opening hours, holidays and closures, a closure to add (a patron saint every year, or
 * one day), and the preview the service levels use: when something started at a moment is due after N
 * business hours.
 */
export function Calendars() {
  const { t } = useTranslation();
  const [list, setList] = useState<Calendar[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      get<{ data: Calendar[] }>("/api/v1/calendars")
        .then((r) => setList(r.data))
        .catch(() => setError(t("common.error"))),
    [t],
  );
  useEffect(() => void load(), [load]);
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("calendars.title")}</h1>
      <p className="muted">{t("calendars.intro")}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {list?.map((c) => (
        <CalendarCard key={c.id} cal={c} onChanged={load} />
      ))}
    </section>
  );
}

function CalendarCard({ cal, onChanged }: { cal: Calendar; onChanged: () => void }) {
  const { t } = useTranslation();
  const [date, setDate] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api("PATCH", `/api/v1/calendars/${cal.id}`, {
        closures: [...cal.closures, { date: date.trim(), name: name.trim() }],
      });
      setDate("");
      setName("");
      onChanged();
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  // Reloaded either way: a failed removal says why, and the list shows what the server has.
  const remove = (i: number) => {
    setError(null);
    api("PATCH", `/api/v1/calendars/${cal.id}`, { closures: cal.closures.filter((_, j) => j !== i) }).then(
      onChanged,
      (err) => {
        setError(errorText(t, err));
        onChanged();
      },
    );
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
                onClick={() => remove(i)}
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
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
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
  const [due, setDue] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const preview = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      // The browser's local time, with its offset, so the server reads the moment the person meant.
      const r = await get<{ due_at: string }>(
        `/api/v1/calendars/${cal.id}/due${qs({ from: new Date(from).toISOString(), business_minutes: Math.round(Number(hours) * 60) })}`,
      );
      setDue(r.due_at);
    } catch (err) {
      setDue(null);
      setError(errorText(t, err));
    }
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
      {due && (
        <p role="status" data-testid="due-result">
          <strong>{t("calendars.due", { when: formatDateTime(due) })}</strong>{" "}
          <span className="muted small">({due})</span>
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
