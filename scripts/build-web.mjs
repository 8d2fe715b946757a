// Builds the web app (web/ -> web/dist) when the build is missing or older than its sources. Runs before
// `npm start` (prestart) and before the browser tests; a fresh build takes a few seconds.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "web/dist");
const stamp = path.join(dist, ".built");
// Every page (index.html, portal.html, form.html), the code and the build's own configuration.
const pages = fs.readdirSync(path.join(root, "web")).filter((f) => f.endsWith(".html"));
const sources = ["web/src", "web/public", "web/vite.config.ts", "shared", ...pages.map((p) => `web/${p}`)].map((p) =>
  path.join(root, p),
);

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
}

export async function buildWeb({ force = false, quiet = false } = {}) {
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  if (!force && built && built >= Math.max(...sources.map(newest))) return false;
  const { build } = await import("vite");
  const started = Date.now();
  // Built aside and swapped in whole: a server or a test in another process that reads web/dist meanwhile finds
  // the old build or the new one, never half of one.
  const aside = `${dist}.${process.pid}`;
  // The production build whoever asks, a test runner too (vitest sets NODE_ENV=test, which would give React's
  // development build): the browser tests and benches see what ships.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    // Two passes into one folder (web/vite.config.ts says why): the agent app with React, then the customers'
    // pages (portal, web form) with Preact.
    for (const mode of ["agent", "customer"])
      await build({
        configFile: path.join(root, "web/vite.config.ts"),
        mode,
        logLevel: quiet ? "warn" : "info",
        build: { outDir: aside, emptyOutDir: mode === "agent" },
      });
  } finally {
    if (env === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = env;
  }
  fs.writeFileSync(path.join(aside, ".built"), new Date().toISOString());
  const old = `${dist}.old.${process.pid}`;
  if (fs.existsSync(dist)) fs.renameSync(dist, old);
  fs.renameSync(aside, dist);
  fs.rmSync(old, { recursive: true, force: true });
  if (!quiet) console.log(`web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildWeb({ force: process.argv.includes("--force") });
}
