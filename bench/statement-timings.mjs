// Preloaded into a node a benchmark starts (NODE_FLAGS_FOR_NODES="--import ./bench/statement-timings.mjs", with
// STATEMENT_TIMINGS_FILE=/tmp/statements.json): times every SQLite statement the node runs, by its SQL, and writes
// the totals when the process exits. Every better-sqlite3 statement shares one prototype, so the app is untouched.
import fs from "node:fs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const SQLite = createRequire(import.meta.url)("better-sqlite3");
const statements = new Map();
const probe = new SQLite(":memory:");
const proto = Object.getPrototypeOf(probe.prepare("SELECT 1"));
probe.close();
for (const method of ["run", "all", "get", "iterate"]) {
  const original = proto[method];
  proto[method] = function (...args) {
    const t = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      const e = statements.get(this.source) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += performance.now() - t;
      statements.set(this.source, e);
    }
  };
}
process.on("exit", () => {
  const rows = [...statements].map(([sql, e]) => ({ ms: Math.round(e.ms), n: e.n, sql: sql.slice(0, 300) }));
  rows.sort((a, b) => b.ms - a.ms);
  fs.writeFileSync(process.env.STATEMENT_TIMINGS_FILE ?? "statements.json", JSON.stringify(rows, null, 1));
});
