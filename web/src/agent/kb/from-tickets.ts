import type { SourceTicket } from "./queries";

// An article started from "Questions without an answer" (/knowledge/new?from_tickets=12,15,19).

/** The ticket numbers of ?from_tickets=, at most 50, each once. */
export const parseFromTickets = (value: string | null): number[] =>
  [
    ...new Set(
      (value ?? "")
        .split(",")
        .map((s) => Number(s.trim()))
        .filter((n) => Number.isInteger(n) && n > 0),
    ),
  ].slice(0, 50);

/** The body to start from: each ticket's subject and the customer's question, quoted, to be rewritten as an answer. */
export function questionsBody(tickets: SourceTicket[], heading: string): string {
  const quoted = tickets.map((tk) => {
    const lines = tk.question.split(/\r?\n/).slice(0, 20);
    return [`> **#${tk.number} ${tk.subject}**`, ">", ...lines.map((l) => (l ? `> ${l}` : ">"))].join("\n");
  });
  return `## ${heading}\n\n${quoted.join("\n\n")}\n\n`;
}
