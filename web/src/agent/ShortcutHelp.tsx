import { useTranslation } from "react-i18next";
import { Dialog } from "../ui/Dialog";

const KEYS = ["j", "k", "o", "r", "n", "a", "/", "?"] as const;

/** The keyboard shortcuts, opened with "?". */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t("shortcuts.title")} onClose={onClose}>
      <dl className="shortcuts">
        {KEYS.map((k) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{t(`shortcuts.keys.${k === "/" ? "slash" : k === "?" ? "question" : k}`)}</dd>
          </div>
        ))}
      </dl>
      <button autoFocus onClick={onClose}>
        {t("common.close")}
      </button>
    </Dialog>
  );
}
