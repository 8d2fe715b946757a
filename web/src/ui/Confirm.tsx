import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "./Dialog";

/**
 * A question before something that cannot be taken back or that someone else's work makes doubtful. The focus
 * starts on the safe answer (cancel) unless `focusConfirm` says the question is a mere check.
 */
export function Confirm({
  title,
  message,
  confirmLabel,
  onConfirm,
  onCancel,
  focusConfirm = false,
}: {
  title: string;
  message?: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  focusConfirm?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Dialog title={title} onClose={onCancel} role="alertdialog">
      {message && <p>{message}</p>}
      <div className="row">
        <button type="button" className="primary" autoFocus={focusConfirm} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" autoFocus={!focusConfirm} onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </Dialog>
  );
}
