import { marked } from "marked";
import { HELP_TEXTS, type HelpLanguage } from "../../../shared/help-texts";
import { sanitizeHtml } from "../../lib/sanitize";
import { brandColours } from "../workspace/workspace.brand";

// The help centre's pages as HTML strings: no script, styles inline, a few KB each. What goes in comes from
// kb.pages.service.ts; every value written here is escaped, and article bodies are Markdown rendered by marked and
// then passed through the project's sanitizer.

export const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export const renderMarkdown = (md: string) => sanitizeHtml(marked.parse(md, { async: false, gfm: true }));

// The brand colour fills the header band and the buttons, with white or near-black text by contrast; links use it
// darkened where needed to read on the page (workspace.brand.ts). One style sheet per colour, made once.
type Colours = ReturnType<typeof brandColours>;
const styleOf = ({ band, onBand, link }: Colours) =>
  `*{box-sizing:border-box}body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2430;background:#f6f8fa}
a{color:${link}}a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:2}
header{background:${band};color:${onBand}}header .in{display:flex;gap:16px;align-items:center;justify-content:space-between;flex-wrap:wrap}
header a{color:${onBand};text-decoration:none}header a:focus-visible{outline-color:${onBand}}.brand{font-weight:700;font-size:1.1rem;display:flex;align-items:center;gap:10px}
.brand img{height:36px;width:auto;max-width:180px;background:#fff;border-radius:4px;padding:2px}.in{max-width:860px;margin:0 auto;padding:14px 18px}
main{max-width:860px;margin:0 auto;padding:18px;background:#fff;min-height:60vh}
.crumbs{list-style:none;padding:0;margin:0 0 12px;display:flex;flex-wrap:wrap;gap:6px;font-size:.9rem;color:#4a5563}
.crumbs li+li:before{content:"›";margin-right:6px}
form.s{display:flex;gap:8px;margin:8px 0 20px;flex-wrap:wrap}form.s label{flex-basis:100%;font-weight:600}
input[type=search],textarea{flex:1;min-width:0;padding:10px;border:1px solid #6b7684;border-radius:6px;font:inherit}
textarea{width:100%;min-height:70px}
button{padding:10px 16px;border:0;border-radius:6px;background:${band};color:${onBand};font:inherit;cursor:pointer}
.cats{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:14px;padding:0;list-style:none}
.cats>li{border:1px solid #d6dce3;border-radius:8px;padding:12px 14px}.cats h2{font-size:1.1rem;margin:0 0 6px}
.list{padding-left:18px}.list li{margin:4px 0}.meta{color:#4a5563;font-size:.9rem}
article img{max-width:100%;height:auto}article table{border-collapse:collapse;margin:10px 0}article th,article td{border:1px solid #d6dce3;padding:6px 10px;text-align:left}article pre{overflow:auto;background:#f0f2f5;padding:10px;border-radius:6px}
.fb{margin-top:28px;border-top:1px solid #d6dce3;padding-top:14px}.fb fieldset{border:0;padding:0;margin:0}
.fb .row{display:flex;gap:10px;margin:8px 0}.fb legend{font-weight:600}
.hit{margin:0 0 16px}.hit p{margin:4px 0;color:#3b4450}mark{background:#fff1a8;color:inherit}
footer{max-width:860px;margin:0 auto;padding:18px;color:#4a5563;font-size:.95rem}`;
const STYLES = new Map<string, string>();
const styleFor = (colour: string | null) => {
  const key = colour ?? "";
  let style = STYLES.get(key);
  if (!style) {
    if (STYLES.size > 50) STYLES.clear();
    STYLES.set(key, (style = styleOf(brandColours(colour))));
  }
  return style;
};

export interface Shell {
  lang: HelpLanguage;
  workspace: string;
  /** The workspace's colour (#rrggbb, null: the default) and logo address (null: none). */
  brand?: { colour: string | null; logoUrl: string | null };
  title: string;
  description?: string;
  /** Absolute address of this page, and of the same page in the other language when there is one. */
  canonical: string;
  alternate?: { lang: HelpLanguage; href: string } | null;
  /** Where the language switch goes (the translation, else the other language's home). */
  switchTo: string;
  crumbs: { label: string; href?: string }[];
  body: string;
  noindex?: boolean;
  /** The search box's words (the search page). */
  q?: string;
}

export function page(s: Shell): string {
  const t = HELP_TEXTS[s.lang];
  const other: HelpLanguage = s.lang === "it" ? "en" : "it";
  const alt = s.alternate
    ? `<link rel="alternate" hreflang="${s.lang}" href="${esc(s.canonical)}"><link rel="alternate" hreflang="${s.alternate.lang}" href="${esc(s.alternate.href)}">`
    : "";
  const crumbs = s.crumbs
    .map((c, i) =>
      c.href && i < s.crumbs.length - 1
        ? `<li><a href="${esc(c.href)}">${esc(c.label)}</a></li>`
        : `<li aria-current="page">${esc(c.label)}</li>`,
    )
    .join("");
  // Beside the name, which says the same: an empty alt.
  const logo = s.brand?.logoUrl ? `<img src="${esc(s.brand.logoUrl)}" alt="" height="36">` : "";
  return `<!doctype html><html lang="${s.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(s.title)} · ${esc(s.workspace)}</title>${s.description ? `<meta name="description" content="${esc(s.description)}">` : ""}
${s.noindex ? '<meta name="robots" content="noindex">' : ""}<link rel="canonical" href="${esc(s.canonical)}">${alt}<style>${styleFor(s.brand?.colour ?? null)}</style></head>
<body><a class="skip" href="#main">${t.skip}</a><header><div class="in"><a class="brand" href="/help/${s.lang}">${logo}<span>${esc(s.workspace)} · ${t.title}</span></a>
<a href="${esc(s.switchTo)}" hreflang="${other}" lang="${other}">${t.otherLanguage}</a></div></header>
<main id="main"><nav aria-label="${t.breadcrumbs}"><ol class="crumbs">${crumbs}</ol></nav>
<form class="s" role="search" method="get" action="/help/${s.lang}/search"><label for="q">${t.searchLabel}</label>
<input id="q" name="q" type="search" placeholder="${t.searchPlaceholder}" value="${esc(s.q ?? "")}"><button type="submit">${t.search}</button></form>
${s.body}</main><footer>${t.contact} <a href="/portal/new?lang=${s.lang}">${t.openRequest}</a></footer></body></html>`;
}

export const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? "");

// One formatter per language: toLocaleDateString builds a new one on every call (a fifth of an article page).
const DATES = Object.fromEntries(
  (["it", "en"] as const).map((l) => [
    l,
    new Intl.DateTimeFormat(l === "it" ? "it-IT" : "en-GB", {
      day: "numeric",
      month: "long",
      year: "numeric",
      timeZone: "Europe/Rome",
    }),
  ]),
) as Record<HelpLanguage, Intl.DateTimeFormat>;

export const dateIn = (lang: HelpLanguage, ms: number) => DATES[lang].format(ms);

export const linkList = (items: { title: string; href: string }[]) =>
  `<ul class="list">${items.map((i) => `<li><a href="${esc(i.href)}">${esc(i.title)}</a></li>`).join("")}</ul>`;
