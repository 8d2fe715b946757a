import crypto from "node:crypto";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type client from "prom-client";
import type { Ctx } from "../context";

// One registry per app instance so that tests can build several apps in one process. prom-client is loaded here,
// only when /metrics is on (channel-metrics.ts, metricsOn).
export async function installMetrics(app: FastifyInstance, ctx: Ctx): Promise<client.Registry> {
  const { default: client } = await import("prom-client");
  const registry = new client.Registry();
  const requests = new client.Counter({
    name: "sportello_http_requests_total",
    help: "HTTP requests",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const latency = new client.Histogram({
    name: "sportello_http_request_duration_seconds",
    help: "HTTP latency",
    labelNames: ["method", "route"],
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new client.Gauge({
    name: "sportello_websocket_connections",
    help: "Open websocket connections on this node",
    registers: [registry],
    collect() {
      this.set(ctx.hub.connectionCount);
    },
  });
  new client.Gauge({
    name: "sportello_outbox_backlog",
    help: "Outbox events not yet dispatched",
    registers: [registry],
    async collect() {
      const r = await ctx.db
        .selectFrom("outbox")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("dispatched_at", "is", null)
        .executeTakeFirst();
      this.set(Number(r?.n ?? 0));
    },
  });
  const depth = new client.Gauge({
    name: "sportello_jobs_waiting",
    help: "Jobs waiting to run",
    registers: [registry],
  });
  new client.Gauge({
    name: "sportello_jobs_oldest_age_seconds",
    help: "Age of the oldest waiting job",
    registers: [registry],
    async collect() {
      const s = await ctx.jobs.stats();
      depth.set(s.waiting);
      this.set(s.oldestAgeMs / 1000);
    },
  });
  new client.Gauge({
    name: "sportello_imap_seconds_since_fetch",
    help: "Seconds since each IMAP mailbox was last fetched successfully",
    labelNames: ["mailbox"],
    registers: [registry],
    async collect() {
      this.reset();
      const boxes = await ctx.db
        .selectFrom("mailboxes")
        .select(["address", "imap_last_fetch_at", "imap_status"])
        .where("imap_host", "is not", null)
        .execute();
      for (const b of boxes)
        this.set(
          { mailbox: b.address },
          b.imap_last_fetch_at && b.imap_status === "ok" ? (Date.now() - b.imap_last_fetch_at) / 1000 : -1,
        );
    },
  });
  // The event-loop lag is sampled every 100 ms, not prom-client's 10: its timer woke an idle node 100 times a
  // second; a stall worth an alert is longer than 100 ms anyway.
  client.collectDefaultMetrics({ register: registry, prefix: "sportello_", eventLoopMonitoringPrecision: 100 });
  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "unknown";
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    latency.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });
  return ctx.metrics.registry ? client.Registry.merge([registry, ctx.metrics.registry]) : registry;
}

const digest = (s: string) => crypto.createHash("sha256").update(s).digest();

/** Answers /metrics from the registry; with a token, only to `Authorization: Bearer <token>` (else 404, as if off). */
export function metricsHandler(registry: client.Registry, token: string | null) {
  const wanted = token ? digest(token) : null;
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (wanted) {
      const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
      if (!crypto.timingSafeEqual(digest(given), wanted))
        return reply
          .status(401)
          .header("www-authenticate", 'Bearer realm="metrics"')
          .send({ error: { code: "unauthorized", message: "/metrics needs its bearer token (METRICS_TOKEN)" } });
    }
    return reply.header("content-type", registry.contentType).send(await registry.metrics());
  };
}

/**
 * /metrics on a listener of its own (METRICS_ADDRESS, e.g. 127.0.0.1:9464: only the scraper's network reaches it),
 * as Prometheus exporters commonly do. METRICS_TOKEN, when set too, is asked there as well.
 */
export async function listenMetrics(ctx: Ctx, registry: client.Registry): Promise<FastifyInstance> {
  const address = ctx.config.metricsAddress;
  if (!address) throw new Error("METRICS_ADDRESS is not set");
  const server = Fastify({ loggerInstance: ctx.log }) as unknown as FastifyInstance;
  server.get("/metrics", metricsHandler(registry, ctx.config.metricsToken));
  server.setNotFoundHandler((_req, reply) =>
    reply.status(404).send({ error: { code: "not_found", message: "Not found" } }),
  );
  await server.listen({ host: address.host, port: address.port });
  return server;
}
