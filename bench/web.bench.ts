// The inbox in a real Chromium at N tickets: time from a click on a view to its 50 rows painted, measured in the
// page (performance.now, through the next animation frame). Uses the SQLite database `npm run bench` loads
// (bench/.data-sqlite-N) and loads it first when it is missing.
// Then the public web form on an emulated slow 4G link (Lighthouse's "Slow 4G": 562.5 ms latency, 1.6 Mbps down,
// 750 kbps up): the time to its first field shown, median of 5 fresh loads of /portal/new and of /form.
// Run: npx tsx bench/web.bench.ts [--n 1000000] [--rounds 20] [--form-only]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pino from "pino";
import { launch, contextIn, signInAgent } from "../e2e/support";
import { buildApp } from "../server/app";
import { loadConfig } from "../server/config";
import { createApiToken } from "../server/modules/auth/auth.service";
import { createRuntime } from "../server/runtime";
import { freePort } from "../server/test/nodes";
import { serveWeb } from "../server/web";
import { buildWeb } from "../scripts/build-web.mjs";
import { loadTickets } from "./load";
import { formShown } from "./web-form";
import { agentFlows, BENCH_PASSWORD, benchAdmin, median, p95 } from "./web-flows";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "1000000" },
    rounds: { type: "string", default: "20" },
    "form-only": { type: "boolean", default: false },
  },
});
const N = Number(values.n);
const ROUNDS = Number(values.rounds);
const VIEWS = ["mine", "unassigned", "my_teams", "all_open", "pending", "solved"];

const FORM_ONLY = values["form-only"];

await buildWeb({ quiet: true });
// The web form needs no tickets: with --form-only, an empty database of its own.
const dataDir = FORM_ONLY
  ? fs.mkdtempSync(path.join(os.tmpdir(), "sportello-web-bench-"))
  : path.join(import.meta.dirname, `.data-sqlite-${N}`);
