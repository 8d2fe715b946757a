// Reading alone: what the SMTP thread does to each message before the main thread places it (prepare():
// parsing, sanitising, the new part of a reply, the search terms), on the messages of bench/ingest.bench.ts.
// No database, no sockets: the CPU per message of reading, to compare versions of it.
// --corpus shared reads ../shared/bench/imap-corpus.py's 2,000 messages (quoted replies, 100 KB PDFs) instead.
// Run: npx tsx bench/read.bench.ts [--n 2000] [--rounds 5] [--corpus generated|shared]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { prepare } from "../server/modules/email/prepare";
import { benchMessages } from "./messages";
import { sharedCorpus } from "./product";
import { tuneV8 } from "../server/v8-tuning";

// As in a node started by bin/sportello.js (the pipeline runs in this process here).
tuneV8();

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "2000" },
    rounds: { type: "string", default: "5" },
    corpus: { type: "string", default: "generated" },
  },
});
const raws =
  values.corpus === "shared"
    ? (sharedCorpus() ??
      (() => {
        throw new Error("no ../shared/bench/imap-corpus.py beside this checkout");
      })())
    : (await benchMessages(Number(values.n), "bench")).map((m) => m.raw);
const N = raws.length;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-read-"));
const ctx = { config: { dataDir }, dialect: "sqlite" as const };
const mailbox = { id: 1, workspace_id: 1, address: "inbox@example.it", team_id: null };
// The first rounds warm the JIT and the word caches; the last ones are the figure.
for (let r = 1; r <= Number(values.rounds); r++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const raw of raws) await prepare(ctx, mailbox, raw, ["inbox@example.it"]);
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `round ${r}: ${((performance.now() - t0) / N).toFixed(3)} ms and ${((cpu.user + cpu.system) / 1000 / N).toFixed(3)} ms of CPU per message`,
  );
}
fs.rmSync(dataDir, { recursive: true, force: true });
