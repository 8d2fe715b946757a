// Inbound email over SMTP on loopback from several concurrent clients, on SQLite and PostgreSQL: messages per
// second, time to "250" and the server's CPU per message.
// By default through the real path: `sportello start` with its defaults and the demo workspace in a process of its
// own, the mailbox added through POST /api/v1/mailboxes, the acknowledgement of every new ticket on, once with a
// local relay that accepts them (Postfix's smtp-sink) and once without a relay. The second line is the bare node
// measured before (the smtp role alone, no demo, no worker, no acknowledgements): `--path bare`.
// The corpus is ../shared/bench/imap-corpus.py's 2,000 messages when ../shared is there (--corpus shared, the
// default), or N messages of bench/messages.ts (--corpus generated --n 10000).
// Run: npx tsx bench/ingest.bench.ts [--clients 32] [--db sqlite|postgres|both] [--path real|bare|both]
//      [--relay both|yes|no] [--runs 1] [--product DIR (another checkout, for before/after)]
//      [--warm yes (a running node's figure: 2,000 other messages first, unmeasured)]
// 32 clients by default: an MTA delivers to one destination over up to 20 connections at once (Postfix's
// default_destination_concurrency_limit), and a helpdesk hears from several MTAs at a time.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { freshDatabase, postgresAvailable } from "../server/test/harness";
import { freePort, prepareInstallation, startNode } from "../server/test/nodes";
import { benchMessages } from "./messages";
import {
  buildServer,
  cpuSeconds,
  machineLine,
  median,
  settled,
  sharedCorpus,
  startProduct,
  startRelay,
} from "./product";
import { dotStuff, smtpConnection } from "./smtp-client";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "10000" },
    clients: { type: "string", default: "32" },
    db: { type: "string", default: "both" },
    path: { type: "string", default: "both" },
    relay: { type: "string", default: "both" },
    runs: { type: "string", default: "1" },
    corpus: { type: "string", default: "shared" },
    product: { type: "string" },
    warm: { type: "string", default: "no" },
  },
});
const CLIENTS = Number(values.clients);
const dbs = (values.db === "both" ? ["sqlite", "postgres"] : [values.db!]) as ("sqlite" | "postgres")[];
const relays = values.relay === "both" ? [true, false] : [values.relay === "yes"];
const RUNS = Number(values.runs);
const root = values.product ? path.resolve(values.product) : undefined;
const ADDRESS = "support@helpdesk.test";

const shared = values.corpus === "shared" ? sharedCorpus() : null;
// The messages are built before the clock starts, so that the clients' CPU goes to sending them.
const messages = shared
  ? shared.map((raw) => ({ from: raw.toString("latin1").match(/^From:.*<([^>]+)>/m)![1], raw: dotStuff(raw) }))
  : (await benchMessages(Number(values.n), "bench")).map((m) => ({ from: m.from, raw: dotStuff(m.raw) }));
const N = messages.length;
// --warm yes: the product first takes 2,000 other messages (bench/messages.ts: other senders, other words),
// unmeasured, so that the figure is a running node's rather than a fresh process's, whose code V8 has not yet
// optimised (reading the corpus a first time costs about twice the second, bench/read.bench.ts).
const warmUp =
  values.warm === "yes"
    ? (await benchMessages(2000, "warm")).map((m) => ({ from: m.from, raw: dotStuff(m.raw) }))
    : null;

/** The main thread alone (the one that places every message in the database). */
const mainThreadSeconds = (pid: number) => {
  const f = fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
};

/** Sends every message over CLIENTS connections, each waiting for its 250 before the next. */
async function send(port: number, pid: number, batch = messages) {
  const latencies: number[] = [];
  /** When each 250 came, to see how a fresh process's pace changes once V8 has optimised the code. */
  const answered: number[] = [];
  const n = batch.length;
  let next = 0;
  const mark0 = process.hrtime.bigint() / 1000n;
  const t0 = performance.now();
  const cpu0 = cpuSeconds(pid);
  const main0 = mainThreadSeconds(pid);
  // The clients run in this process, on the same cores as the server: their CPU is part of the picture.
  const client0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const connection = await smtpConnection(port);
      while (next < n) {
        const m = batch[next++];
        const s = performance.now();
        await connection.send(m.from, ADDRESS, m.raw);
        const now = performance.now();
        latencies.push(now - s);
        answered.push(now);
      }
      connection.close();
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  // The window in CLOCK_MONOTONIC microseconds, the clock of a --cpu-prof profile's timestamps.
  if (batch === messages) console.log(`measured from ${mark0} to ${process.hrtime.bigint() / 1000n} µs (monotonic)`);
  latencies.sort((a, b) => a - b);
  const half = Math.floor(n / 2);
  return {
    rate: n / seconds,
    // Messages per second over each half of the run: the first half pays for V8's compiling in a fresh process.
    firstHalf: half / ((answered[half - 1] - t0) / 1000),
    secondHalf: (n - half) / ((answered[n - 1] - answered[half - 1]) / 1000),
    p50: latencies[Math.floor(n / 2)],
    p95: latencies[Math.floor(n * 0.95)],
    cpuMs: ((cpuSeconds(pid) - cpu0) * 1000) / n,
    mainMs: ((mainThreadSeconds(pid) - main0) * 1000) / n,
    clientMs: (({ user, system }) => (user + system) / 1000 / n)(process.cpuUsage(client0)),
  };
}
type Result = Awaited<ReturnType<typeof send>>;

