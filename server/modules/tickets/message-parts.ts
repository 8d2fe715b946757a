import type { MessagePart } from "../../../shared/api/tickets";

/**
 * The parts as the messages row keeps them (`parts`, JSON): a piece that is the row's `reply_text` (the whole of a
 * message with nothing quoted, most of them) is written without its text, which the row holds already.
 */
export function partsColumn(parts: MessagePart[], replyText: string): string {
  return JSON.stringify(parts.map((p) => (p.text === replyText ? { kind: p.kind, header: p.header } : p)));
}

/** The parts of a messages row, each with its text (see partsColumn); null when the row has none. */
export function partsOfRow(column: string | null, replyText: string | null): MessagePart[] | null {
  if (!column) return null;
  return (JSON.parse(column) as (Omit<MessagePart, "text"> & { text?: string })[]).map((p) => ({
    ...p,
    text: p.text ?? replyText ?? "",
  }));
}
