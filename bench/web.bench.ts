// The inbox in a real Chromium at N tickets: time from a click on a view to its 50 rows painted, measured in the
// page (performance.now, through the next animation frame). Uses the SQLite database `npm run bench` loads
// (bench/.data-sqlite-N) and loads it first when it is missing.
// Run: npx tsx bench/web.bench.ts [--n 1000000] [--rounds 20]
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pino from "pino";
import { launch, contextIn, signInAgent } from "../e2e/support";
import { buildApp } from "../server/app";
import { loadConfig } from "../server/config";
import { hashPassword } from "../server/modules/auth/auth.service";
import { createRuntime } from "../server/runtime";
import { freePort } from "../server/test/nodes";
import { serveWeb } from "../server/web";
import { buildWeb } from "../scripts/build-web.mjs";
import { loadTickets } from "./load";

const { values } = parseArgs({
  options: { n: { type: "string", default: "1000000" }, rounds: { type: "string", default: "20" } },
});
const N = Number(values.n);
const ROUNDS = Number(values.rounds);
const VIEWS = ["mine", "unassigned", "my_teams", "all_open", "pending", "solved"];

await buildWeb({ quiet: true });
const dataDir = path.join(import.meta.dirname, `.data-sqlite-${N}`);
const fresh = !fs.existsSync(path.join(dataDir, "sportello.db"));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const rt = await createRuntime(
  loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", PUBLIC_URL: url, LOGIN_RATE_LIMIT: "1000" }),
  { log: pino({ level: "silent" }) },
);
if (fresh) {
  const t0 = performance.now();
  await loadTickets(rt.ctx.handle, N, { progress: true });
  console.log(`loaded ${N} tickets in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
const admin = await rt.ctx.db
  .selectFrom("agents")
  .select(["id", "email"])
  .where("role", "=", "admin")
  .orderBy("id")
  .executeTakeFirstOrThrow();
const password = "bench password 1";
await rt.ctx.db
  .updateTable("agents")
  .set({ password_hash: await hashPassword(password) })
  .where("id", "=", admin.id)
  .execute();
const app = await buildApp(rt.ctx);
await serveWeb(app, rt.ctx);
await app.listen({ port, host: "127.0.0.1" });

const browser = await launch();
const page = await (await contextIn(browser, "it")).newPage();
await signInAgent(page, url, admin.email, password);

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
await browser.close();
await app.close();
await rt.close();
