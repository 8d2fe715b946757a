// Runs every message of ../shared/corpora through the real inbound pipeline (store raw, parse, classify,
// extract the new part, create or thread a ticket) and prints a table per folder.
// Fails on a crash, a dropped message or a message that holds the parser for more than a second of CPU.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { extractReply } from "../server/modules/email/reply";
import { ingest, releaseHeldMail } from "../server/modules/email/inbound";
import { readMail } from "../server/modules/email/read-mail";
import { testEnv } from "../server/test/harness";
import { printScore, scoreCrisp, scoreReplies } from "./reply-score";

// ../shared/corpora beside the checkout (a worktree one level deeper finds it too), or CORPORA_DIR.
const root =
  process.env.CORPORA_DIR ??
  ["../../shared/corpora", "../../../shared/corpora"]
    .map((p) => path.resolve(import.meta.dirname, p))
    .find((p) => fs.existsSync(p)) ??
  path.resolve(import.meta.dirname, "../../shared/corpora");
if (!fs.existsSync(root)) {
  console.log(`no corpora at ${root}: nothing to check`);
  process.exit(0);
}

const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /^(LICENSE|README)/i.test(e.name) ? [] : [p];
  });

const env = await testEnv("sqlite");
await env.app.inject({
  method: "POST",
  url: "/api/v1/mailboxes",
  headers: env.auth(env.adminToken),
  payload: { address: "support@conformance.test" },
});

type Row = {
  files: number;
  parsed: number;
  unreadable: number;
  newPart: number;
  normal: number;
  auto_reply: number;
  bounce: number;
  complaint: number;
  stored: number;
  duplicate: number;
  errors: number;
  slowestParse: number;
  slowestParseCpu: number;
  slowest: number;
};
const table = new Map<string, Row>();
const failures: string[] = [];
// Replies to messages we never saw are stored and wait for them (EMAIL_THREAD_WAIT_SECONDS): checked after the run.
const held: { file: string; folder: string; sha: string }[] = [];
// A second file with a Message-ID already imported is the same message by definition: imported once, by design.
const duplicates: { file: string; folder: string; messageId: string }[] = [];
for (const file of files(root)) {
  const folder = path.relative(root, file).split(path.sep)[0];
  const row = table.get(folder) ?? {
    files: 0,
    parsed: 0,
    unreadable: 0,
    newPart: 0,
    normal: 0,
    auto_reply: 0,
    bounce: 0,
    complaint: 0,
    stored: 0,
    duplicate: 0,
    errors: 0,
    slowestParse: 0,
    slowestParseCpu: 0,
    slowest: 0,
  };
  table.set(folder, row);
  row.files++;
  const raw = fs.readFileSync(file);
  const t0 = performance.now();
  try {
    if (folder === "email-replies-crisp") {
      // Plain reply bodies, not MIME: the new-part extraction alone.
      const body = raw.toString("utf8");
      const { reply } = extractReply(body);
      row.parsed++;
      row.normal++;
      if (reply.length > 0 && reply.length < body.trim().length) row.newPart++;
      if (reply.length > 0) row.stored++;
    } else {
      const p0 = performance.now();
      const cpu0 = process.cpuUsage();
      const mail = await readMail(raw);
      const parseMs = performance.now() - p0;
      const cpu = process.cpuUsage(cpu0);
      // The parser's own work, in CPU time: on a loaded machine the wall clock also counts other processes' turns.
      const parseCpuMs = (cpu.user + cpu.system) / 1000;
      row.slowestParse = Math.max(row.slowestParse, parseMs);
      row.slowestParseCpu = Math.max(row.slowestParseCpu, parseCpuMs);
      // The parser must never hang on one message; storing it (files, transaction) is timed separately.
      if (parseCpuMs > 1000) failures.push(`${file}: parsing took ${parseCpuMs.toFixed(0)} ms of CPU`);
      if (mail.ok) row.parsed++;
      else row.unreadable++;
      row[mail.kind]++;
      if (mail.text && extractReply(mail.text).reply.length < mail.text.trim().length) row.newPart++;
      const result = await ingest(env.rt.ctx, { raw, recipients: ["support@conformance.test"] });
      if (result.ticketNumber !== null) row.stored++;
      else if (result.status === "held")
        held.push({ file, folder, sha: crypto.createHash("sha256").update(raw).digest("hex") });
      else if (result.status === "duplicate") duplicates.push({ file, folder, messageId: mail.messageId });
      else failures.push(`${file}: stored without a ticket`);
    }
  } catch (err) {
    row.errors++;
    failures.push(`${file}: ${(err as Error).message}`);
  }
  const ms = performance.now() - t0;
  row.slowest = Math.max(row.slowest, ms);
  if (ms > 5000) failures.push(`${file}: the whole pipeline took ${ms.toFixed(0)} ms`);
}
// The messages they answer are not in the corpus, so their wait ends: each must then become a ticket.
const afterWait = Date.now() + 24 * 3600_000;
while ((await releaseHeldMail(env.rt.ctx, afterWait)) > 0);
for (const h of held) {
  const row = await env.rt.ctx.db
    .selectFrom("email_messages")
    .select(["ticket_id", "held_until"])
    .where("raw_sha256", "=", h.sha)
    .executeTakeFirst();
  if (row?.ticket_id != null && row.held_until === null) table.get(h.folder)!.stored++;
  else failures.push(`${h.file}: held for the message it answers, and still without a ticket after the wait`);
}
for (const d of duplicates) {
  const row = await env.rt.ctx.db
    .selectFrom("email_messages")
    .select("ticket_id")
    .where("header_message_id", "=", d.messageId)
    .executeTakeFirst();
  if (row?.ticket_id != null) table.get(d.folder)!.duplicate++;
  else failures.push(`${d.file}: a duplicate of ${d.messageId}, which has no ticket`);
}
await env.close();

