import { DateTime } from "luxon";
import {
  MAIL_TEMPLATE_PLACEHOLDERS,
  MAIL_TEMPLATE_REQUIRED,
  type MailTemplateInput,
  type MailTemplateKind,
} from "../../../shared/templates";
import { ApiError } from "../../http/errors";

// Notification templates: the default texts, the {{placeholder}} check and the rendering. No I/O here.
export type Lang = "it" | "en";
export type TemplateValues = Partial<Record<string, string>>;

const it = {
  received: {
    subject: "[#{{ticket_number}}] Abbiamo ricevuto la tua richiesta: {{subject}}",
    body: [
      "Ciao {{customer_name}},",
      "",
      "abbiamo ricevuto la tua richiesta e le abbiamo dato il numero #{{ticket_number}}.",
      "Ti risponderemo {{due}}.",
      "",
      "Per aggiungere informazioni rispondi a questa email: il tuo messaggio si aggiungerà alla stessa richiesta.",
      "",
      "{{team}}",
      "",
      "Segui la tua richiesta in ogni momento: {{portal_link}}",
    ].join("\n"),
  },
  agent_reply: {
    subject: "Re: {{subject}} [#{{ticket_number}}]",
    body: "{{reply}}\n\n--\nSegui la tua richiesta in ogni momento: {{portal_link}}",
  },
  waiting_for_reply: {
    subject: "[#{{ticket_number}}] Aspettiamo una tua risposta: {{subject}}",
    body: [
      "Ciao {{customer_name}},",
      "",
      "per andare avanti con la tua richiesta #{{ticket_number}} («{{subject}}») abbiamo bisogno di una tua risposta.",
      "",
      "Puoi rispondere a questa email oppure scriverci dal portale: {{portal_link}}",
      "",
      "{{team}}",
    ].join("\n"),
  },
  solved: {
    subject: "[#{{ticket_number}}] La tua richiesta è stata risolta: {{subject}}",
    body: [
      "Ciao {{customer_name}},",
      "",
      "abbiamo segnato come risolta la tua richiesta #{{ticket_number}} («{{subject}}»).",
      "",
      "Se qualcosa non va ancora, rispondi a questa email: la richiesta si riaprirà e ce ne occuperemo di nuovo.",
      "",
      "Puoi rivederla in ogni momento: {{portal_link}}",
      "",
      "{{team}}",
    ].join("\n"),
  },
};

const en: typeof it = {
  received: {
    subject: "[#{{ticket_number}}] We have received your request: {{subject}}",
    body: [
      "Hello {{customer_name}},",
      "",
      "we have received your request and given it the number #{{ticket_number}}.",
      "We will answer {{due}}.",
      "",
      "To add anything, reply to this email: your message will join the same request.",
      "",
      "{{team}}",
      "",
      "Follow your request at any time: {{portal_link}}",
    ].join("\n"),
  },
  agent_reply: {
    subject: "Re: {{subject}} [#{{ticket_number}}]",
    body: "{{reply}}\n\n--\nFollow your request at any time: {{portal_link}}",
  },
  waiting_for_reply: {
    subject: "[#{{ticket_number}}] We are waiting for your reply: {{subject}}",
    body: [
      "Hello {{customer_name}},",
      "",
      'to move forward with your request #{{ticket_number}} ("{{subject}}") we need a reply from you.',
      "",
      "Just reply to this email, or write to us from the portal: {{portal_link}}",
      "",
      "{{team}}",
    ].join("\n"),
  },
  solved: {
    subject: "[#{{ticket_number}}] Your request has been solved: {{subject}}",
    body: [
      "Hello {{customer_name}},",
      "",
      'we have marked your request #{{ticket_number}} ("{{subject}}") as solved.',
      "",
      "If something is still not right, reply to this email: the request will reopen and we will look at it again.",
      "",
      "You can see it again at any time: {{portal_link}}",
      "",
      "{{team}}",
    ].join("\n"),
  },
};

export const DEFAULT_TEMPLATES: Record<Lang, Record<MailTemplateKind, MailTemplateInput>> = { it, en };

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders a text uses, and whether braces are left that form none (`{{ name` without its `}}`). */
function placeholdersIn(text: string): { names: string[]; stray: boolean } {
  const names = [...text.matchAll(TOKEN)].map((m) => m[1]);
  const rest = text.replace(TOKEN, "");
  return { names, stray: rest.includes("{{") || rest.includes("}}") };
}

const list = (names: readonly string[]) => names.map((n) => `{{${n}}}`).join(", ");

