import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import Fastify from "fastify";
import { type App, buildApp, installOps } from "./app";
import { installErrorHandling } from "./http/errors";
import { startImapScheduler } from "./modules/email/imap-idle";
import { startSmtpServer } from "./modules/email/smtp-server";
import type { Ctx } from "./context";
import type { Config } from "./config";
import { isEmpty, seedDemo } from "./db/seed";
import { createRuntime } from "./runtime";
import { buildWorkspace } from "./test/factories";
import { serveWeb } from "./web";

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

/** Starts the roles asked for in this process: web, worker, smtp, imap (all by default). */
export async function startRoles(config: Config) {
  const rt = await createRuntime(config);
  const { ctx } = rt;
  await bootstrapOnce(ctx, async () => {
    if (await isEmpty(ctx)) {
      if (config.seedDemo) {
        const login = await seedDemo(ctx);
        ctx.log.info({ email: login.email }, "demo workspace created");
        console.log(
          `\n  Demo workspace created. Sign in as ${login.email} / ${login.password}\n  (also saved in ${path.join(config.dataDir, "demo-login.txt")})\n`,
        );
      } else {
        await buildWorkspace(ctx.db);
      }
    } else if (fs.existsSync(path.join(config.dataDir, "demo-login.txt"))) {
      const [email, password] = fs.readFileSync(path.join(config.dataDir, "demo-login.txt"), "utf8").split("\n");
      console.log(`\n  Demo login: ${email} / ${password}\n`);
    }
  });
  if (config.roles.includes("worker")) {
    rt.startWorker();
    console.log(`  Worker started (jobs: ${ctx.jobs.kind === "bullmq" ? "BullMQ on Redis" : "in the database"})`);
  }
  let smtp: Awaited<ReturnType<typeof startSmtpServer>> | null = null;
  if (config.roles.includes("smtp")) {
    smtp = await startSmtpServer(ctx);
    console.log(`  SMTP server listening on port ${config.smtpPort}`);
  }
  const imap = config.roles.includes("imap") ? startImapScheduler(ctx) : null;
  let app: App | null = null;
  if (config.roles.includes("web")) {
    app = await buildApp(ctx, { redis: rt.redis ?? undefined });
    await serveWeb(app, ctx);
    await app.listen({ port: config.port, host: config.host });
    const port = (app.server.address() as { port: number }).port;
    console.log(`  Sportello is running at http://localhost:${port}  (API docs: http://localhost:${port}/api/docs)\n`);
  } else {
    // Nodes without the web role still answer /healthz, /readyz and /metrics for the orchestrator.
    app = Fastify({ loggerInstance: ctx.log }) as unknown as App;
    installErrorHandling(app);
    installOps(app, ctx);
    await app.listen({ port: config.port, host: config.host });
  }
  const shutdown = async () => {
    await imap?.stop();
    await app?.close();
    await smtp?.close();
    await rt.close();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  return { rt, app };
}
