// Where a navigation's time goes: the inbox opened cold (browser cache emptied) and warm at N tickets, with every
// request the page made (start and end since the navigation began, from the browser's resource timing) and the
// moment its rows were painted. Uses the database of `bench/web.bench.ts` (bench/.data-sqlite-N).
// Run: npx tsx bench/web-waterfall.ts [--n 1000000] [--path /]
import path from "node:path";
import { parseArgs } from "node:util";
import pino from "pino";
import { launch, contextIn, signInAgent } from "../e2e/support";
import { buildApp } from "../server/app";
import { loadConfig } from "../server/config";
import { benchAdmin } from "./web-flows";
import { createRuntime } from "../server/runtime";
import { freePort } from "../server/test/nodes";
import { serveWeb } from "../server/web";
import { buildWeb } from "../scripts/build-web.mjs";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "1000000" },
    path: { type: "string", default: "/" },
    profile: { type: "boolean", default: false },
    trace: { type: "boolean", default: false },
    open: { type: "boolean", default: false },
  },
});
await buildWeb({ quiet: true });
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const rt = await createRuntime(
  loadConfig({
    DATA_DIR: path.join(import.meta.dirname, `.data-sqlite-${values.n}`),
    LOG_LEVEL: "silent",
    PUBLIC_URL: url,
    LOGIN_RATE_LIMIT: "1000",
  }),
  { log: pino({ level: "silent" }) },
);
const app = await buildApp(rt.ctx);
await serveWeb(app, rt.ctx);
await app.listen({ port, host: "127.0.0.1" });
const admin = await benchAdmin(rt.ctx.db);
const browser = await launch();
const context = await contextIn(browser, "it");
const page = await context.newPage();
await signInAgent(page, url, admin.email, admin.password);
const cdp = await context.newCDPSession(page);
const ROWS = "table[data-loaded-view] tbody tr[data-row-index]";
const TRACE_CATEGORIES = ["devtools.timeline", "v8", "blink", "disabled-by-default-v8.compile"];

const WATERFALL = `() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const rows = [["document", 0, nav.responseEnd, nav.transferSize]];
  for (const r of performance.getEntriesByType("resource"))
    rows.push([r.name.replace(location.origin, ""), r.startTime, r.responseEnd, r.transferSize]);
  const marks = { domInteractive: nav.domInteractive, domContentLoaded: nav.domContentLoadedEventEnd };
  return new Promise((res) => requestAnimationFrame(() => res({ rows, marks, painted: performance.now() })));
}`;
for (let round = 0; round < 4; round++) {
  for (const cold of [true, false]) {
    if (cold) await cdp.send("Network.clearBrowserCache");
    await page.goto(`${url}${values.path}`, { waitUntil: "commit" });
    await page.waitForSelector(ROWS);
    const w = (await page.evaluate(`(${WATERFALL})()`)) as {
      rows: [string, number, number, number][];
      marks: Record<string, number>;
      painted: number;
    };
    if (round === 0) continue;
    console.log(`\n${cold ? "cold" : "warm"} round ${round}: rows painted at ${w.painted.toFixed(0)} ms`, w.marks);
    for (const [name, start, end, size] of w.rows)
      console.log(
        `  ${start.toFixed(0).padStart(5)} → ${end.toFixed(0).padStart(5)}  ${String(size).padStart(7)}  ${name.slice(0, 110)}`,
      );
  }
}
// Opening a ticket from the inbox: the requests from the click to the thread painted.
if (values.open) {
  for (let round = 0; round < 4; round++) {
    await page.goto(`${url}${values.path}`, { waitUntil: "commit" });
    await page.waitForSelector(ROWS);
    await page.waitForTimeout(1500); // the agent reads the list; the ticket page's script is fetched meanwhile
    const prof = round === 3 && values.profile ? await context.newCDPSession(page) : null;
    const tracing = round === 3 && values.trace;
    if (tracing) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    if (prof) {
      await prof.send("Profiler.enable");
      await prof.send("Profiler.setSamplingInterval", { interval: 200 });
      await prof.send("Profiler.start");
    }
    const w = (await page.evaluate(`(async () => {
      performance.clearResourceTimings();
      const t0 = performance.now();
      document.querySelector(${JSON.stringify(`${ROWS}:nth-child(${round + 1}) a[data-ticket-link]`)}).click();
      await new Promise((r) => { const c = () => document.querySelector(".thread .message") ? requestAnimationFrame(r) : requestAnimationFrame(c); c(); });
      return { painted: performance.now() - t0, rows: performance.getEntriesByType("resource").map((r) => [r.name.replace(location.origin, ""), r.startTime - t0, r.responseEnd - t0]) };
    })()`)) as { painted: number; rows: [string, number, number][] };
    if (prof) printSlices(((await prof.send("Profiler.stop")) as { profile: Profile }).profile);
    if (tracing) printTrace(await browser.stopTracing());
    console.log(`\nopen round ${round}: thread painted at ${w.painted.toFixed(0)} ms`);
    for (const [name, start, end] of w.rows)
      console.log(`  ${start.toFixed(0).padStart(5)} → ${end.toFixed(0).padStart(5)}  ${name.slice(0, 110)}`);
  }
}

