import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../i18n";
import { linkProps, navigate } from "../../router";
import { FormError } from "../../ui/form";
import type { Me } from "../../../../shared/api";
import { usePageTitle } from "../people/title";
import { useImportReviews, useReviews, useReviewSource, useSyncReviews } from "./queries";

const STATUSES = ["all", "unanswered", "answered", "published"] as const;

export const Stars = ({ n }: { n: number }) => {
  const { t } = useTranslation();
  return (
    <span className={`stars ${n <= 2 ? "negative" : ""}`} aria-label={t("listening.stars", { n })} role="img">
      {"★".repeat(n)}
      <span aria-hidden="true" className="stars-off">
        {"★".repeat(5 - n)}
      </span>
    </span>
  );
};

/** The public review inbox: negative reviews first, each a ticket to answer; leads import the platforms' exports. */
export function ReviewsPage({ me, status, maxRating }: { me: Me; status: string; maxRating: string }) {
  const { t } = useTranslation();
  usePageTitle(t("listening.reviews_title"));
  const reviews = useReviews(status === "all" ? "" : status, maxRating);
  const rows = reviews.data?.data ?? null;
  const go = (s: string, r: string) =>
    navigate(
      `/reviews?${new URLSearchParams({ ...(s !== "all" ? { status: s } : {}), ...(r ? { max_rating: r } : {}) })}`,
    );
  return (
    <section aria-labelledby="reviews-title">
      <h1 id="reviews-title">{t("listening.reviews_title")}</h1>
      <p className="muted">{t("listening.reviews_intro")}</p>
      <div className="row filters">
        <label>
          {t("listening.status")}{" "}
          <select value={status} onChange={(e) => go(e.target.value, maxRating)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`listening.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("listening.max_rating")}{" "}
          <select value={maxRating} onChange={(e) => go(status, e.target.value)}>
            <option value="">{t("listening.any_rating")}</option>
            {[1, 2, 3, 4].map((n) => (
              <option key={n} value={n}>
                {t("listening.up_to", { n })}
              </option>
            ))}
          </select>
        </label>
      </div>
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <p className="muted">{t("listening.no_reviews")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data reviews">
            <thead>
              <tr>
                <th scope="col">{t("listening.rating")}</th>
                <th scope="col">{t("listening.review")}</th>
                <th scope="col">{t("listening.platform")}</th>
                <th scope="col">{t("listening.date")}</th>
                <th scope="col">{t("listening.status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="review-row">
                  <td>
                    <Stars n={r.rating} />
                  </td>
                  <td>
                    <a {...linkProps(`/tickets/${r.ticket_number}`)}>
                      <strong>{r.author}</strong>: {r.title ? `${r.title} — ` : ""}
                      {r.text.length > 140 ? `${r.text.slice(0, 140)}…` : r.text}
                    </a>
                  </td>
                  <td>{t(`listening.platforms.${r.platform}`)}</td>
                  <td>{formatDateTime(r.reviewed_at)}</td>
                  <td>{t(`listening.statuses.${r.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {me.role !== "agent" && <ImportForm />}
    </section>
  );
}

function ImportForm() {
  const { t } = useTranslation();
  const importer = useImportReviews();
  const [platform, setPlatform] = useState("generic");
  const [file, setFile] = useState<File | null>(null);
  return (
    <form
      className="card"
      aria-labelledby="import-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (file) importer.mutate({ platform, file });
      }}
    >
      <h2 id="import-title">{t("listening.import_title")}</h2>
      <div className="row">
        <label>
          {t("listening.platform")}{" "}
          <select value={platform} onChange={(e) => setPlatform(e.target.value)}>
            {(["google", "trustpilot", "generic"] as const).map((p) => (
              <option key={p} value={p}>
                {t(`listening.platforms.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("listening.file")}{" "}
          <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <button type="submit" disabled={!file || importer.isPending}>
          {t("listening.import")}
        </button>
      </div>
      {importer.data && (
        <p className="notice" role="status">
          {t("listening.imported", {
            imported: importer.data.imported,
            duplicates: importer.data.duplicates,
            skipped: importer.data.skipped.length,
          })}
        </p>
      )}
      {importer.error && <FormError error={importer.error} />}
      <SyncNow />
    </form>
  );
}

/**
 * Trustpilot's API, when the server has its key: when it was last read (the worker reads it every hour), why the
 * latest read failed, and a button to read it now. Without a key, what to set: no button that cannot work.
 */
function SyncNow() {
  const { t } = useTranslation();
  const source = useReviewSource().data;
  const sync = useSyncReviews();
  if (!source) return null;
  if (!source.platform)
    return (
      <p className="muted small" data-testid="review-source">
        {t("listening.source_off")}
      </p>
    );
  return (
    <div className="sync" data-testid="review-source">
      <p className="muted small">
        {t("listening.source_on", {
          platform: t(`listening.platforms.${source.platform}`),
          minutes: source.every_minutes,
        })}{" "}
        {source.last_read_at
          ? t("listening.last_read", { at: formatDateTime(source.last_read_at), count: source.last_imported ?? 0 })
          : t("listening.never_read")}
      </p>
      {source.reason && source.failed_at && (
        <p className="error" role="alert" title={source.error ?? undefined}>
          {t("listening.read_failed", {
            at: formatDateTime(source.failed_at),
            reason: t(`listening.read_reasons.${source.reason}`),
          })}
        </p>
      )}
      <button type="button" onClick={() => sync.mutate()} disabled={sync.isPending} data-testid="sync-reviews">
        {t("listening.sync")}
      </button>
      {sync.data && (
        <p className="notice" role="status">
          {t("listening.imported", { imported: sync.data.imported, duplicates: sync.data.duplicates, skipped: 0 })}
        </p>
      )}
      {sync.error && <FormError error={sync.error} />}
    </div>
  );
}
