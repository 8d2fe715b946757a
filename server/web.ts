import fs from "node:fs";
import path from "node:path";
import staticFiles from "@fastify/static";
import type { FastifyInstance } from "fastify";
import type { Ctx } from "./context";
import { formFrameHeaders } from "./http/security-headers";
import { formFrameOrigins } from "./modules/portal/portal.service";

const DIST = path.resolve(import.meta.dirname, "../web/dist");

/**
 * The web app's own paths, each answered with its page (web/vite.config.ts builds one per audience) and routed
 * in the browser: the agent app, the customer portal, and the public web form alone (/portal/new, and /form in
 * other sites' iframes), which loads neither the portal's nor the agent app's code.
 */
const PAGES: Record<string, string> = {
  "/": "index.html",
  "/views/*": "index.html",
  "/tickets/*": "index.html",
  "/search": "index.html",
  "/admin/*": "index.html",
  "/customers": "index.html",
  "/customers/*": "index.html",
  "/organizations": "index.html",
  "/organizations/*": "index.html",
  "/knowledge": "index.html",
  "/knowledge/*": "index.html",
  "/notifications/*": "index.html",
  "/praise": "index.html",
  "/reviews": "index.html",
  "/problems": "index.html",
  "/problems/*": "index.html",
  "/reset-password": "index.html",
  "/portal": "portal.html",
  "/portal/*": "portal.html",
};
/** The web form's pages, written by the build in each language: form.it.html, new.en.html... */
const FORM_PAGES: Record<string, string> = { "/portal/new": "new", "/form": "form" };

/**
 * The language the web form's page is written in: the one its address asks for (?lang=, as the embed script
 * passes it), else the browser's first of Italian and English, else Italian, as the page's script chooses
 * (web/src/i18n.ts; a choice kept in the browser's storage, which the server cannot see, redraws the form).
 */
export function formLanguage(query: unknown, acceptLanguage: string | undefined): "it" | "en" {
  const asked = (query as { lang?: unknown } | undefined)?.lang;
  if (asked === "it" || asked === "en") return asked;
  for (const part of (acceptLanguage ?? "").split(",")) {
    const base = part.trim().slice(0, 2).toLowerCase();
    if (base === "it" || base === "en") return base;
  }
  return "it";
}

/** Assets whose names carry a content hash (assets/): cached for good. Everything else is checked each time. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/** Serves the built web app when there is one; the API works without it. */
export async function serveWeb(app: FastifyInstance, ctx: Ctx): Promise<void> {
  if (!fs.existsSync(path.join(DIST, "index.html"))) {
    app.get("/", async (_req, reply) =>
      reply
        .type("text/html")
        .send(
          `<!doctype html><meta charset="utf-8"><title>Sportello</title><h1>Sportello</h1><p>API: <a href="/api/docs">/api/docs</a></p>`,
        ),
    );
    ctx.log.info("web app not built; serving the API only");
    return;
  }
  await app.register(staticFiles, {
    root: DIST,
    wildcard: false,
    index: false,
    // The build writes x.js.br and x.js.gz beside each script and style: sent as they are, with the encoding the
    // browser accepts (brotli first), and the plain file to a client that accepts neither.
    preCompressed: true,
    // send's own Cache-Control ("public, max-age=0") would replace the one set below: left to setHeaders alone.
    cacheControl: false,
    setHeaders: (res, file) => {
      res.setHeader("cache-control", file.includes(`${path.sep}assets${path.sep}`) ? IMMUTABLE : "no-cache");
      if (/\.(js|css|html)(\.br|\.gz)?$/.test(file)) res.setHeader("vary", "accept-encoding");
      // The embed script is loaded by other sites' pages.
      if (path.basename(file).startsWith("embed.js")) res.setHeader("cross-origin-resource-policy", "cross-origin");
    },
  });
  for (const [url, page] of Object.entries(PAGES)) app.get(url, (_req, reply) => reply.sendFile(page));
  for (const [url, page] of Object.entries(FORM_PAGES))
    app.get(url, async (req, reply) => {
      // /form is the page other sites embed: framed by the origins the admin lists; /portal/new by nobody.
      if (url === "/form") formFrameHeaders(reply, await formFrameOrigins(ctx));
      return reply
        .header("vary", "accept-encoding, accept-language")
        .sendFile(`${page}.${formLanguage(req.query, req.headers["accept-language"])}.html`);
    });
}
