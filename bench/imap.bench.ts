// Inbound email over IMAP, measured the way a person runs the product (the real path, by default): a throwaway
// Dovecot holds the corpus, `sportello start` runs with its defaults and the demo workspace in a process of its
// own, the mailbox is added through POST /api/v1/mailboxes, and the worker's own jobs fetch it, with the
// acknowledgement of every new ticket on: once with a local relay that accepts them (Postfix's smtp-sink) and once
// without a relay. Then, as a second line, the direct call: fetchMailbox() in this process on a bare database.
// The corpus is ../shared/bench/imap-corpus.py's 2,000 messages (1,584 conversations) when ../shared is there,
// else N messages of bench/messages.ts.
// Run: npx tsx bench/imap.bench.ts [--db sqlite|postgres|both] [--runs 3] [--relay both|yes|no] [--direct yes|no]
//      [--n 2000 (generated corpus only)] [--product DIR (another checkout's bin/sportello.js, for before/after)]
//      [--warm yes: the product first reads 2,000 other messages from another mailbox, unmeasured, so that the figure
//      is a running node's rather than a fresh process's, whose code V8 has not optimised yet]
import path from "node:path";
import { parseArgs } from "node:util";
import { ImapFlow } from "imapflow";
import { composeBenchMessage } from "./messages";
import {
  type Product,
  buildServer,
  cpuSeconds,
  machineLine,
  median,
  settled,
  sharedCorpus,
  startProduct,
  startRelay,
} from "./product";
import { ZMailbox } from "../shared/api/email";
import { fetchMailbox } from "../server/modules/email/imap";
import { startDovecot } from "../server/test/dovecot";
import { postgresAvailable, testEnv } from "../server/test/harness";
import { tuneV8 } from "../server/v8-tuning";

tuneV8();

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "2000" },
    db: { type: "string", default: "both" },
    runs: { type: "string", default: "1" },
    relay: { type: "string", default: "both" },
    direct: { type: "string", default: "yes" },
    product: { type: "string" },
    warm: { type: "string", default: "no" },
  },
});
const dbs = (values.db === "both" ? ["sqlite", "postgres"] : [values.db!]) as ("sqlite" | "postgres")[];
const relays = values.relay === "both" ? [true, false] : [values.relay === "yes"];
const RUNS = Number(values.runs);
const root = values.product ? path.resolve(values.product) : undefined;

const ADDRESS = "support@helpdesk.test";
const corpus =
  sharedCorpus() ??
  (await Promise.all(Array.from({ length: Number(values.n) }, (_, i) => composeBenchMessage(i, "bench", ADDRESS))));
const N = corpus.length;

const WARM = values.warm === "yes" ? "warm@helpdesk.test" : null;
const dovecot = await startDovecot({ [ADDRESS]: "secret", ...(WARM ? { [WARM]: "secret" } : {}) });
// --warm: 2,000 other messages (bench/messages.ts: other senders, other words) in a mailbox of their own.
const warmCorpus = WARM
  ? await Promise.all(Array.from({ length: 2000 }, (_, i) => composeBenchMessage(i, "warm", WARM)))
  : [];
for (const [user, raws] of [[ADDRESS, corpus], ...(WARM ? [[WARM, warmCorpus] as const] : [])] as const) {
  // In arrival order, over one connection: the replies come after the messages they answer, as in a real inbox.
  const c = new ImapFlow({
    host: "127.0.0.1",
    port: dovecot.port,
    secure: false,
    auth: { user, pass: "secret" },
    logger: false,
  });
  await c.connect();
  for (const raw of raws) await c.append("INBOX", raw);
  await c.logout();
}
console.log(`Dovecot filled with ${N} messages (${(corpus.reduce((a, b) => a + b.length, 0) / 1e6).toFixed(0)} MB)`);
buildServer(root);
const imap = { host: "127.0.0.1", port: dovecot.port, secure: false, user: ADDRESS, password: "secret" };

type Run = {
  total: number;
  rate: number;
  halves: [number, number];
  cpuMs: number;
  conversations: number;
  acks: string;
  logLines: number;
};

