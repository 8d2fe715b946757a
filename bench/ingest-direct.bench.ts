// The inbound pipeline without SMTP: ingest() called directly on raw messages, to see where the time goes.
// Run: node --cpu-prof --import tsx bench/ingest-direct.bench.ts [--n 2000] [--concurrency 8] (32: as an IMAP fetch keeps in flight)
// --statements (SQLite): also the time of each SQL statement per message, the commit included.
import { parseArgs } from "node:util";
import SQLite from "better-sqlite3";
import { ingest } from "../server/modules/email/inbound";
import { testEnv } from "../server/test/harness";
import { benchMessages } from "./messages";
import { tuneV8 } from "../server/v8-tuning";

// As in a node started by bin/sportello.js (the pipeline runs in this process here).
tuneV8();

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "2000" },
    db: { type: "string", default: "sqlite" },
    concurrency: { type: "string", default: "8" },
    statements: { type: "boolean", default: false },
  },
});
const N = Number(values.n);

// Every better-sqlite3 statement shares one prototype: timing its run() and all() times every statement the
// app runs, without touching the app. Counting starts with the clock.
const statements = new Map<string, { n: number; ms: number }>();
let counting = false;
if (values.statements) {
  const probe = new SQLite(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<
    "run" | "all",
    (...args: unknown[]) => unknown
  >;
  probe.close();
  for (const method of ["run", "all"] as const) {
    const original = proto[method];
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      if (!counting) return original.apply(this, args);
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
}
const env = await testEnv(values.db as "sqlite" | "postgres", {}, { worker: false });
await env.app.inject({
  method: "POST",
  url: "/api/v1/mailboxes",
  headers: env.auth(env.adminToken),
  payload: { address: "inbox@example.it" },
});
const raws = (await benchMessages(N, "d")).map((m) => m.raw);
counting = true;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const lat: number[] = [];
let next = 0;
await Promise.all(
  Array.from({ length: Number(values.concurrency) }, async () => {
    while (next < N) {
      const raw = raws[next++];
      const s = performance.now();
      await ingest(env.rt.ctx, { raw, recipients: ["inbox@example.it"] });
      lat.push(performance.now() - s);
    }
  }),
);
const secs = (performance.now() - t0) / 1000;
counting = false;
const cpu = process.cpuUsage(cpu0);
lat.sort((a, b) => a - b);
console.log(
  `${values.db}: ${N} messages in ${secs.toFixed(1)} s = ${(N / secs).toFixed(0)}/s, median ${lat[N >> 1].toFixed(1)} ms, p95 ${lat[Math.floor(N * 0.95)].toFixed(1)} ms, CPU ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms per message (user ${(cpu.user / 1000 / N).toFixed(2)}, system ${(cpu.system / 1000 / N).toFixed(2)})`,
);
if (values.statements) {
  const total = [...statements.values()].reduce((sum, e) => sum + e.ms, 0);
  console.log(
    `\nSQLite statements: ${(total / N).toFixed(3)} ms per message in all\n| ms per message | runs per message | statement |\n| --- | --- | --- |`,
  );
  for (const [text, e] of [...statements].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
    console.log(`| ${(e.ms / N).toFixed(3)} | ${(e.n / N).toFixed(2)} | ${text.replace(/\s+/g, " ").slice(0, 110)} |`);
  }
}
await env.close();
