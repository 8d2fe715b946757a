import crypto from "node:crypto";
import type * as CsvStringify from "csv-stringify/sync";
import { lazyPackage } from "../../lib/lazy";
import type { Testimonial } from "../../../shared/api/listening";
import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { conflict, notFound } from "../../http/errors";
import { iso } from "../../lib/cursor";
import {
  answerConsent,
  consentedRows,
  kudosById,
  kudosByTokenHash,
  updateKudos,
  workspaceSender,
} from "./kudos.queries";
import { queueMail } from "./outbox-mail";

// Loaded with the first use (the server idles without it).
const csvStringify = lazyPackage<typeof CsvStringify>("csv-stringify/sync");

// Testimonials only with the customer's recorded consent: one click sends them a request in their language with a
// link to a page that needs no login; their answer is stored with its time and the exact text they agreed to.

type Lang = "it" | "en";
const hash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

export const CONSENT_TEXTS = {
  it: {
    subject: "Possiamo citare le tue parole?",
    statement: (company: string) =>
      `Acconsento a che ${company} pubblichi il testo seguente, con il mio nome, come testimonianza sul proprio sito e nei propri materiali. Posso revocare il consenso in ogni momento scrivendo al servizio clienti.`,
    mail: (name: string, quote: string, url: string, company: string) =>
      [
        `Ciao ${name},`,
        "",
        "le tue parole ci hanno fatto piacere:",
        "",
        `«${quote}»`,
        "",
        `Possiamo pubblicarle come testimonianza? Rispondi qui, con un clic: ${url}`,
        "",
        "Se preferisci di no, non cambia nulla: il tuo messaggio resta tra noi.",
        "",
        company,
      ].join("\n"),
    title: "Possiamo citare le tue parole?",
    agree: "Acconsento",
    refuse: "No, grazie",
    agreed: "Grazie! Abbiamo registrato il tuo consenso.",
    refused: "Va bene: non pubblicheremo il tuo messaggio.",
    answered: "Hai già risposto a questa richiesta.",
    unknown: "Questo link non è valido.",
  },
  en: {
    subject: "May we quote your words?",
    statement: (company: string) =>
      `I agree that ${company} may publish the text below, with my name, as a testimonial on its website and in its materials. I can withdraw my consent at any time by writing to customer service.`,
    mail: (name: string, quote: string, url: string, company: string) =>
      [
        `Hello ${name},`,
        "",
        "your words made our day:",
        "",
        `“${quote}”`,
        "",
        `May we publish them as a testimonial? Answer here in one click: ${url}`,
        "",
        "If you would rather not, nothing changes: your message stays between us.",
        "",
        company,
      ].join("\n"),
    title: "May we quote your words?",
    agree: "I agree",
    refuse: "No, thank you",
    agreed: "Thank you! Your consent is recorded.",
    refused: "All right: we will not publish your message.",
    answered: "You have already answered this request.",
    unknown: "This link is not valid.",
  },
} as const;

/** The consent text as the customer will read and agree to it: the statement and the quote, word for word. */
const consentText = (lang: Lang, company: string, quote: string, name: string) =>
  `${CONSENT_TEXTS[lang].statement(company)}\n\n«${quote}»\n— ${name}`;

