import { useState } from "react";
import { useTranslation } from "react-i18next";
import { OVERRIDE_SOURCES } from "../../../shared/enums";

export type OverrideSource = (typeof OVERRIDE_SOURCES)[number];

/** Asks why a ticket gets a treatment other than its policy (a priority change, an assignment outside the rules) and who asked. */
export function ReasonDialog({
  title,
  confirm,
  onCancel,
  onConfirm,
}: {
  title: string;
  confirm: string;
  onCancel: () => void;
  onConfirm: (reason: string, source: OverrideSource) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const [source, setSource] = useState<OverrideSource>("agent_judgement");
  return (
    <div className="modal-backdrop">
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="reason-title"
        onKeyDown={(e) => e.key === "Escape" && onCancel()}
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim().length >= 3) onConfirm(reason.trim(), source);
        }}
      >
        <h2 id="reason-title">{title}</h2>
        <p className="muted">{t("priority_dialog.why")}</p>
        <label>
          {t("priority_dialog.reason")}
          <textarea required minLength={3} autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <label>
          {t("priority_dialog.source")}
          <select value={source} onChange={(e) => setSource(e.target.value as OverrideSource)}>
            {OVERRIDE_SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`sources.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="row">
          <button type="submit" className="primary">
            {confirm}
          </button>
          <button type="button" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </div>
  );
}
