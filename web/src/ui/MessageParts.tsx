import { useState } from "react";
import type { MessagePart } from "../../../shared/api";

/**
 * An emailed message as the customer wrote it: the new text, a forwarded message expanded under its own header,
 * the signature set apart, and the quoted history folded behind one button (shown in place when opened).
 */
export function MessageParts({
  parts,
  labels,
}: {
  parts: MessagePart[];
  labels: { show: string; hide: string; forwarded: string };
}) {
  const [open, setOpen] = useState(false);
  const quoted = parts.some((p) => p.kind === "quote");
  return (
    <div className="parts">
      {parts.map((p, i) => {
        if (p.kind === "quote")
          return open ? (
            <blockquote key={i} className="body quoted">
              {p.text}
            </blockquote>
          ) : null;
        if (p.kind === "forward")
          return (
            <section key={i} className="forwarded" aria-label={labels.forwarded}>
              <p className="forwarded-title small">{labels.forwarded}</p>
              {p.header && <div className="forward-header small">{p.header}</div>}
              <div className="body">{p.text}</div>
            </section>
          );
        return (
          <div key={i} className={p.kind === "signature" ? "body signature" : "body"}>
            {p.text}
          </div>
        );
      })}
      {quoted && (
        <button type="button" className="link small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? labels.hide : labels.show}
        </button>
      )}
    </div>
  );
}