const fresh = !fs.existsSync(path.join(dataDir, "sportello.db"));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const rt = await createRuntime(
  loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", PUBLIC_URL: url, LOGIN_RATE_LIMIT: "1000" }),
  { log: pino({ level: "silent" }) },
);
if (fresh && !FORM_ONLY) {
  const t0 = performance.now();
  await loadTickets(rt.ctx.handle, N, { progress: true });
  console.log(`loaded ${N} tickets in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
const app = await buildApp(rt.ctx);
await serveWeb(app, rt.ctx);
await app.listen({ port, host: "127.0.0.1" });

const browser = await launch();

async function inboxBench() {
  const { email, password } = await benchAdmin(rt.ctx.db);
  const page = await (await contextIn(browser, "it")).newPage();
  await signInAgent(page, url, email, password);

  /** Clicks a view and resolves with the milliseconds until its rows are in the DOM and painted. */
  // A string, not a function: tsx would wrap named functions in a helper the page does not have.
  const SWITCH = `(v) => {
    const t0 = performance.now();
    document.querySelector('[data-view="' + v + '"]').click();
    return new Promise((resolve) => {
      const check = () => {
        const table = document.querySelector('table[data-loaded-view="' + v + '"]');
        if (table) requestAnimationFrame(() => resolve({ ms: performance.now() - t0, rows: table.querySelectorAll("tbody tr[data-row-index]").length }));
        else requestAnimationFrame(check);
      };
      check();
    });
  }`;
  const switchTo = (view: string) =>
    page.evaluate(`(${SWITCH})(${JSON.stringify(view)})`) as Promise<{ ms: number; rows: number }>;

  const per = new Map<string, number[]>(VIEWS.map((v) => [v, []]));
  const rows = new Map<string, number>();
  for (let r = 0; r < ROUNDS + 2; r++) {
    for (const v of VIEWS) {
      const { ms, rows: n } = await switchTo(v);
      if (r >= 2) per.get(v)!.push(ms); // two warm-up rounds
      rows.set(v, n);
    }
  }
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
  };
  const all = [...per.values()].flat();
  const lines = [
    `| view switch in Chromium, SQLite ${N.toLocaleString("en")} tickets | rows | median ms | p95 ms |`,
    "| --- | --- | --- | --- |",
  ];
  for (const v of VIEWS) {
    const s = stats(per.get(v)!);
    lines.push(`| ${v} | ${rows.get(v)} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} |`);
  }
  const s = stats(all);
  lines.push(`| all views (${all.length} switches) | | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} |`);
  console.log(lines.join("\n"));
  console.log(`target: a view switch under 100 ms with 50 rows rendered`);
  fs.writeFileSync(path.join(import.meta.dirname, `results-web-${N}.md`), `${lines.join("\n")}\n`);
}

if (!FORM_ONLY) await inboxBench();
if (!FORM_ONLY) await flowsBench();

/** Issue 19's flows (bench/web-flows.ts), written beside the view switches in results-web-N.md. */
async function flowsBench() {
  const ws = await rt.ctx.db.selectFrom("workspaces").select("id").orderBy("id").executeTakeFirstOrThrow();
  const admin = await rt.ctx.db
    .selectFrom("agents")
    .select(["id", "email"])
    .where("workspace_id", "=", ws.id)
    .where("role", "=", "admin")
    .orderBy("id")
    .executeTakeFirstOrThrow();
  const other = await rt.ctx.db
    .selectFrom("agents")
    .select("id")
    .where("workspace_id", "=", ws.id)
    .where("id", "!=", admin.id)
    .orderBy("id")
    .executeTakeFirstOrThrow();
  const token = (await createApiToken(rt.ctx.db, ws.id, other.id, "web bench")).token;
  const names = (
    await rt.ctx.db.selectFrom("customers").select("name").where("workspace_id", "=", ws.id).limit(1000).execute()
  )
    .filter((_, i) => i % 50 === 7)
    .flatMap((c) => (c.name ? [c.name] : []));
  const flows = await agentFlows(
    browser,
    url,
    { email: admin.email, password: BENCH_PASSWORD },
    {
      rounds: ROUNDS,
      customerNames: names,
      postNote: async (number, text) => {
        const res = await fetch(`${url}/api/v1/tickets/${number}/messages`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ body_text: text, internal: true }),
        });
        if (res.status !== 201) throw new Error(`note: ${res.status} ${await res.text()}`);
      },
    },
  );
  const row = (what: string, xs: number[], target: string) =>
    `| ${what} | ${xs.length} | ${median(xs).toFixed(1)} | ${p95(xs).toFixed(1)} | ${target} |`;
  const lines = [
    `| the agent's flows in Chromium, SQLite ${N.toLocaleString("en")} tickets | runs | median ms | p95 ms | target ms |`,
    "| --- | --- | --- | --- | --- |",
    row("inbox with rows, cold navigation (browser cache emptied)", flows.cold, "400"),
    row("inbox with rows, warm navigation", flows.warm, "200"),
    row("a ticket opened from the inbox, thread painted", flows.open, "50"),
    row("search results by a customer's name", flows.search, "100"),
    row("another agent's note shown on an open ticket (sent to painted)", flows.push, "200"),
  ];
  console.log(lines.join("\n"));
  fs.appendFileSync(path.join(import.meta.dirname, `results-web-${N}.md`), `\n${lines.join("\n")}\n`);
}

const form = ["/portal/new", "/form"];
const formLines = [
  "| web form on slow 4G (562.5 ms, 1.6 Mbps down, 750 kbps up), fresh cache | median ms to first field shown | each load ms | bytes received | scripts sent as |",
  "| --- | --- | --- | --- | --- |",
];
for (const p of form) {
  const r = await formShown(browser, `${url}${p}`, 5);
  formLines.push(
    `| ${p} | ${r.median.toFixed(0)} | ${r.times.map((t) => t.toFixed(0)).join(", ")} | ${r.bytes} | ${r.encoding} |`,
  );
}
console.log(formLines.join("\n"));
console.log("target: the web form shown under 1500 ms");
await browser.close();
await app.close();
await rt.close();
if (FORM_ONLY) fs.rmSync(dataDir, { recursive: true, force: true });
