import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import pino from "pino";
import { loadConfig } from "../config";
import { createApiToken } from "../modules/auth/auth.service";
import { addMailbox } from "../modules/email/mailboxes.service";
import { createRuntime } from "../runtime";
import { builtCli, sportello } from "./cli";
import { buildAgent, buildWorkspace } from "./factories";
import { waitFor } from "./wait";
export { redisAvailable } from "./harness";

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Runs a CLI command through the built server; rejects when it exits non-zero, like execFile. */
export async function cli(args: string[], env: Record<string, string>) {
  const r = await sportello(args, env);
  if (r.code !== 0) throw Object.assign(new Error(`sportello ${args.join(" ")} exited ${r.code}: ${r.stderr}`), r);
  return r;
}

/**
 * What `sportello migrate`, `create-admin` and `mailbox add` do, done in this process (the CLI has a test of
 * its own, and each of its commands is a process start): the database that a test's nodes then start on.
 * Returns an API token of the admin ops@example.it.
 */
export async function prepareInstallation(
  env: Record<string, string>,
  opts: { mailboxes?: string[] } = {},
): Promise<string> {
  const rt = await createRuntime(loadConfig({ ...env, LOG_LEVEL: "silent" }), { log: pino({ level: "silent" }) });
  try {
    const ws = await buildWorkspace(rt.ctx.db);
    const admin = await buildAgent(rt.ctx.db, ws.id, {
      role: "admin",
      email: "ops@example.it",
      password: "a long password",
    });
    for (const address of opts.mailboxes ?? []) await addMailbox(rt.ctx, ws.id, { address });
    return (await createApiToken(rt.ctx.db, ws.id, admin.id, "test")).token;
  } finally {
    await rt.close();
  }
}

/** A Sportello process with the given roles; resolves once it answers /readyz. */
export async function startNode(
  roles: string,
  env: Record<string, string>,
): Promise<{ proc: ChildProcess; port: number; url: string; kill(signal?: NodeJS.Signals): Promise<void> }> {
  const port = await freePort();
  // NODE_FLAGS_FOR_NODES="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the nodes a benchmark starts.
  const flags = process.env.NODE_FLAGS_FOR_NODES?.split(" ").filter(Boolean) ?? [];
  // The built server, as `npm start` runs it (server/test/cli.ts): no compiler in the node.
  const proc = spawn(
    process.execPath,
    [...flags, "--enable-source-maps", await builtCli(), "start", "--roles", roles],
    {
      env: { ...process.env, LOG_LEVEL: "warn", SEED_DEMO: "never", PORT: String(port), HOST: "127.0.0.1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  proc.stdout!.on("data", (d) => (output += d));
  proc.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  // Every node, web or not, answers /readyz once its roles can work. A node starting on a busy two-core machine
  // (migrations) can take half a minute.
  await waitFor(
    async () => {
      if (proc.exitCode !== null) throw new Error(`node ${roles} exited: ${output}`);
      return fetch(`${url}/readyz`)
        .then((r) => r.ok)
        .catch(() => false);
    },
    { timeoutMs: 90_000, what: () => `node ${roles} to start: ${output}` },
  );
  return {
    proc,
    port,
    url,
    async kill(signal: NodeJS.Signals = "SIGTERM") {
      if (proc.exitCode !== null || proc.signalCode !== null) return; // already gone (a signal leaves exitCode null)
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill(signal);
      await exited;
    },
  };
}
