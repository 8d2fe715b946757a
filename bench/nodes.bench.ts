// Throughput of one web node against two on PostgreSQL + Redis, on this machine.
// Run: npx tsx bench/nodes.bench.ts [--seconds 15] [--clients 32]
// Each client loops: 1 ticket creation, then 4 inbox reads (All open, 50 rows), as a support team does.
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { freshDatabase, postgresAvailable, REDIS_TEST_URL } from "../server/test/harness";
import { prepareInstallation, redisAvailable, startNode } from "../server/test/nodes";
import { joined } from "../server/test/realtime";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "15" }, clients: { type: "string", default: "32" } },
});
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.clients);

if (!(await postgresAvailable()) || !(await redisAvailable())) {
  console.error("needs PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379");
  process.exit(1);
}

const db = await freshDatabase("postgres");
const env = {
  DATABASE_URL: db.databaseUrl!,
  REDIS_URL: REDIS_TEST_URL,
  REDIS_PREFIX: `bench${Date.now()}`,
  DATA_DIR: db.dataDir,
  LOG_LEVEL: "error",
};
const token = await prepareInstallation(env);
const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };

async function drive(urls: string[]) {
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const base = urls[c % urls.length];
      for (let i = 0; Date.now() < end; i++) {
        const t0 = performance.now();
        const res =
          i % 5 === 0
            ? await fetch(`${base}/api/v1/tickets`, {
                method: "POST",
                headers,
                body: JSON.stringify({
                  subject: `Bench ${c}-${i}`,
                  body_text: "Buongiorno, il pacco non è arrivato.",
                  requester: { email: `c${c % 50}@example.it` },
                }),
              })
            : await fetch(`${base}/api/v1/tickets?view=all_open&limit=50`, { headers });
        await res.arrayBuffer();
        if (!res.ok) errors++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
  return {
    requests: latencies.length,
    rps: Math.round(latencies.length / SECONDS),
    median: q(0.5),
    p95: q(0.95),
    errors,
  };
}

const worker = await startNode("worker", env);
const a = await startNode("web", env);
// Warm up both the database and the node.
await drive([a.url]);
const one = await drive([a.url]);
const b = await startNode("web", env);
await drive([b.url]);

// Cross-node realtime: a message created through node B, pushed to an agent's websocket on node A (Redis pub/sub).
async function crossNodePush(n = 50) {
  const created = await (
    await fetch(`${b.url}/api/v1/tickets`, {
      method: "POST",
      headers,
      body: JSON.stringify({ subject: "Cross-node", body_text: "ciao", requester: { email: "x@example.it" } }),
    })
  ).json();
  const ws = new WebSocket(`ws://127.0.0.1:${a.port}/api/v1/realtime?token=${token}`);
  await joined(ws);
  const waiting = new Map<string, (t: number) => void>();
  ws.on("message", (d) => {
    const m = JSON.parse(d.toString());
    if (m.type === "message.created") waiting.get(m.message.body_text)?.(performance.now());
  });
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const body = `push ${i}`;
    const got = new Promise<number>((r) => waiting.set(body, r));
    const sent = performance.now();
    await fetch(`${b.url}/api/v1/tickets/${created.number}/messages`, {
      method: "POST",
      headers,
      body: JSON.stringify({ body_text: body }),
    });
    latencies.push((await got) - sent);
  }
  ws.close();
  latencies.sort((x, y) => x - y);
  return { median: latencies[Math.floor(n / 2)].toFixed(1), p95: latencies[Math.floor(n * 0.95)].toFixed(1) };
}
const push = await crossNodePush();
const two = await drive([a.url, b.url]);
await Promise.all([a.kill(), b.kill(), worker.kill()]);
await db.drop();

console.log(
  `\n${CLIENTS} clients, ${SECONDS} s each, mix 1 create : 4 inbox reads, PostgreSQL + Redis, 1 worker node\n`,
);
console.log("| web nodes | requests/s | median ms | p95 ms | errors |");
console.log("| --- | --- | --- | --- | --- |");
console.log(`| 1 | ${one.rps} | ${one.median} | ${one.p95} | ${one.errors} |`);
console.log(`| 2 | ${two.rps} | ${two.median} | ${two.p95} | ${two.errors} |`);
console.log(`\nratio two/one: ${(two.rps / one.rps).toFixed(2)}`);
console.log(
  `\ncross-node push (request to node B sent → push received on node A), 50 messages: median ${push.median} ms, p95 ${push.p95} ms (target 100)`,
);
