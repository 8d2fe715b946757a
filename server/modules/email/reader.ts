import { Worker } from "node:worker_threads";
import { fromWire, type Mailbox, prepare, type Prepared, type ReadCtx, type WirePrepared } from "./prepare";

/**
 * Reading a message fetched over IMAP, in a thread of its own (read-thread.ts): the main thread fetches and
 * places the messages, and reading them there too kept it busy while the machine's other core idled (the real
 * path of bench/imap.bench.ts: the main thread had 0.4 of its 7.4 s idle, a fifth of it reading). SMTP reads in
 * its own thread already. One thread per process, started with the first message and unreferenced while it has
 * nothing to read, so it never keeps the process alive; a thread that dies fails what it was reading (the fetch
 * tries those messages again) and the next message starts a new one.
 */
export type ToReadThread = { id: number; read: ReadCtx; mailbox: Mailbox; raw: Uint8Array; recipients: string[] };
export type FromReadThread = { id: number; prepared: WirePrepared } | { id: number; error: string } | { ready: true };

let worker: Worker | null = null;
let seq = 0;
type Pending = { resolve: (p: Prepared) => void; reject: (e: Error) => void; here: () => Promise<Prepared> };
const pending = new Map<number, Pending>();
const READ_THREAD = new URL("./read-thread.mjs", import.meta.url);
let script = READ_THREAD;
/**
 * Why the read thread could not start (its file missing from a broken build, a worker refused): messages are then
 * read on the main thread, as before there was a thread, rather than failed one fetch after another.
 */
let unavailable: Error | null = null;

function cannotStart(err: Error): null {
  unavailable = err;
  process.emitWarning(`email is read on the main thread: the read thread could not start (${err.message})`);
  return null;
}

function thread(): Worker | null {
  if (unavailable) return null;
  if (worker) return worker;
  let w: Worker;
  try {
    w = new Worker(script);
  } catch (err) {
    return cannotStart(err as Error);
  }
  // Started: its code loaded and listening (a missing file fails after the thread is "online").
  let online = false;
  w.on("message", (m: FromReadThread) => {
    if ("ready" in m) return void (online = true);
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (!pending.size) w.unref();
    if ("error" in m) p?.reject(new Error(m.error));
    else p?.resolve(fromWire(m.prepared));
  });
  const gone = (err: Error) => {
    if (worker === w) worker = null;
    const waiting = [...pending.values()];
    pending.clear();
    if (online) for (const p of waiting) p.reject(err);
    else {
      // It never started: what it was given is read here, and so is everything after.
      cannotStart(err);
      for (const p of waiting) p.here().then(p.resolve, p.reject);
    }
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
  const here = () => prepare(read, mailbox, raw, recipients);
  if (!w) return here();
  const id = ++seq;
  const own = new Uint8Array(raw);
  return new Promise<Prepared>((resolve, reject) => {
    if (!pending.size) w.ref();
    pending.set(id, { resolve, reject, here });
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

/** Another entry file for the next thread (a test's missing one); null goes back to the real one. */
export function readThreadScriptForTests(url: URL | null): void {
  script = url ?? READ_THREAD;
  unavailable = null;
}
