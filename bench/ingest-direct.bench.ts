// The inbound pipeline without SMTP: ingest() called directly on raw messages, to see where the time goes.
// Run: node --cpu-prof --import tsx bench/ingest-direct.bench.ts [--n 2000] [--concurrency 8] (32: as an IMAP fetch keeps in flight)
import { parseArgs } from "node:util";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { ingest } from "../server/modules/email/inbound";
import { testEnv } from "../server/test/harness";

const { values } = parseArgs({ options: { n: { type: "string", default: "2000" }, db: { type: "string", default: "sqlite" }, concurrency: { type: "string", default: "8" } } });
const N = Number(values.n);
const env = await testEnv(values.db as "sqlite" | "postgres", {}, { worker: false });
await env.app.inject({ method: "POST", url: "/api/v1/mailboxes", headers: env.auth(env.adminToken), payload: { address: "inbox@example.it" } });
const raws = await Promise.all(
  Array.from({ length: N }, (_, i) =>
    new MailComposer({ from: `c${i % 500}@example.org`, to: "inbox@example.it", subject: `Richiesta ${i}`, text: "Buongiorno, il mio ordine non è arrivato. ".repeat(20), messageId: `<d-${i}@example.org>` }).compile().build(),
  ),
);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const lat: number[] = [];
let next = 0;
await Promise.all(Array.from({ length: Number(values.concurrency) }, async () => {
  while (next < N) {
    const raw = raws[next++];
    const s = performance.now();
    await ingest(env.rt.ctx, { raw, recipients: ["inbox@example.it"] });
    lat.push(performance.now() - s);
  }
}));
const secs = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
lat.sort((a, b) => a - b);
console.log(`${values.db}: ${N} messages in ${secs.toFixed(1)} s = ${(N / secs).toFixed(0)}/s, median ${lat[N >> 1].toFixed(1)} ms, p95 ${lat[Math.floor(N * 0.95)].toFixed(1)} ms, CPU ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms per message (user ${(cpu.user / 1000 / N).toFixed(2)}, system ${(cpu.system / 1000 / N).toFixed(2)})`);
await env.close();
