import { Worker } from "node:worker_threads";
import { fromWire, type Mailbox, type Prepared, type ReadCtx, type WirePrepared } from "./prepare";

/**
 * Reading a message fetched over IMAP, in a thread of its own (read-thread.ts): the main thread fetches and
 * places the messages, and reading them there too kept it busy while the machine's other core idled (the real
 * path of bench/imap.bench.ts: the main thread had 0.4 of its 7.4 s idle, a fifth of it reading). SMTP reads in
 * its own thread already. One thread per process, started with the first message and unreferenced while it has
 * nothing to read, so it never keeps the process alive; a thread that dies fails what it was reading (the fetch
 * tries those messages again) and the next message starts a new one.
 */
export type ToReadThread = { id: number; read: ReadCtx; mailbox: Mailbox; raw: Uint8Array; recipients: string[] };
export type FromReadThread = { id: number; prepared: WirePrepared } | { id: number; error: string };

let worker: Worker | null = null;
let seq = 0;
const pending = new Map<number, { resolve: (p: Prepared) => void; reject: (e: Error) => void }>();

function thread(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL("./read-thread.mjs", import.meta.url));
  w.on("message", (m: FromReadThread) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (!pending.size) w.unref();
    if ("error" in m) p?.reject(new Error(m.error));
    else p?.resolve(fromWire(m.prepared));
  });
  const gone = (err: Error) => {
    if (worker === w) worker = null;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  w.on("error", gone);
  w.on("exit", (code) => gone(new Error(`the read thread stopped (exit code ${code})`)));
  w.unref();
  worker = w;
  return w;
}

/** prepare(), in the read thread. The raw message is copied once and its copy handed over, not cloned. */
export function prepareInThread(read: ReadCtx, mailbox: Mailbox, raw: Buffer, recipients: string[]): Promise<Prepared> {
  const w = thread();
  const id = ++seq;
  const own = new Uint8Array(raw);
  return new Promise<Prepared>((resolve, reject) => {
    if (!pending.size) w.ref();
    pending.set(id, { resolve, reject });
    const m: ToReadThread = {
      id,
      read: { config: { dataDir: read.config.dataDir }, dialect: read.dialect },
      mailbox,
      raw: own,
      recipients,
    };
    w.postMessage(m, [own.buffer]);
  });
}

/** The running thread, if any (for a test that stops it). */
export const readThreadForTests = () => worker;
