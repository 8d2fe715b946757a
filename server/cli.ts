import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, type Role } from "./config";

// The server's modules (and their dependencies: Fastify, mail parsing, queues) load only for the command that
// needs them, so a mistyped command or a missing flag answers at once instead of after two seconds of imports.
const createRuntime: typeof import("./runtime").createRuntime = async (...a) =>
  (await import("./runtime")).createRuntime(...a);
const migrateToLatest: typeof import("./db/migrate").migrateToLatest = async (...a) =>
  (await import("./db/migrate")).migrateToLatest(...a);

const USAGE = `Usage: npx sportello <command> [options]

Commands:
  start [--roles web,worker,smtp,imap]   run the given roles in this process (all by default)
  migrate                                apply database migrations
  create-admin --email E --password P [--name N]
                                         create an admin agent (or reset that admin's password)
  token create --agent EMAIL [--name N]  create a personal API token; prints the token alone
  seed-demo                              create the demo workspace (empty database only)
  backup --to FILE                       online backup of the SQLite database
  migrate-to-postgres --to URL           copy this embedded installation into an empty PostgreSQL database
  mailbox add ADDRESS [--team T] [--name N]
                                         receive email for ADDRESS (team by name or id)
  email reparse [--since DATE]           recompute the new text, quote, signature and forwarded part of
                                         received emails (since DATE, e.g. 2026-03-01) from their raw .eml
`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help") {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const opts = (spec: Record<string, { type: "string" | "boolean" }>, args = rest) => {
    try {
      return parseArgs({ args, options: spec, allowPositionals: false, strict: true }).values as Record<
        string,
        string | undefined
      >;
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  };
  const need = (v: Record<string, string | undefined>, ...keys: string[]) => {
    for (const k of keys) if (!v[k]) throw new UsageError(`missing --${k}`);
  };
  const logLevel = command === "start" ? undefined : "warn";
  const config = loadConfig(process.env, logLevel ? { logLevel } : {});

  switch (command) {
    case "start": {
      const v = opts({ roles: { type: "string" } });
      const roles = v.roles ? loadConfig({ ...process.env, ROLES: v.roles }).roles : config.roles;
      const { startRoles } = await import("./main");
      await startRoles({ ...config, roles: roles as Role[] });
      return -1; // keeps running
    }
    case "migrate": {
      opts({});
      const rt = await createRuntime(config, { migrate: false });
      const done = await migrateToLatest(rt.ctx.handle);
      console.log(done.length ? `applied: ${done.join(", ")}` : "database is up to date");
      await rt.close();
      return 0;
    }
    case "create-admin": {
      const v = opts({ email: { type: "string" }, password: { type: "string" }, name: { type: "string" } });
      need(v, "email", "password");
      if (v.password!.length < 10) throw new UsageError("--password must be at least 10 characters");
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.email!)) throw new UsageError("--email is not an email address");
      const [{ buildWorkspace }, { hashPassword }, { weakPasswordText }] = await Promise.all([
        import("./db/factories"),
        import("./modules/auth/auth.service"),
        import("./modules/auth/password-strength"),
      ]);
      const weak = await weakPasswordText(v.password!, [v.email!, v.name ?? ""]);
      if (weak) throw new UsageError(`--password is too weak:\n${weak}`);
      const rt = await createRuntime(config);
      const db = rt.ctx.db;
      const ws =
        (await db.selectFrom("workspaces").select("id").orderBy("id").executeTakeFirst()) ?? (await buildWorkspace(db));
      const email = v.email!.toLowerCase();
      const hash = await hashPassword(v.password!);
      const now = Date.now();
      await db
        .insertInto("agents")
        .values({
          workspace_id: ws.id,
          name: v.name ?? email.split("@")[0],
          email,
          password_hash: hash,
          role: "admin",
          tier: "specialist",
          languages: '["it","en"]',
          active: 1,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc
            .columns(["workspace_id", "email"])
            .doUpdateSet({ password_hash: hash, role: "admin", active: 1, updated_at: now }),
        )
        .execute();
      // A reset password ends every session signed in with the old one.
      await db
        .deleteFrom("sessions")
        .where("agent_id", "in", (eb) =>
          eb
            .selectFrom("agents")
            .select("agents.id")
            .where("agents.workspace_id", "=", ws.id)
            .where("agents.email", "=", email),
        )
        .execute();
      console.log(`admin ${email} is ready`);
      await rt.close();
      return 0;
    }
    case "token": {
      const [sub, ...args] = rest;
      if (sub !== "create") throw new UsageError("usage: sportello token create --agent EMAIL [--name NAME]");
      const v = opts({ agent: { type: "string" }, name: { type: "string" } }, args);
      need(v, "agent");
      const rt = await createRuntime(config);
      const agent = await rt.ctx.db
        .selectFrom("agents")
        .select(["id", "workspace_id"])
        .where("email", "=", v.agent!.toLowerCase())
        .where("active", "=", 1)
        .executeTakeFirst();
      if (!agent) {
        await rt.close();
        console.error(`no active agent with email ${v.agent}`);
        return 1;
      }
      const { createApiToken } = await import("./modules/auth/auth.service");
      const t = await createApiToken(rt.ctx.db, agent.workspace_id, agent.id, v.name ?? "cli");
      process.stdout.write(`${t.token}\n`);
      await rt.close();
      return 0;
    }
    case "seed-demo": {
      opts({});
      const { isEmpty, seedDemo } = await import("./db/seed");
      const rt = await createRuntime(config);
      if (!(await isEmpty(rt.ctx))) {
        await rt.close();
        console.error("the database already holds a workspace; seed-demo only fills an empty one");
        return 1;
      }
      const login = await seedDemo(rt.ctx);
      console.log(`demo workspace created; sign in as ${login.email} / ${login.password}`);
      await rt.close();
      return 0;
    }
    case "backup": {
      const v = opts({ to: { type: "string" } });
      need(v, "to");
      if (config.databaseUrl) {
        console.error(
          'backup --to works on the embedded SQLite database. For PostgreSQL use:\n  pg_dump --format=custom --file=sportello.dump "$DATABASE_URL"\nand keep DATA_DIR/files (attachments) with it.',
        );
        return 1;
      }
      const target = path.resolve(v.to!);
      if (fs.existsSync(target)) throw new UsageError(`${target} exists; choose a new file`);
      const { default: SQLite } = await import("better-sqlite3");
      const src = path.join(config.dataDir, "sportello.db");
      if (!fs.existsSync(src)) throw new UsageError(`no database at ${src}`);
      const db = new SQLite(src, { readonly: true });
      await db.backup(target);
      db.close();
      console.log(
        `backup written to ${target} (attachments stay in ${path.join(config.dataDir, "files")}: copy that folder too)`,
      );
      return 0;
    }
    case "mailbox": {
      const [sub, address, ...args] = rest;
      if (sub !== "add" || !address || address.startsWith("--"))
        throw new UsageError("usage: sportello mailbox add ADDRESS [--team T] [--name N]");
      const v = opts({ team: { type: "string" }, name: { type: "string" } }, args);
      const { ZMailboxInput, addMailbox } = await import("./modules/email/mailboxes.service");
      const parsed = ZMailboxInput.safeParse({ address, display_name: v.name ?? null });
      if (!parsed.success) throw new UsageError(`${address}: ${parsed.error.issues[0].message}`);
      const rt = await createRuntime(config);
      try {
        const ws = await rt.ctx.db.selectFrom("workspaces").select("id").orderBy("id").executeTakeFirst();
        if (!ws) throw new UsageError("no workspace yet: run `sportello start` or `create-admin` first");
        let teamId: number | null = null;
        if (v.team) {
          const team = await rt.ctx.db
            .selectFrom("teams")
            .select("id")
            .where("workspace_id", "=", ws.id)
            .where((eb) => eb.or([eb("name", "=", v.team!), eb("id", "=", Number(v.team) || 0)]))
            .executeTakeFirst();
          if (!team) throw new UsageError(`no team "${v.team}"`);
          teamId = team.id;
        }
        const m = await addMailbox(rt.ctx, ws.id, { ...parsed.data, team_id: teamId });
        console.log(`mailbox ${m.address} added (id ${m.id}${teamId ? `, team ${teamId}` : ""})`);
        return 0;
      } catch (err) {
        if (err instanceof UsageError) throw err;
        console.error(`sportello: ${(err as Error).message}`);
        return 1;
      } finally {
        await rt.close();
      }
    }
    case "email": {
      const [sub, ...args] = rest;
      if (sub !== "reparse") throw new UsageError("usage: sportello email reparse [--since DATE]");
      const v = opts({ since: { type: "string" } }, args);
      const since = v.since ? Date.parse(v.since) : 0;
      if (Number.isNaN(since)) throw new UsageError(`--since: "${v.since}" is not a date (e.g. 2026-03-01)`);
      const { reparseEmails } = await import("./modules/email/reparse");
      const { default: cliProgress } = await import("cli-progress");
      const rt = await createRuntime(config);
      const bar = process.stderr.isTTY
        ? new cliProgress.SingleBar(
            { format: "reparsing |{bar}| {value}/{total} emails", hideCursor: true },
            cliProgress.Presets.shades_classic,
          )
        : null;
      try {
        const r = await reparseEmails(rt.ctx, {
          since,
          onStart: (total) => bar?.start(total, 0),
          onProgress: (done) => bar?.update(done),
        });
        bar?.stop();
        console.log(
          `${r.updated} of ${r.total} emails split again` +
            (r.unreadable ? `, ${r.unreadable} unreadable (kept raw and flagged)` : "") +
            (r.missing ? `, ${r.missing} without their raw .eml` : ""),
        );
        return 0;
      } catch (err) {
        bar?.stop();
        console.error(`sportello: ${(err as Error).message}`);
        return 1;
      } finally {
        await rt.close();
      }
    }
    case "migrate-to-postgres": {
      const v = opts({ to: { type: "string" } });
      need(v, "to");
      if (!/^postgres(ql)?:\/\//.test(v.to!)) throw new UsageError("--to must be a postgres:// URL");
      if (config.databaseUrl)
        throw new UsageError("unset DATABASE_URL: the source is the embedded database under DATA_DIR");
      const { openDatabase } = await import("./db/index");
      const { migrateToPostgres } = await import("./scale/migrate-to-postgres");
      const source = openDatabase({ databaseUrl: null, dataDir: config.dataDir });
      const target = openDatabase({ databaseUrl: v.to!, dataDir: config.dataDir });
      try {
        await migrateToLatest(source);
        const report = await migrateToPostgres(source, target, { progress: process.stderr.isTTY });
        for (const r of report)
          console.log(
            `${r.verified ? "ok  " : "FAIL"} ${r.table.padEnd(20)} ${String(r.rows).padStart(10)} rows  checksum ${r.checksum}`,
          );
        const failed = report.filter((r) => !r.verified);
        if (failed.length) {
          console.error(`verification failed for ${failed.map((r) => r.table).join(", ")}`);
          return 1;
        }
        console.log(
          `copied and verified. Start with DATABASE_URL=${v.to} and the same DATA_DIR (attachments stay in ${config.dataDir}/files).`,
        );
        return 0;
      } catch (err) {
        console.error(`sportello: ${(err as Error).message}`);
        return 1;
      } finally {
        await source.close();
        await target.close();
      }
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    if (err instanceof UsageError || err instanceof ConfigError) {
      console.error(`sportello: ${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  },
);
