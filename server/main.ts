import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import Fastify from "fastify";
import { type App, buildApp, installOps } from "./app";
import { FRAMEWORK_ERROR_OPTIONS, installErrorHandling } from "./http/errors";
import { listenMetrics } from "./http/metrics";
import { startImapScheduler } from "./modules/email/imap-idle";
import { startSmtpServer } from "./modules/email/smtp-server";
import type { Ctx } from "./context";
import type { Config } from "./config";
import { isEmpty, seedDemo } from "./db/seed";
import { createRuntime } from "./runtime";
import { buildWorkspace } from "./db/factories";
import { serveWeb } from "./web";
import { collectAfterStart } from "./v8-tuning";

/** Several nodes may start at once on an empty PostgreSQL database: only one of them may seed it. */
async function bootstrapOnce(ctx: Ctx, fn: () => Promise<void>) {
  if (ctx.dialect !== "postgres") return fn();
  await ctx.db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(7420001)`.execute(conn);
    try {
      await fn();
    } finally {
      await sql`SELECT pg_advisory_unlock(7420001)`.execute(conn);
    }
  });
}

/**
 * The start's own lines for the person who ran it: printed as they are on a terminal; when the logs are JSON (no
 * terminal, or LOG_FORMAT=json) a log record each, so that every line a log collector reads parses.
 */
function say(ctx: Ctx, text: string, fields: object = {}) {
  if (ctx.config.logFormat === "pretty") console.log(text);
  else ctx.log.info(fields, text.trim().replace(/\s*\n\s*/g, " "));
}

/** Starts the roles asked for in this process: web, worker, smtp, imap (all by default). */
export async function startRoles(config: Config) {
  const rt = await createRuntime(config);
  const { ctx } = rt;
  await bootstrapOnce(ctx, async () => {
    if (await isEmpty(ctx)) {
      if (config.seedDemo) {
        const login = await seedDemo(ctx);
        say(
          ctx,
          `\n  Demo workspace created. Sign in as ${login.email} / ${login.password}\n  (also saved in ${path.join(config.dataDir, "demo-login.txt")})\n`,
          { email: login.email },
        );
      } else {
        await buildWorkspace(ctx.db);
      }
    } else if (fs.existsSync(path.join(config.dataDir, "demo-login.txt"))) {
      const [email, password] = fs.readFileSync(path.join(config.dataDir, "demo-login.txt"), "utf8").split("\n");
      say(ctx, `\n  Demo login: ${email} / ${password}\n`, { email });
    }
  });
  if (config.roles.includes("worker")) {
    rt.startWorker();
    say(ctx, `  Worker started (jobs: ${ctx.jobs.kind === "bullmq" ? "BullMQ on Redis" : "in the database"})`);
    if (!config.smtpRelayUrl)
      say(
        ctx,
        "  Outgoing email is captured, not sent, until SMTP_RELAY_URL is set: admins read it under Mail preview (GET /api/v1/mail/captured)",
      );
  }
  // The SMTP thread loads its code while this thread builds the web app (a quarter of a second of the start);
  // it is waited for before anything listens, so a port that is taken still stops the start.
  const smtpStarting = config.roles.includes("smtp") ? startSmtpServer(ctx) : null;
  smtpStarting?.catch(() => {}); // awaited below: a failure meanwhile is not an unhandled rejection
  const smtpStarted = async () => {
    const server = await smtpStarting;
    if (server) say(ctx, `  SMTP server listening on port ${server.port}`);
    return server;
  };
  let smtp: Awaited<ReturnType<typeof startSmtpServer>> | null = null;
  const imap = config.roles.includes("imap") ? startImapScheduler(ctx) : null;
  let app: App | null = null;
  if (config.roles.includes("web")) {
    app = await buildApp(ctx, { redis: rt.redis ?? undefined });
    await serveWeb(app, ctx);
    smtp = await smtpStarted();
    await app.listen({ port: config.port, host: config.host });
    const port = (app.server.address() as { port: number }).port;
    say(ctx, `  Sportello is running at http://localhost:${port}  (API docs: http://localhost:${port}/api/docs)\n`, {
      port,
    });
  } else {
    // Nodes without the web role still answer /healthz, /readyz and /metrics for the orchestrator.
    app = Fastify({ loggerInstance: ctx.log, ...FRAMEWORK_ERROR_OPTIONS }) as unknown as App;
    installErrorHandling(app);
    app.metricsRegistry = await installOps(app, ctx);
    smtp = await smtpStarted();
    await app.listen({ port: config.port, host: config.host });
  }
  const metrics = config.metricsAddress ? await listenMetrics(ctx, app.metricsRegistry!) : null;
  if (metrics) say(ctx, `  Metrics at http://${config.metricsAddress!.host}:${config.metricsAddress!.port}/metrics`);
  const shutdown = async () => {
    await imap?.stop();
    await metrics?.close();
    await app?.close();
    await smtp?.close();
    await rt.close();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  collectAfterStart();
  return { rt, app };
}