// The page's main thread during a warm navigation, in 10 ms slices: idle, or the functions that ran most.
if (values.profile && !values.open) {
  await page.goto(`${url}${values.path}`, { waitUntil: "commit" });
  await page.waitForSelector(ROWS);
  const prof = await context.newCDPSession(page);
  await prof.send("Profiler.enable");
  await prof.send("Profiler.setSamplingInterval", { interval: 200 });
  await prof.send("Profiler.start");
  const t0 = Date.now();
  await page.goto(`${url}${values.path}`, { waitUntil: "commit" });
  await page.waitForSelector(ROWS);
  console.log("painted after", Date.now() - t0, "ms (wall, from goto)");
  printSlices(((await prof.send("Profiler.stop")) as { profile: Profile }).profile);
}
// The renderer's main thread during a warm navigation, from Chromium's trace: time per kind of work.
if (values.trace && !values.open) {
  await page.goto(`${url}${values.path}`, { waitUntil: "commit" });
  await page.waitForSelector(ROWS);
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await page.goto(`${url}${values.path}`, { waitUntil: "commit" });
  await page.waitForSelector(ROWS);
  printTrace(await browser.stopTracing());
}
/** The renderer's main thread in a Chromium trace: time per kind of work, and when the long pieces ran. */
function printTrace(buffer: Buffer) {
  const trace = JSON.parse(buffer.toString()) as {
    traceEvents: {
      name: string;
      ph: string;
      ts: number;
      dur?: number;
      tid: number;
      pid: number;
      args?: { name?: string };
    }[];
  };
  const main = trace.traceEvents.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const evs = trace.traceEvents.filter((e) => e.ph === "X" && e.dur && e.tid === main?.tid && e.pid === main?.pid);
  const t0 = Math.min(...evs.map((e) => e.ts));
  const by = new Map<string, number>();
  for (const e of evs) by.set(e.name, (by.get(e.name) ?? 0) + e.dur! / 1000);
  console.log("main thread, ms per event name (nested events counted in each):");
  for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`  ${v.toFixed(1).padStart(7)}  ${k}`);
  const top = [
    "Layout",
    "UpdateLayoutTree",
    "Paint",
    "MajorGC",
    "MinorGC",
    "V8.GC_SCAVENGER",
    "EvaluateScript",
    "v8.compile",
    "FunctionCall",
    "ParseHTML",
    "PrePaint",
    "Layerize",
  ];
  console.log("when (ms from the first event):");
  for (const e of evs.filter((x) => top.includes(x.name) && x.dur! > 2000)) {
    console.log(`  ${((e.ts - t0) / 1000).toFixed(0).padStart(5)} +${(e.dur! / 1000).toFixed(1)}  ${e.name}`);
    if (e.name !== "FunctionCall" || e.dur! < 10_000) continue;
    // What a long call spent its time on (nested events, each counted in every event around it).
    const inside = new Map<string, number>();
    for (const x of evs)
      if (x !== e && x.ts >= e.ts && x.ts + x.dur! <= e.ts + e.dur!)
        inside.set(x.name, (inside.get(x.name) ?? 0) + x.dur! / 1000);
    const most = [...inside].sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`         ${most.map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ")}`);
  }
}
function printSlices(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  let t = profile.startTime;
  const slices = new Map<number, Map<string, number>>();
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    const slice = Math.floor((t - profile.startTime) / 10000);
    const n = byId.get(id)!;
    const name = n.callFrame.functionName || "(anon)";
    // the frame under the top one that belongs to our code or React, for context
    let ctx = "";
    for (let p = n; p; p = byId.get(parent.get(p.id)!)!) {
      const u = p.callFrame.url;
      if (u.includes("/assets/") && p.callFrame.functionName) {
        ctx = `${p.callFrame.functionName}@${u.split("/").pop()}:${p.callFrame.lineNumber}`;
        break;
      }
    }
    const key = name === "(idle)" || name === "(program)" ? name : `${name} < ${ctx}`;
    const m = slices.get(slice) ?? new Map<string, number>();
    m.set(key, (m.get(key) ?? 0) + profile.timeDeltas[i] / 1000);
    slices.set(slice, m);
  });
  const total = new Map<string, number>();
  for (const m of slices.values()) for (const [k, v] of m) total.set(k, (total.get(k) ?? 0) + v);
  console.log("self time in all, ms:");
  for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`  ${v.toFixed(1).padStart(6)}  ${k.slice(0, 110)}`);
  for (const [s, m] of [...slices].sort((a, b) => a[0] - b[0])) {
    const top = [...m].sort((a, b) => b[1] - a[1]).slice(0, 3);
    console.log(
      `${String(s * 10).padStart(5)} ms  ${top.map(([k, v]) => `${v.toFixed(1)} ${k.slice(0, 70)}`).join(" | ")}`,
    );
  }
}
interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

await browser.close();
await app.close();
await rt.close();