/** Waits until every message of the mailbox is placed; returns when the first one was, and when half of them were. */
async function placedAll(p: Product, id: number, n = N): Promise<{ first: number; half: number }> {
  let first = 0;
  let half = 0;
  for (;;) {
    const [{ n: placed }] = await p.query<{ n: number }>(
      `SELECT count(*) AS n FROM email_messages WHERE mailbox_id = ${id} AND direction = 'in' AND ticket_id IS NOT NULL`,
    );
    if (Number(placed) && !first) first = performance.now();
    if (Number(placed) >= n / 2 && !half) half = performance.now();
    if (Number(placed) >= n) return { first, half };
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One start of the product: from POST /api/v1/mailboxes to the last message placed, then the acknowledgements. */
async function realRun(dialect: "sqlite" | "postgres", relay: boolean): Promise<Run> {
  const sink = relay ? await startRelay() : null;
  const p = await startProduct(dialect, { relayUrl: sink?.url, root });
  try {
    if (WARM) {
      const warm = await p.api("POST", "/api/v1/mailboxes", { address: WARM, imap: { ...imap, user: WARM } });
      if (warm.status !== 201) throw new Error(`mailbox: ${warm.status} ${JSON.stringify(warm.json)}`);
      await placedAll(p, ZMailbox.parse(warm.json).id, warmCorpus.length);
      // The warm-up's own acknowledgements leave in the pause after it, as they would between two bursts of mail.
      await settled(p);
    }
    const lines0 = p.logLines();
    const cpu0 = cpuSeconds(p.proc.pid!);
    const t0 = performance.now();
    const added = await p.api("POST", "/api/v1/mailboxes", { address: ADDRESS, imap });
    if (added.status !== 201) throw new Error(`mailbox: ${added.status} ${JSON.stringify(added.json)}`);
    const { id } = ZMailbox.parse(added.json);
    const { first, half } = await placedAll(p, id);
    const last = performance.now();
    const cpuMs = ((cpuSeconds(p.proc.pid!) - cpu0) * 1000) / N;
    const [{ c }] = await p.query<{ c: number }>(
      `SELECT count(DISTINCT ticket_id) AS c FROM email_messages WHERE mailbox_id = ${id} AND direction = 'in'`,
    );
    if (process.env.DEBUG_BENCH)
      console.log(
        await p.query(
          `SELECT flags, count(*) n, count(in_reply_to) r, count(DISTINCT ticket_id) t FROM email_messages WHERE direction = 'in' GROUP BY flags`,
        ),
      );
    // The acknowledgements go on in the background: how long after the last message they are all sent (relay)
    // or captured (no relay), or what became of them after 30 s.
    let acks = "";
    const ackDeadline = performance.now() + 30_000;
    for (;;) {
      const rows = await p.query<{ status: string; n: number }>(
        `SELECT status, count(*) AS n FROM mail_outbox WHERE kind = 'notification'
           AND ticket_id IN (SELECT ticket_id FROM email_messages WHERE mailbox_id = ${id}) GROUP BY status`,
      );
      const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
      const done = (by.sent ?? 0) + (by.captured ?? 0) + (by.dead ?? 0);
      if ((done >= Number(c) && !by.queued) || performance.now() > ackDeadline) {
        acks = `${Object.entries(by)
          .map(([s, n]) => `${n} ${s}`)
          .join(", ")} ${((performance.now() - last) / 1000).toFixed(1)} s after the last message`;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return {
      total: (last - t0) / 1000,
      rate: N / ((last - first) / 1000 || 1e-3),
      // Each half of the messages: the first pays for V8's compiling in a fresh process.
      halves: [N / 2 / ((half - first) / 1000 || 1e-3), N / 2 / ((last - half) / 1000 || 1e-3)],
      cpuMs,
      conversations: Number(c),
      acks,
      logLines: p.logLines() - lines0,
    };
  } finally {
    await p.stop();
    await sink?.stop();
  }
}

/** The direct call: fetchMailbox() in this process, on a database with nothing else running. */
async function directRun(dialect: "sqlite" | "postgres") {
  const env = await testEnv(dialect, {}, { worker: false });
  try {
    const added = await env.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes",
      headers: env.auth(env.adminToken),
      payload: { address: ADDRESS, imap },
    });
    const [w, c] = [performance.now(), process.cpuUsage()];
    const r = await fetchMailbox(env.rt.ctx, added.json().id);
    const secs = (performance.now() - w) / 1000;
    const cpu = process.cpuUsage(c);
    if (r.imported !== N) throw new Error(`imported ${r.imported} of ${N}`);
    return { secs, rate: N / secs, cpuMs: (cpu.user + cpu.system) / 1000 / N };
  } finally {
    await env.close();
  }
}

const rows: string[] = [];
for (const dialect of dbs) {
  if (dialect === "postgres" && !(await postgresAvailable())) continue;
  for (const relay of relays) {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await realRun(dialect, relay);
      console.log(
        `${dialect}, real path, ${relay ? "relay" : "no relay"}: ${N} placed ${r.total.toFixed(2)} s after adding the mailbox, ${r.rate.toFixed(0)} msg/s from the first to the last (halves ${r.halves.map((h) => h.toFixed(0)).join(" / ")}), ${r.cpuMs.toFixed(2)} ms CPU per message, ${r.conversations} conversations, acknowledgements: ${r.acks}, ${r.logLines} log lines`,
      );
      runs.push(r);
    }
    rows.push(
      `| ${dialect} | real path, ${relay ? "relay" : "no relay"} | ${N} | ${median(runs.map((r) => r.total)).toFixed(2)} | ${median(runs.map((r) => r.rate)).toFixed(0)} | ${median(runs.map((r) => r.cpuMs)).toFixed(2)} | ${runs.map((r) => r.conversations).join(", ")} |`,
    );
  }
  if (values.direct === "yes") {
    const d = await directRun(dialect);
    console.log(`${dialect}, direct fetchMailbox(): ${d.secs.toFixed(2)} s, ${d.rate.toFixed(0)} msg/s`);
    rows.push(
      `| ${dialect} | direct fetchMailbox() | ${N} | ${d.secs.toFixed(2)} | ${d.rate.toFixed(0)} | ${d.cpuMs.toFixed(2)} (bench process) | |`,
    );
  }
}
await dovecot.stop();
console.log(`\n${machineLine(RUNS)}`);
console.log(
  "| database | path | messages | s from adding the mailbox to the last placed | messages/s (first to last placed) | server CPU ms per message | conversations |\n| --- | --- | --- | --- | --- | --- | --- |",
);
for (const r of rows) console.log(r);
