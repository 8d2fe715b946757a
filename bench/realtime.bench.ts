// How many agent websockets one node holds, and how long a push takes to reach all of them.
// Run: npx tsx bench/realtime.bench.ts [--sockets 2000]
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { prepareInstallation, startNode } from "../server/test/nodes";
import { freshDatabase } from "../server/test/harness";

const { values } = parseArgs({ options: { sockets: { type: "string", default: "2000" } } });
const N = Number(values.sockets);
const db = await freshDatabase("sqlite");
const env = { DATA_DIR: db.dataDir, LOG_LEVEL: "error", METRICS_TOKEN: "bench-metrics-token-0123" };
const token = await prepareInstallation(env);
const node = await startNode("web,worker", env);
const rssOf = async () => {
  const m = (
    await (await fetch(`${node.url}/metrics`, { headers: { authorization: `Bearer ${env.METRICS_TOKEN}` } })).text()
  ).match(/^sportello_process_resident_memory_bytes (\d+)/m);
  return m ? Math.round(Number(m[1]) / 1048576) : NaN;
};
const before = await rssOf();
const sockets: WebSocket[] = [];
const t0 = performance.now();
for (let i = 0; i < N; i += 100) {
  await Promise.all(
    Array.from(
      { length: Math.min(100, N - i) },
      () =>
        new Promise<void>((resolve, reject) => {
          const ws = new WebSocket(`ws://127.0.0.1:${node.port}/api/v1/realtime?token=${token}`);
          ws.once("open", () => resolve());
          ws.once("error", reject);
          sockets.push(ws);
        }),
    ),
  );
}
const connectMs = performance.now() - t0;
await new Promise((r) => setTimeout(r, 1000));
const after = await rssOf();
const fanout: number[] = [];
for (let round = 0; round < 5; round++) {
  let received = 0;
  const all = new Promise<number>((resolve) => {
    for (const ws of sockets) {
      const onMessage = (d: WebSocket.RawData) => {
        if (JSON.parse(d.toString()).type !== "ticket.created") return;
        ws.off("message", onMessage);
        if (++received === sockets.length) resolve(performance.now());
      };
      ws.on("message", onMessage);
    }
  });
  const sent = performance.now();
  await fetch(`${node.url}/api/v1/tickets`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ subject: `Push ${round}`, body_text: "x", requester: { email: "p@example.it" } }),
  });
  fanout.push((await all) - sent);
}
fanout.sort((a, b) => a - b);
for (const ws of sockets) ws.terminate();
await node.kill();
await db.drop();
console.log(
  `| sockets | connect all (s) | node RSS before → after (MB) | per socket (KB) | push to all, median of 5 (ms) |`,
);
console.log(`| --- | --- | --- | --- | --- |`);
console.log(
  `| ${N} | ${(connectMs / 1000).toFixed(1)} | ${before} → ${after} | ${Math.round(((after - before) * 1024) / N)} | ${fanout[2].toFixed(0)} |`,
);
