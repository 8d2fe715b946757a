import type { NotificationKind } from "./notifications";

// Kept apart from notifications.ts, which brings zod: the app's locales (in its first script) take these.

/**
 * A notification in words, in each language: the app's bell (its locales take these) and the emails to the agent
 * (the server fills them in with `notificationText`). `{{name}}` is a value of the payload or the ticket number.
 */
export const NOTIFICATION_TEXTS = {
  it: {
    assigned: "{{by}} ti ha assegnato #{{number}}: {{subject}}",
    assigned_system: "#{{number}} ti è stato assegnato: {{subject}}",
    customer_replied: "{{customer}} ha risposto su #{{number}}: {{subject}}",
    mentioned: "{{by}} ti ha menzionato su #{{number}}: {{excerpt}}",
    sla_warning: "Avviso SLA su #{{number}}: {{subject}}",
    sla_breached: "SLA scaduto su #{{number}}: {{subject}}",
    kb_feedback: "Un lettore ha commentato «{{title}}»: {{excerpt}}",
  },
  en: {
    assigned: "{{by}} assigned #{{number}} to you: {{subject}}",
    assigned_system: "#{{number}} was assigned to you: {{subject}}",
    customer_replied: "{{customer}} replied on #{{number}}: {{subject}}",
    mentioned: "{{by}} mentioned you on #{{number}}: {{excerpt}}",
    sla_warning: "SLA warning on #{{number}}: {{subject}}",
    sla_breached: "SLA breached on #{{number}}: {{subject}}",
    kb_feedback: "A reader commented on “{{title}}”: {{excerpt}}",
  },
} as const satisfies Record<"it" | "en", Record<NotificationKind | "assigned_system", string>>;

/** One notification's sentence in `lang`, outside i18next (the server's emails). */
export function notificationText(
  lang: "it" | "en",
  kind: string,
  payload: Record<string, unknown>,
  ticketNumber: number | null,
): string {
  const texts: Record<string, string> = NOTIFICATION_TEXTS[lang];
  const key = kind === "assigned" && !payload.by ? "assigned_system" : kind;
  const values: Record<string, unknown> = { ...payload, number: ticketNumber ?? "" };
  return (texts[key] ?? kind).replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ""));
}

/** Where a notification leads in the agent app: its ticket, or the article a reader commented on. */
export function notificationPath(n: { kind: string; payload: unknown; ticket_number: number | null }): string | null {
  if (n.ticket_number) return `/tickets/${n.ticket_number}`;
  const articleId = (n.payload as { article_id?: unknown } | null)?.article_id;
  if (n.kind === "kb_feedback" && typeof articleId === "number") return `/knowledge/${articleId}`;
  return null;
}
