import { type ReactNode, useEffect, useId, useRef, useState } from "react";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog: takes the focus when it opens (the element marked autoFocus, else the first one it can),
 * keeps Tab inside, closes on Escape and on a click beside it, and gives the focus back to what had it before.
 * `role="alertdialog"` for a question that interrupts (a confirmation). With `onSubmit` the dialog is itself the
 * form (browser validation off: the form's own rules speak, in the person's language).
 */
export function Dialog({
  title,
  onClose,
  children,
  role = "dialog",
  closeOnBackdrop = true,
  className,
  onSubmit,
}: {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  role?: "dialog" | "alertdialog";
  closeOnBackdrop?: boolean;
  className?: string;
  onSubmit?: (e: React.FormEvent<HTMLFormElement>) => void;
}) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);

  // What had the focus before the dialog: read while rendering, before an autoFocus inside takes it.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => {
    const el = box.current;
    if (el && !el.contains(document.activeElement)) el.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, [opener]);

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === "Escape") {
      // Not further: the app's own Escape (leave a field, close the help) must not act on what is behind.
      e.stopPropagation();
      e.preventDefault();
      onClose();
      return;
    }
    if (e.key !== "Tab" || !box.current) return;
    const all = Array.from(box.current.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((x) => x.offsetParent);
    if (!all.length) return;
    const first = all[0];
    const last = all[all.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  const props = {
    className: className ? `modal ${className}` : "modal",
    role,
    "aria-modal": true,
    "aria-labelledby": titleId,
    onKeyDown,
  };
  return (
    <div className="modal-backdrop" onMouseDown={(e) => closeOnBackdrop && e.target === e.currentTarget && onClose()}>
      {/* The dialog is the box; a form inside it when it submits (a form may not take the dialog role). */}
      <div ref={box} {...props}>
        <h2 id={titleId}>{title}</h2>
        {onSubmit ? (
          <form noValidate onSubmit={onSubmit} className="modal-form">
            {children}
          </form>
        ) : (
          children
        )}
      </div>
    </div>
  );
}