/** Refuses, with a 400 that lists what is allowed, a template using a placeholder its kind does not have. */
export function checkTemplate(kind: MailTemplateKind, t: MailTemplateInput): void {
  const allowed = MAIL_TEMPLATE_PLACEHOLDERS[kind];
  const subject = placeholdersIn(t.subject);
  const body = placeholdersIn(t.body);
  const unknown = [...new Set([...subject.names, ...body.names].filter((n) => !allowed.includes(n)))];
  if (unknown.length) {
    throw new ApiError(
      400,
      "unknown_placeholder",
      `unknown placeholder ${list(unknown)}; a ${kind} email may use ${list(allowed)}`,
      { unknown, allowed },
    );
  }
  if (subject.stray || body.stray) {
    throw new ApiError(
      400,
      "invalid_placeholder",
      `braces that form no placeholder: write placeholders as {{name}}, one of ${list(allowed)}`,
      { allowed },
    );
  }
  const missing = MAIL_TEMPLATE_REQUIRED[kind].filter((n) => !body.names.includes(n));
  if (missing.length) {
    throw new ApiError(400, "missing_placeholder", `the body of a ${kind} email must contain ${list(missing)}`, {
      missing,
      allowed,
    });
  }
}

/** Text mail: values go in as they are (nothing to escape in text/plain). */
export function renderText(template: string, values: TemplateValues): string {
  return template.replace(TOKEN, (_m, name: string) => values[name] ?? "");
}

// eslint-disable-next-line no-control-regex -- intended: CR or LF in a value would start a new header
const NOT_IN_A_HEADER = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/** The subject is a header: whatever a customer put in a value (their name, the ticket's subject), it stays one line. */
export function renderSubject(template: string, values: TemplateValues): string {
  return renderText(template, values).replace(NOT_IN_A_HEADER, " ").trim().slice(0, 998);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
const htmlText = (s: string) => escapeHtml(s).replace(/\r?\n/g, "<br>\n");

/** The HTML part, for a reply written in HTML: the template's text escaped, `raw` values (the reply's own HTML) as they are. */
export function renderHtml(template: string, values: TemplateValues, raw: TemplateValues): string {
  let out = "";
  let last = 0;
  for (const m of template.matchAll(TOKEN)) {
    out += htmlText(template.slice(last, m.index));
    const name = m[1];
    out += raw[name] ?? htmlText(values[name] ?? "");
    last = m.index + m[0].length;
  }
  return `<div>${out + htmlText(template.slice(last))}</div>`;
}

// One formatter per language and time zone, kept: building the date with luxon took a third of an
// acknowledgement's CPU (bench/imap.bench.ts profile), and every new ticket by email gets one.
const promiseFormats = new Map<string, Intl.DateTimeFormat>();
function promiseFormat(language: Lang, timezone: string): Intl.DateTimeFormat {
  const key = `${language} ${timezone}`;
  let f = promiseFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language, {
      timeZone: timezone,
      weekday: "long",
      day: "numeric",
      month: "long",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    promiseFormats.set(key, f);
  }
  return f;
}

/** "martedì 1 dicembre alle 11:00" / "Tuesday 1 December at 11:00", in the calendar's time zone. */
export function formatPromise(dueMs: number, language: Lang, timezone: string): string {
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of promiseFormat(language, timezone).formatToParts(dueMs)) part[p.type] = p.value;
  const at = language === "it" ? "alle" : "at";
  return `${part.weekday} ${part.day} ${part.month} ${at} ${part.hour}:${part.minute}`;
}

/** {{due}}: "entro martedì 1 dicembre alle 11:00", or "il prima possibile" without a first-response target. */
export function duePhrase(dueMs: number | null, language: Lang, timezone: string): string {
  if (dueMs == null) return language === "it" ? "il prima possibile" : "as soon as we can";
  return `${language === "it" ? "entro" : "by"} ${formatPromise(dueMs, language, timezone)}`;
}

/** The customer's language when it is one we write in, else the workspace's. */
export const languageFor = (customer: string | null, workspace: string): Lang =>
  customer === "en" || customer === "it" ? customer : workspace === "en" ? "en" : "it";

/** Whether a template uses a placeholder (a portal link is only made for a template that shows it). */
export const uses = (t: MailTemplateInput, name: string) =>
  placeholdersIn(t.subject).names.includes(name) || placeholdersIn(t.body).names.includes(name);

export const firstName = (name: string | null | undefined) => (name ?? "").trim().split(/\s+/)[0] ?? "";

/** The sample request a preview is rendered with. */
export function sampleValues(language: Lang, team: string, publicUrl: string, timezone: string): TemplateValues {
  const due = DateTime.now()
    .setZone(timezone)
    .plus({ days: 1 })
    .set({ hour: 11, minute: 0, second: 0, millisecond: 0 })
    .toMillis();
  const common = {
    ticket_number: "1234",
    team,
    portal_link: `${publicUrl}/portal/requests/1234`,
    due: duePhrase(due, language, timezone),
  };
  return language === "it"
    ? {
        ...common,
        customer_name: "Maria Rossi",
        subject: "La macchina del caffè non si accende",
        agent_first_name: "Giulia",
        reply: "Buongiorno Maria,\n\nle abbiamo spedito oggi il pezzo di ricambio: arriverà entro venerdì.\n\nGiulia",
      }
    : {
        ...common,
        customer_name: "Mary Smith",
        subject: "The coffee machine does not switch on",
        agent_first_name: "Julia",
        reply: "Hello Mary,\n\nwe have shipped the spare part today: it will arrive by Friday.\n\nJulia",
      };
}
