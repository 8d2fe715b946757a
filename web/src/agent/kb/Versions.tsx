import { useState } from "react";
import { useTranslation } from "react-i18next";
import { currentTimeZone } from "../../i18n";
import { errorText } from "../../errors";
import { useKbDiff, useKbVersions, useRestoreVersion } from "./queries";

/** Every saved version (who, when), a diff between any two, and restoring one. */
export function Versions({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const versions = useKbVersions(id);
  const restore = useRestoreVersion(id);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const list = versions.data ?? [];
  const latest = list[0]?.number ?? null;
  const a = from ?? list[1]?.number ?? null;
  const b = to ?? latest;
  const diff = useKbDiff(id, a, b);
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language, { timeZone: currentTimeZone() });
  const pick = (value: number | null, onChange: (n: number) => void, label: string) => (
    <label>
      {label}
      <select value={value ?? ""} onChange={(e) => onChange(Number(e.target.value))}>
        {list.map((v) => (
          <option key={v.number} value={v.number}>
            {t("kb.version", { number: v.number })}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section aria-labelledby="kb-versions">
      <h2 id="kb-versions">{t("kb.versions")}</h2>
      <ol reversed className="kb-versions" data-testid="kb-versions">
        {list.map((v) => (
          <li key={v.number}>
            <strong>{t("kb.version", { number: v.number })}</strong> ·{" "}
            {t("kb.by", { name: v.agent.name, date: when(v.created_at) })} · {t(`kb.statuses.${v.status}`)}
            {v.restored_from && <> · {t("kb.restored_from", { number: v.restored_from })}</>}
            {v.number !== latest && (
              <button
                style={{ marginLeft: 8 }}
                type="button"
                className="link"
                onClick={() =>
                  restore.mutate(v.number, {
                    onSuccess: (saved) => setMessage(t("kb.restored", { number: v.number, version: saved.version })),
                    onError: (err) => setMessage(errorText(t, err)),
                  })
                }
              >
                {t("kb.restore")}
              </button>
            )}
          </li>
        ))}
      </ol>
      {message && <p role="status">{message}</p>}
      {list.length > 1 && (
        <>
          <div className="row">
            {pick(a, setFrom, t("kb.compare"))}
            {pick(b, setTo, "→")}
          </div>
          {a === b ? (
            <p className="muted">{t("kb.no_diff")}</p>
          ) : (
            <pre className="kb-diff" aria-label={t("kb.compare_with", { from: a, to: b })} data-testid="kb-diff">
              {diff.data?.changes.map((c, i) => (
                <div key={i} className={`diff-${c.kind}`}>
                  {c.kind === "added" ? "+ " : c.kind === "removed" ? "− " : "  "}
                  {c.text}
                </div>
              ))}
            </pre>
          )}
        </>
      )}
    </section>
  );
}
