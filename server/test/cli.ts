import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { buildServer } from "../../scripts/build-server.mjs";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
let built: Promise<string> | null = null;

/**
 * The command line as `npm start` runs it: the server built by esbuild (scripts/build-server.mjs), once per test
 * process, into a folder of its own (the checkout's dist/ is left alone). A command through the built server
 * starts in half the time it takes through tsx, and the CLI suites start dozens of them.
 */
export function builtCli(): Promise<string> {
  built ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-cli-build-"));
    fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
    await buildServer({ outdir: path.join(dir, "dist"), quiet: true });
    return path.join(dir, "dist", "cli.mjs");
  })();
  return built;
}

/** Runs `sportello <args>` with the environment given (logs silent), and answers its exit code and output. */
export async function sportello(args: string[], env: Record<string, string>) {
  const cli = await builtCli();
  try {
    const r = await run(process.execPath, ["--enable-source-maps", cli, ...args], {
      env: { ...process.env, LOG_LEVEL: "silent", ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
