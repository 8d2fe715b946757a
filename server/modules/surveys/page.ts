import type { SurveyRow } from "../../db/schema";
import { labelOf, type Lang, scoresOf, textsFor } from "./texts";

// The page behind a survey's links (/s/<token>): plain HTML, no script, readable on a phone, in the customer's
// language. It shows the score recorded (the one the link carried), lets the customer change it, and offers a
// comment and, for CSAT, the second question ("was your problem solved?"). It names nothing else: no ticket, no
// agent, no company data.

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a202c;background:#f4f6f8}
main{max-width:560px;margin:0 auto;padding:20px 16px}.card{background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.35rem;margin:0 0 12px}p{margin:0 0 12px}.scores{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 16px;padding:0;list-style:none}
.scores a{display:block;min-width:44px;min-height:44px;padding:10px 12px;border:2px solid #2b6cb0;border-radius:8px;color:#2b6cb0;text-decoration:none;text-align:center;font-weight:600}
.scores a[aria-current]{background:#2b6cb0;color:#fff}.nps a{min-width:44px;padding:10px 0;flex:1 0 44px}
label{display:block;font-weight:600;margin:12px 0 6px}textarea{width:100%;min-height:110px;padding:10px;font:inherit;border:1px solid #a0aec0;border-radius:8px}
fieldset{border:0;padding:0;margin:12px 0}legend{font-weight:600;margin-bottom:6px}.radio{display:inline-flex;gap:6px;align-items:center;margin-right:18px;font-weight:400}
button{margin-top:16px;width:100%;min-height:48px;font:inherit;font-weight:600;color:#fff;background:#2b6cb0;border:0;border-radius:8px}
.notice{background:#e6fffa;border-left:4px solid #319795;padding:10px 12px;border-radius:6px}.error{background:#fff5f5;border-left-color:#e53e3e}
.muted{color:#4a5568;font-size:.9rem}`;

function layout(lang: Lang, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><style>${STYLE}</style></head><body><main><div class="card">${body}</div></main></body></html>`;
}

export function surveyPage(
  s: Pick<SurveyRow, "kind" | "scale" | "score" | "comment" | "resolved" | "language">,
  token: string,
  notice: "recorded" | "done" | "bad_score" | null,
): string {
  const lang = s.language;
  const t = textsFor(lang);
  const scores = scoresOf(s.scale)
    .map((n) => {
      const current = n === s.score ? ' aria-current="true"' : "";
      return `<li><a href="/s/${esc(token)}?score=${n}"${current} data-score="${n}">${esc(labelOf(lang, s.scale, n))}</a></li>`;
    })
    .join("");
  const noticeHtml =
    notice === "recorded"
      ? `<p class="notice" role="status">${esc(t.thanks_score)}</p>`
      : notice === "done"
        ? `<p class="notice" role="status">${esc(t.thanks_done)}</p>`
        : notice === "bad_score"
          ? `<p class="notice error" role="alert">${esc(t.bad_score)}</p>`
          : "";
  const radio = (v: 1 | 0, label: string) =>
    `<label class="radio"><input type="radio" name="resolved" value="${v ? "yes" : "no"}"${s.resolved === v ? " checked" : ""}> ${esc(label)}</label>`;
  const form =
    s.score === null
      ? ""
      : `<form method="post" action="/s/${esc(token)}">
<input type="hidden" name="score" value="${s.score}">
<label for="comment">${esc(s.kind === "nps" ? t.comment_nps : t.comment_csat)}</label>
<textarea id="comment" name="comment" maxlength="4000">${esc(s.comment ?? "")}</textarea>
${s.kind === "csat" ? `<fieldset><legend>${esc(t.resolved_q)}</legend>${radio(1, t.yes)}${radio(0, t.no)}</fieldset>` : ""}
<button type="submit">${esc(t.send)}</button></form>`;
  const range = s.kind === "nps" ? `<p class="muted">0 = ${esc(t.nps_low)}, 10 = ${esc(t.nps_high)}</p>` : "";
  return layout(
    lang,
    t.page_title,
    `<h1>${esc(t.page_title)}</h1>${noticeHtml}<h2 class="muted" style="font-size:1rem;margin:0">${esc(t.choose)}</h2>
<ul class="scores${s.kind === "nps" ? " nps" : ""}">${scores}</ul>${range}<p class="muted">${esc(t.change_hint)}</p>${form}`,
  );
}

export function surveyErrorPage(lang: Lang, reason: "expired" | "invalid"): string {
  const t = textsFor(lang);
  const title = reason === "expired" ? t.expired_title : t.invalid_title;
  return layout(lang, title, `<h1>${esc(title)}</h1><p>${esc(reason === "expired" ? t.expired : t.invalid)}</p>`);
}

/** The language of a page with no survey behind it: ?lang=, else the browser's first choice, else Italian. */
export function pageLanguage(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query === "en" || query === "it") return query;
  const first = (acceptLanguage ?? "").split(",")[0]?.trim().slice(0, 2).toLowerCase();
  return first === "en" ? "en" : "it";
}
