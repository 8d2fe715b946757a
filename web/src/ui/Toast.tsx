import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import "./strings";

export interface Toast {
  key: number;
  /** A class suffix: `toast-${tone}` (warning is the default look, breached the alarming one). */
  tone: string;
  body: ReactNode;
  /** The toast's links or buttons, beside the dismiss button; `dismiss` closes this toast. */
  actions?: (dismiss: () => void) => ReactNode;
  testId?: string;
}

/** Short-lived notices: at most `max` at a time (the oldest leave first), each gone after `ms`. */
export function useToasts({ ms = 60_000, max = 3 }: { ms?: number; max?: number } = {}) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const seq = useRef(0);
  const timers = useRef(new Set<number>());
  useEffect(() => {
    const all = timers.current;
    return () => all.forEach((x) => window.clearTimeout(x));
  }, []);
  const dismiss = useCallback((key: number) => setToasts((list) => list.filter((x) => x.key !== key)), []);
  const push = useCallback(
    (toast: Omit<Toast, "key">) => {
      const key = ++seq.current;
      setToasts((list) => [...list.slice(-(max - 1)), { ...toast, key }]);
      const timer = window.setTimeout(() => {
        timers.current.delete(timer);
        dismiss(key);
      }, ms);
      timers.current.add(timer);
      return key;
    },
    [dismiss, max, ms],
  );
  return { toasts, push, dismiss };
}

/** Where the toasts show: read out at once by screen readers, each with its own dismiss button. */
export function Toasts({ toasts, dismiss }: { toasts: Toast[]; dismiss: (key: number) => void }) {
  const { t } = useTranslation();
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((x) => (
        <div key={x.key} className={`toast toast-${x.tone}`} role="alert" data-testid={x.testId}>
          {x.body}
          <div className="row">
            {x.actions?.(() => dismiss(x.key))}
            <button type="button" className="link" onClick={() => dismiss(x.key)}>
              {t("common.dismiss")}
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
