import type sanitizeType from "sanitize-html";
import { lazyPackage } from "./lazy";

const library = lazyPackage<typeof sanitizeType>("sanitize-html");

const REMOTE_SCHEME = /^(https?|cid):/i;

// Customer and agent HTML is shown to other people: keep formatting, drop anything that runs or phones home.
// Built with the library, on the first HTML to sanitise.
function options(sanitize: typeof sanitizeType): sanitizeType.IOptions {
  return {
    allowedTags: sanitize.defaults.allowedTags.concat([
      "img",
      "span",
      "del",
      "ins",
      "sup",
      "sub",
      "u",
      "s",
      "font",
      "center",
    ]),
    allowedAttributes: {
      // rel and target are the ones transformTags sets (over the sender's own): kept, not stripped again.
      a: ["href", "title", "name", "rel", "target"],
      img: ["src", "alt", "title", "width", "height", "data-remote-src"],
      td: ["colspan", "rowspan", "align", "valign"],
      th: ["colspan", "rowspan", "align", "valign"],
      "*": ["dir", "lang"],
    },
    allowedSchemes: ["http", "https", "mailto", "tel", "cid"],
    allowedSchemesByTag: { img: ["cid", "data"] },
    transformTags: {
      a: sanitize.simpleTransform("a", { rel: "noopener noreferrer nofollow", target: "_blank" }),
      // Remote images are tracking pixels until the agent asks to load them.
      img: (tagName, attribs) => {
        const src = attribs.src ?? "";
        if (/^https?:/i.test(src)) return { tagName, attribs: { ...attribs, src: "", "data-remote-src": src } };
        // A sender's own data-remote-src is loaded when the agent asks: only a web address (or an inline part).
        const { "data-remote-src": remote, ...rest } = attribs;
        if (remote !== undefined && !REMOTE_SCHEME.test(remote.trim())) return { tagName, attribs: rest };
        return { tagName, attribs };
      },
    },
  };
}
let built: sanitizeType.IOptions | null = null;

export function sanitizeHtml(html: string): string {
  const sanitize = library();
  return sanitize(html, (built ??= options(sanitize)));
}
