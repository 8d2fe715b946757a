import fs from "node:fs";
import path from "node:path";
import staticFiles from "@fastify/static";
import type { FastifyInstance } from "fastify";
import type { Ctx } from "./context";

const DIST = path.resolve(import.meta.dirname, "../web/dist");

/** Serves the built web app when there is one; the API works without it. */
export async function serveWeb(app: FastifyInstance, ctx: Ctx): Promise<void> {
  if (!fs.existsSync(path.join(DIST, "index.html"))) {
    app.get("/", async (_req, reply) =>
      reply.type("text/html").send(`<!doctype html><meta charset="utf-8"><title>Sportello</title><h1>Sportello</h1><p>API: <a href="/api/docs">/api/docs</a></p>`),
    );
    ctx.log.info("web app not built; serving the API only");
    return;
  }
  await app.register(staticFiles, { root: DIST, wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith("/api/") || req.method !== "GET") return reply.status(404).send({ error: { code: "not_found", message: `No route for ${req.method} ${req.url.split("?")[0]}` } });
    return reply.sendFile("index.html");
  });
}
