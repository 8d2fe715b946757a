// One huge message against the rest of the node: while an email of --mb megabytes (text and attachments) is
// received, read and placed, how long does the node take to answer an HTTP request? Prints the median and the
// longest answer to GET /healthz, asked every 5 ms, before and during the delivery.
// Run: npx tsx bench/big-mail.bench.ts [--mb 20] [--db sqlite|postgres]
import { parseArgs } from "node:util";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { freshDatabase } from "../server/test/harness";
import { freePort, prepareInstallation, startNode } from "../server/test/nodes";
import { dotStuff, smtpConnection } from "./smtp-client";

const { values } = parseArgs({ options: { mb: { type: "string", default: "20" }, db: { type: "string", default: "sqlite" } } });
const bytes = Number(values.mb) * 1_000_000;
const db = await freshDatabase(values.db as "sqlite" | "postgres");
const env: Record<string, string> = { DATA_DIR: db.dataDir, LOG_LEVEL: "error", ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) };
await prepareInstallation(env, { mailboxes: ["inbox@example.it"] });
const smtpPort = await freePort();
const node = await startNode("smtp", { ...env, SMTP_PORT: String(smtpPort) });

// A third of it as text (to parse, sanitise and index), the rest as attachments (to decode and store).
const text = "Buongiorno, allego le fotografie del guasto e il registro della macchina. ".repeat(Math.floor(bytes / 3 / 75));
const raw = dotStuff(
  await new MailComposer({
    from: "cliente@example.org", to: "inbox@example.it", subject: "Registro completo", text, html: `<p>${text}</p>`,
    attachments: Array.from({ length: 4 }, (_, i) => ({ filename: `foto${i}.jpg`, content: Buffer.alloc(Math.floor(bytes / 3 / 4 / 1.37), i + 1) })),
  }).compile().build(),
);

/** Asks /healthz every 5 ms until `until` settles; the time of each answer. */
async function probe(until: Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    const t = performance.now();
    await fetch(`${node.url}/healthz`).then((r) => r.arrayBuffer());
    times.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 5));
  }
  return times.sort((a, b) => a - b);
}
const summary = (t: number[]) => `median ${t[t.length >> 1].toFixed(1)} ms, longest ${t[t.length - 1].toFixed(1)} ms (${t.length} requests)`;

const idle = await probe(new Promise((r) => setTimeout(r, 2000)));
const connection = await smtpConnection(smtpPort);
const t0 = performance.now();
let reply = "";
const during = await probe(connection.send("cliente@example.org", "inbox@example.it", raw).then((r) => (reply = r)));
console.log(`a ${(raw.length / 1e6).toFixed(1)} MB message on ${values.db}: "${reply}" after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log(`GET /healthz idle:   ${summary(idle)}`);
console.log(`GET /healthz during: ${summary(during)}`);
connection.close();
await node.kill();
await db.drop();
