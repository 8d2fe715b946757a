import fs from "node:fs";
import path from "node:path";
import staticFiles from "@fastify/static";
import type { FastifyInstance } from "fastify";
import type { Ctx } from "./context";

const DIST = path.resolve(import.meta.dirname, "../web/dist");

/** The web app's own paths: each answers with index.html and the app routes in the browser. */
const APP_PATHS = ["/", "/views/*", "/tickets/*", "/search", "/admin/*", "/portal", "/portal/*", "/form"];

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
    // File names under assets/ carry a content hash: cache them for good; everything else is checked each time.
    setHeaders: (res, file) =>
      res.setHeader(
        "cache-control",
        file.includes(`${path.sep}assets${path.sep}`) ? "public, max-age=31536000, immutable" : "no-cache",
      ),
  });
  for (const url of APP_PATHS) {
    app.get(url, (_req, reply) => reply.header("cache-control", "no-cache").sendFile("index.html"));
  }
}
