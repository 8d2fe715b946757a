// Builds the server (server/ -> dist/) with esbuild when the build is missing or older than its sources, as
// build-web.mjs does for the web app. Runs before `npm start` (prestart); bin/sportello.js runs dist/ when
// serverBuildIsFresh() says so and the sources through tsx otherwise. A build takes about a second.
//
// One ESM bundle per entry, code shared between them split into chunks, all in one flat folder: the worker
// threads are started with new URL("./<file>", import.meta.url) from whichever chunk holds that code, so they must
// sit beside it. Packages under node_modules stay outside the bundle (better-sqlite3 is native; the others
// are loaded from node_modules as with tsx, so the process loads the same code). Source maps beside each file:
// bin/sportello.js turns them on, so stack traces name server/*.ts.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const serverDist = path.join(root, "dist");
const STAMP = ".built";
const sources = ["server", "shared", "scripts/build-server.mjs", "package.json", "tsconfig.json"].map((p) =>
  path.join(root, p),
);

/** Entry points: the CLI, what bin/sportello.js calls before it, and the worker threads' files. */
const entryPoints = {
  cli: "server/cli.ts",
  "v8-tuning": "server/v8-tuning.ts",
  // smtp-server.ts starts new URL("./smtp-thread.mjs", import.meta.url): in the sources a file that loads tsx
  // first, here the thread's code itself.
  "smtp-thread": "thread:server/modules/email/smtp-thread.ts",
  // reader.ts starts new URL("./read-thread.mjs", import.meta.url), the same way.
  "read-thread": "thread:server/modules/email/read-thread.ts",
};

/**
 * A worker thread does not inherit process.setSourceMapsEnabled(true) from the main thread: its entry turns
 * source maps on for itself, then loads the thread's code.
 */
const threadEntries = {
  name: "thread-entries",
  setup(b) {
    b.onResolve({ filter: /^thread:/ }, (a) => ({ path: a.path.slice("thread:".length), namespace: "thread" }));
    b.onLoad({ filter: /.*/, namespace: "thread" }, (a) => ({
      contents: `process.setSourceMapsEnabled(true);\nawait import(${JSON.stringify(`./${a.path}`)});\n`,
      resolveDir: root,
      loader: "js",
    }));
  },
};
/**
 * Packages stay under node_modules, loaded from there at run time (better-sqlite3 and argon2 are native, pino
 * starts threads from its own files), except pure JavaScript ones made of many small modules: Node
 * resolves, reads and compiles each file on its own, and kysely's 400 files and zod's 100 were about a third of
 * the start. Those are bundled, with the packages they import. mailparser too, in a chunk of its own loaded with
 * the first message read (read-mail.ts imports it dynamically): its 70 files and those of its dependencies took
 * 180 ms of CPU to load, bundled 70, on the thread that reads, while the first messages waited (the first message
 * a started product receives over SMTP: 290 -> 262 ms to its 250, medians of five alternating starts).
 */
const BUNDLED = /^(kysely|zod|mailparser)(\/|$)/;
const inNodeModules = (file) => file.split(path.sep).includes("node_modules");
const packagesOutside = {
  name: "packages-outside",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (a) =>
      a.kind === "entry-point" || a.path.startsWith("thread:") || BUNDLED.test(a.path) || inNodeModules(a.importer)
        ? undefined
        : { external: true },
    );
  },
};
/** Plain JavaScript started as a worker thread (new URL("./checkpointer.cjs", import.meta.url)): copied as is. */
const copied = ["server/db/checkpointer.cjs"];

/** Newest modification time under p; tests do not go into the build. */
function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return /\.test\.tsx?$/.test(p) ? 0 : st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
}

/** True when dist/ holds a complete build newer than every source file. */
export function serverBuildIsFresh(outdir = serverDist) {
  const stamp = path.join(outdir, STAMP);
  if (!fs.existsSync(stamp)) return false;
  return fs.statSync(stamp).mtimeMs >= Math.max(...sources.map(newest));
}

export async function buildServer({ outdir = serverDist, force = false, quiet = false } = {}) {
  if (!force && serverBuildIsFresh(outdir)) return false;
  const { build } = await import("esbuild");
  const started = Date.now();
  // Old chunks (named by hash) would pile up; the stamp goes last, so a failed build is never taken as fresh.
  fs.rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    plugins: [threadEntries, packagesOutside],
    outExtension: { ".js": ".mjs" },
    sourcemap: true,
    sourcesContent: false,
    logLevel: quiet ? "error" : "warning",
    // No keepNames: it wraps every named function in a call that redefines its `name` (3,400 of them), also each
    // time a closure is made, and the reading path makes many (mailparser's, per header and address): 1-2 % of the
    // SMTP thread's CPU in a fresh run's profile. Stack traces keep the source's names through the source maps;
    // a function the bundle renames on a clash (agentName -> agentName2) has the new `name`, and no code reads it.
    keepNames: false,
    // Bundled CommonJS packages (mailparser's dependencies) require Node's own modules: an ES module has no
    // require, so every file gets one.
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);',
    },
  });
  for (const file of copied) fs.copyFileSync(path.join(root, file), path.join(outdir, path.basename(file)));
  fs.writeFileSync(path.join(outdir, STAMP), new Date().toISOString());
  if (!quiet) console.log(`server built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--outdir");
  await buildServer({
    force: process.argv.includes("--force"),
    outdir: i > 0 ? path.resolve(process.argv[i + 1]) : undefined,
  });
}
