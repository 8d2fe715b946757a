// Inbound email over IMAP: a throwaway Dovecot holds N messages (the sizes of bench/ingest.bench.ts: 60 to 780
// words, one in twenty with a 100 KB attachment), and one fetchMailbox run imports them all, on SQLite and
// PostgreSQL. Then two mailboxes of N/2 each are fetched at the same time, to show that they run side by side.
// Where the time goes: the same messages downloaded over IMAP without ingesting them, and ingest() alone on them.
// Run: npx tsx bench/imap.bench.ts [--n 10000] [--db sqlite|postgres|both] [--ingest-only N (all by default)]
import os from "node:os";
import { parseArgs } from "node:util";
import { ImapFlow } from "imapflow";
import { composeBenchMessage } from "./messages";
import { fetchMailbox } from "../server/modules/email/imap";
import { ingest } from "../server/modules/email/inbound";
import { startDovecot } from "../server/test/dovecot";
import { postgresAvailable, testEnv } from "../server/test/harness";
import { tuneV8 } from "../server/v8-tuning";

// As in a node started by bin/sportello.js (the pipeline runs in this process here).
tuneV8();

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "10000" },
    db: { type: "string", default: "both" },
    "ingest-only": { type: "string" },
  },
});
const N = Number(values.n);
const INGEST_ONLY = Math.min(N, Number(values["ingest-only"] ?? N));
const dbs = values.db === "both" ? ["sqlite", "postgres"] : [values.db!];

const USERS = { "bench@example.it": "secret", "left@example.it": "secret", "right@example.it": "secret" };
const dovecot = await startDovecot(USERS);
const connect = async (user: string) => {
  const c = new ImapFlow({
    host: "127.0.0.1",
    port: dovecot.port,
    secure: false,
    auth: { user, pass: "secret" },
    logger: false,
  });
  await c.connect();
  return c;
};

/** Appends `count` generated messages to the user's INBOX over four connections. */
async function fill(user: string, count: number) {
  let next = 0;
  let bytes = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      const c = await connect(user);
      while (next < count) {
        const raw = await composeBenchMessage(next++, user.split("@")[0], user);
        bytes += raw.length;
        await c.append("INBOX", raw);
      }
      await c.logout();
    }),
  );
  return bytes;
}

// The machine is shared: besides wall time, the CPU time of this process (the app's whole share of the work, but
// not Dovecot's or PostgreSQL's) says what the same work would take with a core to itself.
const timed = async <T>(fn: () => Promise<T>) => {
  const [w, c] = [performance.now(), process.cpuUsage()];
  const value = await fn();
  const cpu = process.cpuUsage(c);
  return { value, secs: (performance.now() - w) / 1000, cpuSecs: (cpu.user + cpu.system) / 1e6 };
};
const rate = (n: number, t: { secs: number; cpuSecs: number }) =>
  `${n} messages in ${t.secs.toFixed(1)} s = ${(n / t.secs).toFixed(0)}/s (CPU of this process ${t.cpuSecs.toFixed(1)} s = ${(n / t.cpuSecs).toFixed(0)} per CPU second)`;

const t0 = performance.now();
const bytes = await fill("bench@example.it", N);
await fill("left@example.it", N / 2);
await fill("right@example.it", N / 2);
console.log(
  `Dovecot filled: ${N} messages (${(bytes / 1e6).toFixed(0)} MB) + 2 × ${N / 2}, in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
);

// The IMAP side alone: every message downloaded the way fetchMailbox does (UID SEARCH, then FETCH by 50), not ingested.
const sources: Buffer[] = [];
{
  const c = await connect("bench@example.it");
  const lock = await c.getMailboxLock("INBOX");
  const t = await timed(async () => {
    const uids = (await c.search({ uid: "1:*" }, { uid: true })) || [];
    for (let i = 0; i < uids.length; i += 50) {
      for await (const m of c.fetch(
        `${uids[i]}:${uids[Math.min(i + 50, uids.length) - 1]}`,
        { uid: true, source: true },
        { uid: true },
      )) {
        if (sources.length < INGEST_ONLY && m.source) sources.push(m.source);
      }
    }
    return uids.length;
  });
  lock.release();
  await c.logout();
  console.log(`IMAP download alone: ${rate(t.value, t)}`);
}

const rows: string[] = [];
for (const dialect of dbs as ("sqlite" | "postgres")[]) {
  if (dialect === "postgres" && !(await postgresAvailable())) continue;
  const env = await testEnv(dialect, {}, { worker: false });
  const add = async (address: string) =>
    (
      await env.app.inject({
        method: "POST",
        url: "/api/v1/mailboxes",
        headers: env.auth(env.adminToken),
        payload: {
          address,
          imap: { host: "127.0.0.1", port: dovecot.port, secure: false, user: address, password: "secret" },
        },
      })
    ).json().id as number;

  const one = await add("bench@example.it");
  const single = await timed(() => fetchMailbox(env.rt.ctx, one));
  if (single.value.imported !== N) throw new Error(`imported ${single.value.imported} of ${N}`);
  console.log(`${dialect}: one mailbox, ${rate(N, single)}`);

  // Two mailboxes at once: each finishes after about the time of both together, not one after the other.
  const [left, right] = [await add("left@example.it"), await add("right@example.it")];
  const s = performance.now();
  const both = await timed(() =>
    Promise.all(
      [left, right].map(async (id) => ({
        counts: await fetchMailbox(env.rt.ctx, id),
        secs: (performance.now() - s) / 1000,
      })),
    ),
  );
  for (const d of both.value)
    if (d.counts.imported !== N / 2) throw new Error(`imported ${d.counts.imported} of ${N / 2}`);
  console.log(
    `${dialect}: two mailboxes of ${N / 2} at once, done after ${both.value.map((d) => d.secs.toFixed(1)).join(" s and ")} s: ${rate(N, both)}`,
  );
  await env.close();

  // ingest() alone on the same raw messages, 32 in flight as fetchMailbox keeps them, on a fresh database.
  const bare = await testEnv(dialect, {}, { worker: false });
  await bare.app.inject({
    method: "POST",
    url: "/api/v1/mailboxes",
    headers: bare.auth(bare.adminToken),
    payload: { address: "bench@example.it" },
  });
  let next = 0;
  const alone = await timed(() =>
    Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < sources.length)
          await ingest(bare.rt.ctx, { raw: sources[next++], recipients: ["bench@example.it"] });
      }),
    ),
  );
  console.log(`${dialect}: ingest() alone, ${rate(sources.length, alone)}`);
  await bare.close();

  const perCpu = (n: number, t: { cpuSecs: number }) => (n / t.cpuSecs).toFixed(0);
  rows.push(
    `| ${dialect} | ${N} | ${single.secs.toFixed(1)} | ${(N / single.secs).toFixed(0)} (${perCpu(N, single)}) | ${both.value.map((d) => d.secs.toFixed(1)).join(" / ")} | ${(N / both.secs).toFixed(0)} (${perCpu(N, both)}) | ${(sources.length / alone.secs).toFixed(0)} (${perCpu(sources.length, alone)}) |`,
  );
}
await dovecot.stop();
console.log(
  `\nload average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${os.cpus().length} cores; in brackets: messages per CPU second of this process`,
);
console.log(
  "| database | messages | one mailbox s | messages/s | two at once: done after s | messages/s | ingest() alone messages/s |\n| --- | --- | --- | --- | --- | --- | --- |",
);
for (const r of rows) console.log(r);
