// One huge message against the rest of the node: while an email of --mb megabytes (text and attachments) is
// received, read and placed, how long does the node take to answer? Over SMTP (a node of its own): the median and
// the longest answer to GET /healthz, asked every 5 ms, before and during the delivery. Over IMAP (fetchMailbox
// from a throwaway Dovecot, in this process): the median and the longest wait of a 5 ms timer of the process that
// fetches, which is how long any request to it would wait.
// Run: npx tsx bench/big-mail.bench.ts [--mb 20] [--db sqlite|postgres] [--via smtp|imap]
import { parseArgs } from "node:util";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { ImapFlow } from "imapflow";
import { fetchMailbox } from "../server/modules/email/imap";
import { startDovecot } from "../server/test/dovecot";
import { freshDatabase, testEnv } from "../server/test/harness";
import { freePort, prepareInstallation, startNode } from "../server/test/nodes";
import { dotStuff, smtpConnection } from "./smtp-client";
import { tuneV8 } from "../server/v8-tuning";

// As in a node started by bin/sportello.js (the pipeline runs in this process here).
tuneV8();

const { values } = parseArgs({
  options: {
    mb: { type: "string", default: "20" },
    db: { type: "string", default: "sqlite" },
    via: { type: "string", default: "smtp" },
  },
});
const bytes = Number(values.mb) * 1_000_000;
const dialect = values.db as "sqlite" | "postgres";

// A third of it as text (to parse, sanitise and index), the rest as attachments (to decode and store).
const text = "Buongiorno, allego le fotografie del guasto e il registro della macchina. ".repeat(
  Math.floor(bytes / 3 / 75),
);
const message = await new MailComposer({
  from: "cliente@example.org",
  to: "inbox@example.it",
  subject: "Registro completo",
  text,
  html: `<p>${text}</p>`,
  attachments: Array.from({ length: 4 }, (_, i) => ({
    filename: `foto${i}.jpg`,
    content: Buffer.alloc(Math.floor(bytes / 3 / 4 / 1.37), i + 1),
  })),
})
  .compile()
  .build();
const summary = (t: number[], what = "requests") =>
  `median ${t[t.length >> 1].toFixed(1)} ms, longest ${t[t.length - 1].toFixed(1)} ms (${t.length} ${what})`;

if (values.via === "imap") {
  const dovecot = await startDovecot({ "inbox@example.it": "secret" });
  const imap = new ImapFlow({
    host: "127.0.0.1",
    port: dovecot.port,
    secure: false,
    auth: { user: "inbox@example.it", pass: "secret" },
    logger: false,
  });
  await imap.connect();
  await imap.append("INBOX", message);
  await imap.logout();
  const env = await testEnv(dialect, {}, { worker: false });
  const res = await env.app.inject({
    method: "POST",
    url: "/api/v1/mailboxes",
    headers: env.auth(env.adminToken),
    payload: {
      address: "inbox@example.it",
      imap: { host: "127.0.0.1", port: dovecot.port, secure: false, user: "inbox@example.it", password: "secret" },
    },
  });
  if (res.statusCode !== 201) throw new Error(`adding the IMAP mailbox failed: ${res.body}`);
  /** How late a 5 ms timer of this process fires until `until` settles: each wait beyond the 5 ms asked for. */
  const ticks = async (until: Promise<unknown>) => {
    const waits: number[] = [];
    let done = false;
    void until.finally(() => (done = true));
    while (!done) {
      const t = performance.now();
      await new Promise((r) => setTimeout(r, 5));
      waits.push(performance.now() - t - 5);
    }
    return waits.sort((a, b) => a - b);
  };
  const idle = await ticks(new Promise((r) => setTimeout(r, 2000)));
  const t0 = performance.now();
  let counts = { imported: 0, duplicates: 0 };
  const during = await ticks(fetchMailbox(env.rt.ctx, res.json().id).then((c) => (counts = c)));
  console.log(
    `a ${(message.length / 1e6).toFixed(1)} MB message over IMAP on ${dialect}: ${counts.imported} imported after ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log(`5 ms timer, late by, idle:   ${summary(idle, "timers")}`);
  console.log(`5 ms timer, late by, during: ${summary(during, "timers")}`);
  await env.close();
  await dovecot.stop();
  process.exit(0);
}

const db = await freshDatabase(dialect);
const env: Record<string, string> = {
  DATA_DIR: db.dataDir,
  LOG_LEVEL: "error",
  ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
};
await prepareInstallation(env, { mailboxes: ["inbox@example.it"] });
const smtpPort = await freePort();
const node = await startNode("smtp", { ...env, SMTP_PORT: String(smtpPort) });
const raw = dotStuff(message);

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
const idle = await probe(new Promise((r) => setTimeout(r, 2000)));
const connection = await smtpConnection(smtpPort);
const t0 = performance.now();
let reply = "";
const during = await probe(connection.send("cliente@example.org", "inbox@example.it", raw).then((r) => (reply = r)));
console.log(
  `a ${(raw.length / 1e6).toFixed(1)} MB message on ${values.db}: "${reply}" after ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
console.log(`GET /healthz idle:   ${summary(idle)}`);
console.log(`GET /healthz during: ${summary(during)}`);
connection.close();
await node.kill();
await db.drop();
