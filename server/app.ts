import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import websocket from "@fastify/websocket";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import type client from "prom-client";
import { metricsOn } from "./channel-metrics";
import type { Ctx } from "./context";
import { pendingMigrations } from "./db/migrate";
import { type TrustProxy, trustsPeer } from "./lib/net";
import { FRAMEWORK_ERROR_OPTIONS, installErrorHandling } from "./http/errors";
import { installMetrics, metricsHandler } from "./http/metrics";
import { buildOpenApi, DOCS_HTML, DOCS_JS } from "./http/openapi";
import { installSecurityHeaders } from "./http/security-headers";
import { type AnyRoute, mount, recordRoutes, type RegisteredRoute, route } from "./http/route";
import { attachmentRoutes } from "./modules/attachments/attachments.routes";
import { auditRoutes } from "./modules/auth/audit.routes";
import { authRoutes } from "./modules/auth/auth.routes";
import { resolveActor } from "./modules/auth/auth.service";
import { agentRoutes } from "./modules/directory/agents.routes";
import { customerRoutes } from "./modules/directory/customers.routes";
import { privacyRoutes } from "./modules/privacy/privacy.routes";
import { organizationRoutes } from "./modules/directory/organizations.routes";
import { searchRoutes } from "./modules/tickets/search.routes";
import { ticketRoutes } from "./modules/tickets/tickets.routes";
import { webhookRoutes } from "./modules/webhooks/webhooks.routes";
import { workspaceRoutes } from "./modules/workspace/workspace.routes";
import { mailboxRoutes } from "./modules/email/mailboxes.routes";
import { outboundRoutes } from "./modules/email/outbound.routes";
import { templateRoutes } from "./modules/email/templates.routes";
import { calendarRoutes } from "./modules/calendars/calendars.routes";
import { policyRoutes } from "./modules/sla/policies.routes";
import { queueRoutes } from "./modules/queue/queue.routes";
import { portalRoutes } from "./modules/portal/portal.routes";
import { reportRoutes } from "./modules/reports/reports.routes";
import { tierRoutes } from "./modules/tiers/tiers.routes";
import { overrideRoutes } from "./modules/tickets/overrides.routes";
import { draftRoutes } from "./modules/tickets/drafts.routes";
import { inboxRoutes } from "./modules/tickets/inbox.routes";
import { heldReplyRoutes, ticketActionRoutes } from "./modules/tickets/actions.routes";
import { notificationRoutes } from "./modules/notifications/notifications.routes";
import { passwordResetRoutes } from "./modules/password-reset/reset.routes";
import { webFormRoutes } from "./modules/portal/webform.routes";
import { macroRoutes } from "./modules/macros/macros.routes";
import { playbookRoutes } from "./modules/playbooks/playbooks.routes";
import { questionRoutes } from "./modules/unanswered/questions.routes";
import { kbRoutes } from "./modules/kb/kb.routes";
import { helpPages } from "./modules/kb/kb.pages.routes";
import { kbImagePages } from "./modules/kb/kb.images.routes";
import { surveyPageRoutes, surveyRoutes } from "./modules/surveys/surveys.routes";
import { registerPortalRealtime } from "./realtime/portal-ws.routes";
import { reviewRoutes } from "./modules/reviews/reviews.routes";
import { consentPageRoutes, kudosRoutes } from "./modules/kudos/kudos.routes";
import { problemRoutes } from "./modules/problems/problems.routes";
import { registerRealtime } from "./realtime/ws.routes";

let openapi: ReturnType<typeof buildOpenApi> | undefined;

export const API_ROUTES: AnyRoute[] = [
  ...authRoutes,
  ...ticketRoutes,
  ...draftRoutes,
  ...inboxRoutes,
  ...ticketActionRoutes,
  ...heldReplyRoutes,
  ...notificationRoutes,
  ...passwordResetRoutes,
  ...searchRoutes,
  ...customerRoutes,
  ...privacyRoutes,
  ...organizationRoutes,
  ...agentRoutes,
  ...webhookRoutes,
  ...attachmentRoutes,
  ...workspaceRoutes,
  ...mailboxRoutes,
  ...outboundRoutes,
  ...templateRoutes,
  ...calendarRoutes,
  ...policyRoutes,
  ...queueRoutes,
  ...portalRoutes,
  ...webFormRoutes,
  ...tierRoutes,
  ...reportRoutes,
  ...overrideRoutes,
  ...auditRoutes,
  ...macroRoutes,
  ...playbookRoutes,
  ...questionRoutes,
  ...kbRoutes,
  ...reviewRoutes,
  ...kudosRoutes,
  ...problemRoutes,
  ...surveyRoutes,
];

export interface App extends FastifyInstance {
  routeRegistry: Pick<AnyRoute, "method" | "url" | "access" | "policy" | "summary" | "tag">[];
  /** What /metrics reports: served here with METRICS_TOKEN, or on METRICS_ADDRESS by main.ts (listenMetrics). */
  metricsRegistry: client.Registry | null;
  /** Every route Fastify registered, as Fastify saw it: the route guard test checks each /api one was declared. */
  registeredRoutes: RegisteredRoute[];
}

/** A client's X-Request-Id is kept only when well-formed; it is stored with events and written to every log line. */
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * The request's id: the X-Request-Id a trusted proxy (TRUST_PROXY) sent, so one id follows a request through
 * proxy and app; else one of our own. Anybody else's is ignored: a client could forge another request's id.
 */