async function realRun(dialect: "sqlite" | "postgres", relay: boolean) {
  const sink = relay ? await startRelay() : null;
  const p = await startProduct(dialect, { relayUrl: sink?.url, root });
  try {
    const added = await p.api("POST", "/api/v1/mailboxes", { address: ADDRESS });
    if (added.status !== 201) throw new Error(`mailbox: ${added.status} ${JSON.stringify(added.json)}`);
    if (warmUp) {
      await send(p.smtpPort, p.proc.pid!, warmUp);
      // The warm-up's own acknowledgements leave in the pause after it, as they would between two bursts of mail.
      await settled(p);
    }
    const r = await send(p.smtpPort, p.proc.pid!);
    const [{ c }] = await p.query<{ c: number }>(
      // The benchmark's mailbox only: the demo workspace's own requests came in by email too.
      `SELECT count(DISTINCT ticket_id) AS c FROM email_messages WHERE direction = 'in' AND ticket_id IS NOT NULL
         AND mailbox_id = ${(added.json as { id: number }).id} AND header_message_id NOT LIKE '%warm-%'`,
    );
    return { ...r, conversations: Number(c) };
  } finally {
    await p.stop();
    await sink?.stop();
  }
}

async function bareRun(dialect: "sqlite" | "postgres") {
  const db = await freshDatabase(dialect);
  const env: Record<string, string> = {
    DATA_DIR: db.dataDir,
    LOG_LEVEL: "error",
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
  };
  await prepareInstallation(env, { mailboxes: [ADDRESS] });
  const smtpPort = await freePort();
  const node = await startNode("smtp", { ...env, SMTP_PORT: String(smtpPort) });
  try {
    return await send(smtpPort, node.proc.pid!);
  } finally {
    await node.kill();
    await db.drop();
  }
}

buildServer(root);
const line = (r: Omit<Result, "firstHalf" | "secondHalf">) =>
  `${r.rate.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.cpuMs.toFixed(2)} | ${r.mainMs.toFixed(2)} | ${r.clientMs.toFixed(2)}`;
const rows: string[] = [];
for (const dialect of dbs) {
  if (dialect === "postgres" && !(await postgresAvailable())) continue;
  if (values.path !== "bare")
    for (const relay of relays) {
      const runs: (Result & { conversations: number })[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await realRun(dialect, relay);
        console.log(
          `${dialect}, real path, ${relay ? "relay" : "no relay"}: ${line(r)} | ${r.conversations} | halves ${r.firstHalf.toFixed(0)} / ${r.secondHalf.toFixed(0)} msg/s`,
        );
        runs.push(r);
      }
      const m = (k: keyof Result) => median(runs.map((r) => r[k]));
      rows.push(
        `| ${dialect} | real path, ${relay ? "relay" : "no relay"} | ${N} | ${CLIENTS} | ${line({ rate: m("rate"), p50: m("p50"), p95: m("p95"), cpuMs: m("cpuMs"), mainMs: m("mainMs"), clientMs: m("clientMs") })} | ${runs.map((r) => r.conversations).join(", ")} |`,
      );
    }
  if (values.path !== "real") {
    const r = await bareRun(dialect);
    console.log(
      `${dialect}, bare smtp node: ${line(r)} | halves ${r.firstHalf.toFixed(0)} / ${r.secondHalf.toFixed(0)} msg/s`,
    );
    rows.push(`| ${dialect} | bare smtp node | ${N} | ${CLIENTS} | ${line(r)} | |`);
  }
}
console.log(`\n${machineLine(RUNS)}`);
console.log(
  "| database | path | messages | clients | messages/s | median ms to 250 | p95 ms to 250 | server CPU ms per message | of which the main thread | the clients' CPU ms per message | conversations |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
);
for (const r of rows) console.log(r);
