import { useState } from "react";
import { useTranslation } from "react-i18next";
import { linkProps, navigate } from "../../router";
import { FormError } from "../../ui/form";
import { usePageTitle } from "../people/title";
import { useCreateProblem, useProblems, useSuggestions } from "./queries";

export const money = (n: number, lang: string) =>
  new Intl.NumberFormat(lang === "it" ? "it-IT" : "en-GB", {
    style: "currency",
    currency: "EUR",
    maximumFractionDigits: 0,
  }).format(n);

const numbersOf = (text: string) =>
  text
    .split(/[\s,;#]+/)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);

/** Problems with their reach, a form for a new one (prefilled from a ticket: ?from=N), and suggested groups. */
export function ProblemsPage({ from }: { from: number | null }) {
  const { t, i18n } = useTranslation();
  usePageTitle(t("listening.problems_title"));
  const problems = useProblems();
  const rows = problems.data?.data ?? null;
  return (
    <section aria-labelledby="problems-title">
      <h1 id="problems-title">{t("listening.problems_title")}</h1>
      <p className="muted">{t("listening.problems_intro")}</p>
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <p className="muted">{t("listening.no_problems")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data problems">
            <thead>
              <tr>
                <th scope="col">{t("listening.title")}</th>
                <th scope="col">{t("listening.status")}</th>
                <th scope="col">{t("listening.tickets")}</th>
                <th scope="col">{t("listening.customers_affected")}</th>
                <th scope="col">{t("listening.organizations_affected")}</th>
                <th scope="col">{t("listening.revenue_affected")}</th>
                <th scope="col">{t("listening.tracker")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id}>
                  <td>
                    <a {...linkProps(`/problems/${p.id}`)}>{p.title}</a>
                  </td>
                  <td>{t(`listening.problem_statuses.${p.status}`)}</td>
                  <td className="num">{p.tickets_count}</td>
                  <td className="num">{p.customers_affected}</td>
                  <td className="num">{p.organizations_affected}</td>
                  <td className="num">{money(p.revenue_affected, i18n.language)}</td>
                  <td>
                    {p.tracker_url ? (
                      <a href={p.tracker_url} target="_blank" rel="noreferrer noopener">
                        {p.tracker_status ?? t("listening.tracker")}
                      </a>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewProblem key={from ?? 0} from={from} />
      <Suggestions />
    </section>
  );
}

function NewProblem({ from }: { from: number | null }) {
  const { t } = useTranslation();
  const create = useCreateProblem();
  const [title, setTitle] = useState("");
  const [tracker, setTracker] = useState("");
  const [numbers, setNumbers] = useState(from ? String(from) : "");
  return (
    <form
      className="card"
      aria-labelledby="new-problem"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          { title, tracker_url: tracker.trim() || null, ticket_numbers: numbersOf(numbers) },
          { onSuccess: (p) => navigate(`/problems/${p.id}`) },
        );
      }}
    >
      <h2 id="new-problem">{t("listening.new_problem")}</h2>
      <label className="field">
        {t("listening.title")}
        <input value={title} onChange={(e) => setTitle(e.target.value)} required minLength={3} autoFocus={!!from} />
      </label>
      <label className="field">
        {t("listening.tracker_url")}
        <input type="url" value={tracker} onChange={(e) => setTracker(e.target.value)} placeholder="https://" />
      </label>
      <label className="field">
        {t("listening.ticket_numbers")}
        <input value={numbers} onChange={(e) => setNumbers(e.target.value)} />
      </label>
      <button type="submit" disabled={create.isPending}>
        {t("listening.create")}
      </button>
      {create.error && <FormError error={create.error} />}
    </form>
  );
}

function Suggestions() {
  const { t } = useTranslation();
  const groups = useSuggestions().data?.data ?? [];
  const create = useCreateProblem();
  return (
    <section className="card" aria-labelledby="suggestions-title">
      <h2 id="suggestions-title">{t("listening.suggestions")}</h2>
      <p className="muted small">{t("listening.suggestions_intro")}</p>
      {groups.length === 0 && <p className="muted">{t("listening.no_suggestions")}</p>}
      <ul className="plain suggestions">
        {groups.map((g) => (
          <li key={g.tickets.map((x) => x.number).join(",")}>
            <p>
              {g.tags.map((tag) => (
                <span key={tag} className="tag">
                  {tag}
                </span>
              ))}{" "}
              <span className="muted">{g.words.join(", ")}</span>
            </p>
            <ul className="plain small">
              {g.tickets.map((x) => (
                <li key={x.number}>
                  <a {...linkProps(`/tickets/${x.number}`)}>#{x.number}</a> {x.subject}
                </li>
              ))}
            </ul>
            <button
              className="small"
              onClick={() =>
                create.mutate(
                  { title: g.tickets[0].subject, ticket_numbers: g.tickets.map((x) => x.number) },
                  { onSuccess: (p) => navigate(`/problems/${p.id}`) },
                )
              }
            >
              {t("listening.create_from_group", { count: g.tickets.length })}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