export function requestIdFrom(trust: TrustProxy) {
  const trusted = trustsPeer(trust);
  return (req: IncomingMessage): string => {
    const given = req.headers["x-request-id"];
    if (typeof given === "string" && REQUEST_ID.test(given) && trusted(req.socket?.remoteAddress)) return given;
    return `req-${Date.now().toString(36)}-${crypto.randomBytes(4).toString("hex")}`;
  };
}

/** The Fastify instance for the web role; tests build exactly this. */
export async function buildApp(ctx: Ctx, opts: { redis?: import("ioredis").Redis } = {}): Promise<App> {
  const app = Fastify({
    loggerInstance: ctx.log,
    bodyLimit: 2 * 1024 * 1024 + 1_000_000,
    // Whose X-Forwarded-For counts (req.ip, and so every per-IP limit): nobody's unless TRUST_PROXY says.
    // (A hop count as the function Fastify makes of one: its types take no number.)
    trustProxy:
      typeof ctx.config.trustProxy === "number"
        ? (_address: string, hop: number) => hop < (ctx.config.trustProxy as number)
        : ctx.config.trustProxy,
    ...FRAMEWORK_ERROR_OPTIONS,
    genReqId: requestIdFrom(ctx.config.trustProxy),
  }) as unknown as App;
  app.routeRegistry = [];
  app.registeredRoutes = recordRoutes(app);
  installErrorHandling(app);
  await installSecurityHeaders(app);
  await app.register(cookie);
  // Shared counters across nodes when Redis is there; in memory otherwise.
  await app.register(rateLimit, {
    global: false,
    ...(opts.redis ? { redis: opts.redis, nameSpace: `${ctx.config.redisPrefix}:rl:` } : {}),
  });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // Uploads arrive as raw bodies of any type; text/plain too (a .txt attachment is a file, not a string).
  app.removeContentTypeParser("text/plain");
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: ctx.config.attachmentMaxBytes }, (_req, body, done) =>
    done(null, body),
  );
  app.addHook("onSend", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });

  app.metricsRegistry = await installOps(app, ctx);

  const actorOf = (req: Parameters<typeof resolveActor>[1]) => resolveActor(ctx, req);
  mount(app, ctx, API_ROUTES, actorOf, app.routeRegistry as AnyRoute[]);
  registerRealtime(app, ctx, actorOf, app.routeRegistry);
  registerPortalRealtime(app, ctx, actorOf, app.routeRegistry);

  // The API's description: public, and declared like every other /api route (though not listed in itself).
  // Built once per process: the routes never change while it runs (the tests build hundreds of apps).
  openapi ??= buildOpenApi(API_ROUTES);
  const document = openapi;
  const describe = { access: "public", policy: null, tag: "meta" } as const;
  const docs = [
    route({
      ...describe,
      method: "GET",
      url: "/api/openapi.json",
      summary: "This OpenAPI document",
      handler: async () => document,
    }),
    route({
      ...describe,
      method: "GET",
      url: "/api/docs",
      summary: "The OpenAPI document, browsable",
      handler: async ({ reply }) => reply.type("text/html").send(DOCS_HTML),
    }),
    route({
      ...describe,
      method: "GET",
      url: "/api/docs.js",
      summary: "The browsable document's script",
      handler: async ({ reply }) => reply.type("text/javascript").send(DOCS_JS),
    }),
  ];
  mount(app, ctx, docs, actorOf, app.routeRegistry as AnyRoute[]);
  // The public help centre's pages (HTML, not part of the API's description).
  mount(app, ctx, helpPages, actorOf, []);
  // Images uploaded into articles (/help/images/{key}), public like the pages.
  mount(app, ctx, kbImagePages, actorOf, []);
  // Pages for customers outside /api (the testimonial consent page): declared like every route, not in the API's list.
  mount(app, ctx, consentPageRoutes, actorOf, []);
  // Survey pages (/s/<token>): public HTML behind the survey emails' links.
  mount(app, ctx, surveyPageRoutes, actorOf, []);
  return app;
}

/**
 * Liveness, readiness and metrics: on every node, whatever its roles (a worker-only node serves just these).
 * Readiness checks what the node's roles depend on: the database and its migrations, and the job queue.
 * /healthz and /readyz are open to anyone, so they say only yes or no (the reason goes to the log); /metrics is
 * served here only with METRICS_TOKEN and no METRICS_ADDRESS, and is off (404) with neither.
 */
export async function installOps(app: FastifyInstance, ctx: Ctx): Promise<client.Registry | null> {
  const registry = metricsOn(ctx.config) ? await installMetrics(app, ctx) : null;
  if (registry && ctx.config.metricsToken && !ctx.config.metricsAddress)
    app.get("/metrics", metricsHandler(registry, ctx.config.metricsToken));

  const notReady = (reply: FastifyReply, code: string, detail: unknown) => {
    ctx.log.warn({ code, detail: String((detail as Error)?.message ?? detail) }, "not ready");
    return reply.status(503).send({ ok: false, error: { code: "not_ready", message: "Not ready" } });
  };
  app.get("/healthz", async () => ({ ok: true }));
  app.get("/readyz", async (_req, reply) => {
    try {
      const pending = await pendingMigrations(ctx.handle);
      if (pending.length) return notReady(reply, "migrations_pending", `pending: ${pending.join(", ")}`);
    } catch (err) {
      return notReady(reply, "database_unreachable", err);
    }
    if (ctx.config.roles.includes("worker")) {
      try {
        await ctx.jobs.stats();
      } catch (err) {
        return notReady(reply, "queue_unreachable", err);
      }
    }
    return { ok: true };
  });
  return registry;
}
