import { labelOf, type Lang, scoresOf, textsFor } from "./texts";

// The survey email: the question and one link per answer (/s/<token>?score=N), as text and as HTML buttons.

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function surveyMail(o: {
  lang: Lang;
  kind: "csat" | "nps";
  scale: number;
  link: string;
  customerName: string | null;
  workspaceName: string;
  ticket?: { number: number; subject: string };
  expiresDays: number;
}): { subject: string; text: string; html: string } {
  const t = textsFor(o.lang);
  const subject = o.kind === "csat" && o.ticket ? t.csat_subject(o.ticket.number) : t.nps_subject(o.workspaceName);
  const question =
    o.kind === "csat" && o.ticket
      ? t.csat_question(o.ticket.number, o.ticket.subject)
      : t.nps_question(o.workspaceName);
  const answers = scoresOf(o.scale).map((s) => ({
    score: s,
    label: labelOf(o.lang, o.scale, s),
    url: `${o.link}?score=${s}`,
  }));
  const text = [
    t.hello(o.customerName),
    "",
    question,
    "",
    ...answers.map((a) => `${a.label}: ${a.url}`),
    ...(o.kind === "nps" ? ["", `0 = ${t.nps_low}, 10 = ${t.nps_high}`] : []),
    "",
    t.one_click,
    t.expires(o.expiresDays),
  ].join("\n");
  // Mail clients ignore <style>: each button carries its own, kept short (10,000 NPS emails are written at once).
  const button = (a: (typeof answers)[number]) =>
    `<a href="${esc(a.url)}" style="display:inline-block;margin:4px;padding:10px 14px;border:1px solid #2b6cb0;color:#2b6cb0">${esc(a.label)}</a>`;
  const html = [
    `<p>${esc(t.hello(o.customerName))}</p>`,
    `<p>${esc(question)}</p>`,
    `<p>${answers.map(button).join(" ")}</p>`,
    o.kind === "nps" ? `<p style="color:#555;font-size:13px">0 = ${esc(t.nps_low)}, 10 = ${esc(t.nps_high)}</p>` : "",
    `<p style="color:#555;font-size:13px">${esc(t.one_click)} ${esc(t.expires(o.expiresDays))}</p>`,
  ].join("\n");
  return { subject, text, html };
}