export async function requestConsent(ctx: Ctx, actor: AgentActor, id: number) {
  const k = await kudosById(ctx, actor.workspaceId, id);
  if (!k) throw notFound("kudos");
  if (k.consent_status !== "none") throw conflict("consent_already_asked", "the customer has already been asked");
  const ws = (await workspaceSender(ctx, actor.workspaceId))!;
  const lang: Lang =
    k.customer_language === "en" || k.customer_language === "it" ? k.customer_language : ws.default_language;
  const name = k.customer_name ?? k.customer_email;
  const token = crypto.randomBytes(24).toString("base64url");
  await updateKudos(ctx, k.id, {
    consent_status: "requested",
    consent_token_hash: hash(token),
    consent_language: lang,
    consent_requested_at: Date.now(),
    consent_text: consentText(lang, ws.name, k.body, name),
  });
  const url = `${ctx.config.publicUrl}/consent/${token}`;
  await queueMail(ctx, {
    workspaceId: actor.workspaceId,
    ticketId: k.ticket_id,
    kind: "consent_request",
    to: k.customer_email,
    subject: CONSENT_TEXTS[lang].subject,
    text: CONSENT_TEXTS[lang].mail(name.split(/\s+/)[0] ?? name, k.body, url, ws.name),
  });
  return { ok: true as const };
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(lang: Lang, title: string, body: string) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)}</title>
<style>body{font:18px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}blockquote{white-space:pre-wrap;border-left:4px solid #2b6cb0;margin:1rem 0;padding:.5rem 1rem;background:#f4f7fb}button{font:inherit;padding:.6rem 1.2rem;margin-right:.5rem;border-radius:6px;border:1px solid #2b6cb0;background:#fff;color:#1a4e8a;cursor:pointer}button[value=agree]{background:#1a4e8a;color:#fff}</style></head><body>${body}</body></html>`;
}

/** The no-login page of a consent request: the exact text, and two buttons. */
export async function consentPage(ctx: Ctx, token: string): Promise<string> {
  const k = await kudosByTokenHash(ctx, hash(token));
  if (!k || !k.consent_text)
    return page("it", "Sportello", `<p>${CONSENT_TEXTS.it.unknown}<br>${CONSENT_TEXTS.en.unknown}</p>`);
  const lang = (k.consent_language === "en" ? "en" : "it") as Lang;
  const t = CONSENT_TEXTS[lang];
  if (k.consent_status !== "requested") return page(lang, t.title, `<h1>${t.title}</h1><p>${t.answered}</p>`);
  return page(
    lang,
    t.title,
    `<h1>${t.title}</h1><blockquote data-testid="consent-text">${escape(k.consent_text)}</blockquote>
<form method="post"><button name="answer" value="agree">${t.agree}</button><button name="answer" value="refuse">${t.refuse}</button></form>`,
  );
}

/** Records the answer once, with its time; the text agreed to is the one the page showed. */
export async function answerConsentPage(ctx: Ctx, token: string, answer: string | null): Promise<string> {
  const k = await kudosByTokenHash(ctx, hash(token));
  if (!k || !k.consent_text || (answer !== "agree" && answer !== "refuse"))
    return page("it", "Sportello", `<p>${CONSENT_TEXTS.it.unknown}<br>${CONSENT_TEXTS.en.unknown}</p>`);
  const lang = (k.consent_language === "en" ? "en" : "it") as Lang;
  const t = CONSENT_TEXTS[lang];
  const done = await answerConsent(ctx, k.id, answer === "agree", Date.now());
  return page(
    lang,
    t.title,
    `<h1>${t.title}</h1><p role="status">${done ? (answer === "agree" ? t.agreed : t.refused) : t.answered}</p>`,
  );
}

/** Only what customers agreed to publish, with the exact text they agreed to. */
export async function testimonials(ctx: Ctx, actor: AgentActor): Promise<Testimonial[]> {
  const rows = await consentedRows(ctx, actor.workspaceId);
  return rows.map((r) => ({
    id: r.id,
    customer_name: r.customer_name ?? r.customer_email,
    organization: r.organization_name,
    text: r.body,
    language: r.consent_language ?? "it",
    agreed_at: iso(r.consent_answered_at!),
    ticket_number: r.ticket_number,
  }));
}

export const testimonialsCsv = (rows: Testimonial[]) =>
  csvStringify().stringify(
    rows.map((r) => [r.customer_name, r.organization ?? "", r.text, r.language, r.agreed_at]),
    { header: true, columns: ["customer", "organization", "text", "language", "agreed_at"] },
  );
