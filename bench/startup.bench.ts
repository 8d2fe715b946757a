// The start of the product from a fresh data dir, as `npm start` runs it (the built server, dist/) against today's
// way before it (the TypeScript sources through tsx, which keeps esbuild processes beside the server): the time
// from the spawn to the "running at" line, and the idle RSS of the whole process tree (the node process and
// every process under it, from /proc) some seconds after. Medians of N runs, the two ways alternating.
// Run: npx tsx bench/startup.bench.ts [--runs 3] [--idle 30]
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildServer } from "../scripts/build-server.mjs";
import { buildWeb } from "../scripts/build-web.mjs";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "3" }, idle: { type: "string", default: "30" } },
});
const RUNS = Number(values.runs);
const IDLE_S = Number(values.idle);
const root = path.resolve(import.meta.dirname, "..");

// What bin/sportello.js did until the server was built: tsx's loader in the process, the sources as they are.
// A file of its own (a worker thread inherits the flags, and --input-type would stop it).
const tsxBin = path.join(root, "bench", ".startup-tsx.mjs");
fs.writeFileSync(
  tsxBin,
  `import { register } from "tsx/esm/api";
register();
(await import("../server/v8-tuning.ts")).tuneV8();
await import("../server/cli.ts");
`,
);
process.on("exit", () => fs.rmSync(tsxBin, { force: true }));

const ways = {
  built: ["bin/sportello.js", "start"],
  tsx: [tsxBin, "start"],
} as const;
type Way = keyof typeof ways;

/** The process and all its descendants, by /proc/<pid>/task/<tid>/children. */
function tree(pid: number): number[] {
  const kids: number[] = [];
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`))
      for (const c of fs.readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(" ").filter(Boolean))
        kids.push(Number(c));
  } catch {
    return [];
  }
  return [pid, ...kids.flatMap(tree)];
}
const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
const nameOf = (pid: number) => fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
/** CPU seconds (user + system) the process has used, all its threads: on a shared machine, less noisy than the clock. */
const cpuS = (pid: number) => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
};

async function once(way: Way) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-startup-"));
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...ways[way]], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: "0", SMTP_PORT: "0", LOG_FORMAT: "json", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stderr!.on("data", (d: Buffer) => (out += d));
  const readyMs = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d;
      if (/running at http:\/\/localhost:\d+/.test(out)) resolve(performance.now() - started);
    });
    child.once("exit", (code) => reject(new Error(`${way} exited (${code}) before it was ready:\n${out}`)));
  });
  const readyCpu = tree(child.pid!).reduce((sum, p) => sum + cpuS(p), 0);
  await new Promise((r) => setTimeout(r, IDLE_S * 1000));
  const pids = tree(child.pid!);
  const rss = pids.reduce((sum, p) => sum + rssMb(p), 0);
  const processes = pids.map(nameOf);
  const warnings = out.split("\n").filter((l) => /"level":(40|50|60)/.test(l)).length;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { readyMs, readyCpu, rss, processes, warnings };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// As `npm start` does first (prestart): nothing to do when the builds are fresh.
await buildWeb({ quiet: true });
await buildServer({ quiet: true });

const results: Record<Way, Awaited<ReturnType<typeof once>>[]> = { built: [], tsx: [] };
for (let i = 0; i < RUNS; i++)
  for (const way of i % 2 ? (["tsx", "built"] as const) : (["built", "tsx"] as const)) {
    const r = await once(way);
    results[way].push(r);
    console.log(
      `run ${i + 1} ${way.padEnd(5)} ready ${(r.readyMs / 1000).toFixed(2)} s (CPU ${r.readyCpu.toFixed(2)} s)  idle RSS ${r.rss.toFixed(0)} MB  ` +
        `processes: ${r.processes.join(", ")}  warnings: ${r.warnings}`,
    );
  }

console.log(`\nmedians of ${RUNS} runs, fresh data dir each (demo workspace created), RSS ${IDLE_S} s after ready:`);
console.log("| | start to ready | CPU to ready | idle RSS, process tree | processes |");
console.log("| --- | --- | --- | --- | --- |");
for (const way of ["built", "tsx"] as const) {
  const rs = results[way];
  console.log(
    `| ${way === "built" ? "built (npm start)" : "tsx (before)"} | ${(median(rs.map((r) => r.readyMs)) / 1000).toFixed(2)} s ` +
      `| ${median(rs.map((r) => r.readyCpu)).toFixed(2)} s ` +
      `| ${median(rs.map((r) => r.rss)).toFixed(0)} MB | ${rs[0].processes.length} (${rs[0].processes.join(", ")}) |`,
  );
}
