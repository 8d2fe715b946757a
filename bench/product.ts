// The product as a person runs it, for the intake benchmarks: `sportello start` (every role, default settings,
// the demo workspace created on first start) in a process of its own on a fresh data dir, signed in as the demo
// admin through the API; optionally a local relay (Postfix's smtp-sink) that accepts every outgoing email.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import SQLite from "better-sqlite3";
import { freshDatabase } from "../server/test/harness";
import { freePort } from "../server/test/nodes";
import { portAnswers, waitFor } from "../server/test/wait";

const ROOT = path.resolve(import.meta.dirname, "..");

/** CPU seconds (user + system) a process has used so far, from /proc. */
export const cpuSeconds = (pid: number) => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
};

/** Postfix's smtp-sink on a loopback port: answers 250 to every message and keeps nothing. */
export async function startRelay() {
  const port = await freePort();
  const proc = spawn("/usr/sbin/smtp-sink", ["-u", "nobody", `127.0.0.1:${port}`, "256"], { stdio: "ignore" });
  await waitFor(() => portAnswers(port), { timeoutMs: 10_000, what: "smtp-sink to listen" });
  return {
    url: `smtp://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await exited;
    },
  };
}

/** The built server in dist/, as `npm start` runs it (built once if the sources are newer). */
export function buildServer(root = ROOT) {
  execFileSync(process.execPath, [path.join(root, "scripts/build-server.mjs")], { stdio: "ignore", cwd: root });
}

export interface Product {
  proc: ChildProcess;
  url: string;
  smtpPort: number;
  /** Log lines the process wrote (stdout and stderr), a measure of what logging costs. */
  logLines(): number;
  /** An API call as the signed-in demo admin. */
  /** The answer's JSON, unread: the caller parses it with the shared schema of what it asked for. */
  api(method: string, url: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  /** Rows of a read-only query on the product's database (SQLite file or PostgreSQL). */
  query<T = Record<string, unknown>>(text: string): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startProduct(
  dialect: "sqlite" | "postgres",
  opts: { relayUrl?: string; env?: Record<string, string>; root?: string } = {},
): Promise<Product> {
  const db = await freshDatabase(dialect);
  const [port, smtpPort] = [await freePort(), await freePort()];
  // NODE_FLAGS_FOR_NODES="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the node.
  const flags = process.env.NODE_FLAGS_FOR_NODES?.split(" ").filter(Boolean) ?? [];
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(env)) if (/^(LOG_|SMTP_|SEED_|ROLES|DATABASE_|REDIS_)/.test(k)) delete env[k];
  const root = opts.root ?? ROOT;
  const proc = spawn(process.execPath, [...flags, path.join(root, "bin/sportello.js"), "start"], {
    env: {
      ...env,
      DATA_DIR: db.dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      SMTP_PORT: String(smtpPort),
      ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
      ...(opts.relayUrl ? { SMTP_RELAY_URL: opts.relayUrl } : {}),
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    cwd: root,
  });
  let lines = 0;
  let head = "";
  const count = (d: Buffer) => {
    if (head.length < 20_000) head += d;
    for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) lines++;
  };
  proc.stdout!.on("data", count);
  proc.stderr!.on("data", count);
  // BENCH_PRODUCT_LOG=FILE keeps what the node printed (with NODE_FLAGS_FOR_NODES="--trace-gc", its collections).
  if (process.env.BENCH_PRODUCT_LOG) {
    const log = fs.createWriteStream(process.env.BENCH_PRODUCT_LOG);
    proc.stdout!.pipe(log);
    proc.stderr!.pipe(log);
  }
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (proc.exitCode !== null) throw new Error(`the product exited: ${head}`);
      return fetch(`${url}/readyz`)
        .then((r) => r.ok)
        .catch(() => false);
    },
    { timeoutMs: 120_000, what: () => `the product to start: ${head}` },
  );
  const [email, password] = fs.readFileSync(path.join(db.dataDir, "demo-login.txt"), "utf8").split("\n");
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const csrf = ((await login.json()) as { csrf_token: string }).csrf_token;

  const sqlite = dialect === "sqlite" ? new SQLite(path.join(db.dataDir, "sportello.db"), { readonly: true }) : null;
  const pool = db.databaseUrl ? new pg.Pool({ connectionString: db.databaseUrl, max: 1 }) : null;
  return {
    proc,
    url,
    smtpPort,
    logLines: () => lines,
    async api(method, path, body) {
      const r = await fetch(`${url}${path}`, {
        method,
        headers: {
          cookie,
          "x-csrf-token": csrf,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, json: await r.json().catch(() => null) };
    },
    async query<T>(text: string) {
      if (sqlite) return sqlite.prepare(text).all() as T[];
      return (await pool!.query(text)).rows as T[];
    },
    async stop() {
      sqlite?.close();
      await pool?.end();
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGTERM");
        await exited;
      }
      await db.drop();
    },
  };
}

/**
 * The corpus the issue measured with (../shared/bench/imap-corpus.py: 2,000 messages, 1,584 conversations),
 * generated into a temp dir; null when ../shared is not there.
 */
export function sharedCorpus(): Buffer[] | null {
  // ../shared beside the checkout, or beside the folder of worktrees that holds it.
  const generator = ["../shared", "../../shared"]
    .map((d) => path.resolve(ROOT, d, "bench/imap-corpus.py"))
    .find((f) => fs.existsSync(f));
  if (!generator) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-corpus-"));
  try {
    execFileSync("python3", [generator, dir], { stdio: "ignore" });
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".eml"))
      .sort()
      .map((f) => fs.readFileSync(path.join(dir, f)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Waits until the product's background work is done: every domain event dispatched to its listeners and every
 * email sent, captured or given up (60 s at most). A warm-up's acknowledgements then leave before the measure.
 */
export async function settled(p: Product): Promise<void> {
  const until = performance.now() + 60_000;
  let quiet = 0;
  while (quiet < 2 && performance.now() < until) {
    const [{ n }] = await p.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM outbox WHERE dispatched_at IS NULL)
            + (SELECT count(*) FROM mail_outbox WHERE status = 'queued') AS n`,
    );
    quiet = Number(n) === 0 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The line under an intake benchmark's runs: the load, the number of runs its medians are of, the machine. */
export function machineLine(runs: number): string {
  return `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${os.cpus().length} cores; medians of ${runs} run(s); ${machineSpeed()}`;
}

/**
 * What this machine is like, for comparing figures taken on different days: the cost of a page of fresh memory
 * (on 5 December a new machine took 11 µs a page where a usual one takes well under 1; it did not set that day's
 * intake figures, bench/README.md) and a fixed loop of arithmetic on one core, each the best of three in a node
 * process of its own.
 */
function machineSpeed(): string {
  const script = `
    const best = (f) => Math.min(f(), f(), f());
    const page = best(() => { const t = process.hrtime.bigint(); Buffer.allocUnsafe(1 << 28).fill(1);
      return Number(process.hrtime.bigint() - t) / 1e3 / 65536; });
    const loop = best(() => { const t = process.hrtime.bigint(); let x = 0; for (let i = 0; i < 1e8; i++) x += i % 7;
      if (x < 0) console.log(x); return Number(process.hrtime.bigint() - t) / 1e6; });
    console.log(page.toFixed(2) + " " + loop.toFixed(0));`;
  const [page, loop] = execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim().split(" ");
  return `this machine: ${page} µs per fresh 4 KB page of memory, ${loop} ms for a fixed loop on one core`;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
