// Inbound email throughput: N messages over SMTP on loopback from several concurrent clients, into a node
// with the smtp role, on SQLite and PostgreSQL. Prints messages per second and the time to "250".
// Run: npx tsx bench/ingest.bench.ts [--n 10000] [--clients 32] [--db sqlite|postgres|both]
// 32 clients by default: an MTA delivers to one destination over up to 20 connections at once (Postfix's
// default_destination_concurrency_limit), and a helpdesk hears from several MTAs at a time.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { freshDatabase, postgresAvailable } from "../server/test/harness";
import { freePort, prepareInstallation, startNode } from "../server/test/nodes";
import { benchMessages } from "./messages";
import { dotStuff, smtpConnection } from "./smtp-client";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "10000" },
    clients: { type: "string", default: "32" },
    db: { type: "string", default: "both" },
  },
});
const N = Number(values.n);
const CLIENTS = Number(values.clients);
const dbs = values.db === "both" ? ["sqlite", "postgres"] : [values.db!];

/** CPU seconds (user + system) a process has used so far, from /proc: the server's cost per message, which the
 * shared machine's load changes far less than it changes the wall-clock rate. */
const cpuSeconds = (pid: number) => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");

  return (Number(f[11]) + Number(f[12])) / 100;
};
/** The same for the main thread alone (the one that places every message in the database). */
const mainThreadSeconds = (pid: number) => {
  const f = fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8").split(") ")[1].split(" ");

  return (Number(f[11]) + Number(f[12])) / 100;
};

const rows: string[] = [];
for (const dialect of dbs) {
  if (dialect === "postgres" && !(await postgresAvailable())) continue;
  const db = await freshDatabase(dialect as "sqlite" | "postgres");
  const env: Record<string, string> = {
    DATA_DIR: db.dataDir,
    LOG_LEVEL: "error",
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
  };
  await prepareInstallation(env, { mailboxes: ["inbox@example.it"] });
  const smtpPort = await freePort();
  const node = await startNode("smtp", { ...env, SMTP_PORT: String(smtpPort) });
  // The messages are built before the clock starts (as nodemailer builds them), so that the clients' CPU goes
  // to sending them: the server shares the machine's two cores with its load.
  const messages = (await benchMessages(N, "bench")).map((m) => ({ from: m.from, raw: dotStuff(m.raw) }));
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const cpu0 = cpuSeconds(node.proc.pid!);
  const main0 = mainThreadSeconds(node.proc.pid!);
  const client0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const connection = await smtpConnection(smtpPort);
      while (next < N) {
        const m = messages[next++];
        const s = performance.now();
        await connection.send(m.from, "inbox@example.it", m.raw);
        latencies.push(performance.now() - s);
      }
      connection.close();
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpuMs = ((cpuSeconds(node.proc.pid!) - cpu0) * 1000) / N;
  const mainMs = ((mainThreadSeconds(node.proc.pid!) - main0) * 1000) / N;
  const clientUse = process.cpuUsage(client0);
  console.log(`load generator CPU ${((clientUse.user + clientUse.system) / 1000 / N).toFixed(2)} ms per message`);
  await node.kill();
  await db.drop();
  latencies.sort((a, b) => a - b);
  const row = `| ${dialect} | ${N} | ${CLIENTS} | ${(N / seconds).toFixed(0)} | ${latencies[Math.floor(N / 2)].toFixed(1)} | ${latencies[Math.floor(N * 0.95)].toFixed(1)} | ${cpuMs.toFixed(2)} | ${mainMs.toFixed(2)} |`;
  console.log(row);
  rows.push(row);
}
console.log(
  "\n| database | messages | clients | messages/s | median ms to 250 | p95 ms to 250 | server CPU ms per message | of which the main thread |\n| --- | --- | --- | --- | --- | --- | --- | --- |",
);
for (const r of rows) console.log(r);
