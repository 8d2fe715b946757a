import { parentPort } from "node:worker_threads";
import { prepare, toWire } from "./prepare";
import type { FromReadThread, ToReadThread } from "./reader";

// The read thread: reading a fetched message (parsing, sanitising, the new part of a reply, search terms, large
// files to disk) beside the main thread, which fetches over IMAP and places messages. See reader.ts.

const port = parentPort!;
port.on("message", (m: ToReadThread) => {
  const raw = Buffer.from(m.raw.buffer, m.raw.byteOffset, m.raw.byteLength);
  prepare(m.read, m.mailbox, raw, m.recipients).then(
    (prepared) => {
      const { message, transfer } = toWire(prepared);
      port.postMessage({ id: m.id, prepared: message } satisfies FromReadThread, transfer);
    },
    (err: Error) => port.postMessage({ id: m.id, error: String(err?.stack ?? err) } satisfies FromReadThread),
  );
});
port.postMessage({ ready: true } satisfies FromReadThread);