console.log(
  "| folder | files | parsed | unreadable (stored raw, flagged) | new part extracted | normal | auto-reply | bounce | complaint | stored | same Message-ID as another file (imported once) | errors | slowest parse ms (CPU ms) | slowest pipeline ms |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const [folder, r] of table) {
  console.log(
    `| ${folder} | ${r.files} | ${r.parsed} | ${r.unreadable} | ${r.newPart} | ${r.normal} | ${r.auto_reply} | ${r.bounce} | ${r.complaint} | ${r.stored} | ${r.duplicate} | ${r.errors} | ${r.slowestParse.toFixed(0)} (${r.slowestParseCpu.toFixed(0)}) | ${r.slowest.toFixed(0)} |`,
  );
  if (r.stored + r.duplicate !== r.files)
    failures.push(`${folder}: ${r.files - r.stored - r.duplicate} message(s) not stored`);
}
// The new part of a reply, scored against what three other projects expect (see reply-score.ts).
const replies = printScore(
  await scoreReplies(root),
  "Reply extraction on reply-expectations (right = exact, one extra line, or minus a trailing signature where the set keeps signatures)",
);
if (replies.total) {
  if (replies.cut > 0) failures.push(`reply-expectations: ${replies.cut} case(s) where text the customer wrote is cut`);
  if (replies.right < 0.9 * replies.total)
    failures.push(`reply-expectations: ${replies.right} of ${replies.total} right, under 90 %`);
}
// The crisp set has no expectations of its own: ours are in crisp-expectations.json, as line numbers.
const crisp = printScore(
  scoreCrisp(root, path.join(import.meta.dirname, "crisp-expectations.json")),
  "Reply extraction on email-replies-crisp, against this repository's expectations (same rules)",
);
if (crisp.total) {
  if (crisp.cut > 0) failures.push(`email-replies-crisp: ${crisp.cut} case(s) where text the customer wrote is cut`);
  if (crisp.right < 0.9 * crisp.total)
    failures.push(`email-replies-crisp: ${crisp.right} of ${crisp.total} right, under 90 %`);
}
if (failures.length) {
  console.error(`\n${failures.length} problem(s):\n${failures.join("\n")}`);
  process.exit(1);
}
console.log("\nno crash, no dropped message, no message that held the parser over 1 s of CPU");
