import fs from "node:fs";
import { Worker } from "node:worker_threads";
import type { Ctx } from "../../context";
import { announceDelivery, findMailbox, MAILBOX_CACHE_MS, onForgetMailboxes, placeDelivery } from "./inbound";
import { fromWire, type Mailbox, type ReadCtx, type WirePrepared } from "./prepare";

/** What the SMTP thread is started with. */
export type SmtpThreadOptions = {
  port: number;
  host: string;
  name: string;
  tls: { key: Buffer; cert: Buffer } | null;
  users: Map<string, string>;
  authRequired: boolean;
  maxBytes: number;
  /** How long the thread may answer RCPT TO from a mailbox it was told of (mailboxes change rarely). */
  mailboxCacheMs: number;
  read: ReadCtx;
};

/** Messages between the SMTP thread and the main thread. */
export type FromSmtpThread =
  | { t: "listening"; port: number }
  | { t: "failed"; error: string }
  | { t: "closed" }
  | { t: "rcpt"; id: number; address: string }
  | { t: "arriving"; id: number }
  | { t: "abandon"; id: number }
  | { t: "place"; id: number; prepared: WirePrepared }
  | { t: "rejected"; id: number; code: "552" }
  | { t: "log"; level: "info" | "warn" | "error"; fields: Record<string, unknown>; msg: string };
export type ToSmtpThread =
  | { t: "reply"; id: number; error?: string; mailbox?: Mailbox | null; ticketNumber?: number | null }
  | { t: "forget-mailboxes" }
  | { t: "close" };

export interface SmtpServer {
  /** The port it listens on (the one asked for, or the one the system chose for port 0). */
  port: number;
  /** The thread serving it now (for diagnostics and tests; a new one after a restart). */
  readonly thread: Worker;
  /** Resolves once a thread is listening again after one died (at once when none has). */
  listening(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The built-in SMTP server (smtp role). 550 for a recipient that is no mailbox, 552 above the size limit,
 * 451 when the message cannot be committed (the sender retries), 250 only once the raw message and its
 * ticket are committed.
 *
 * The protocol and the reading of each message run in a thread of their own (smtp-thread.ts); this thread
 * answers its questions: which mailbox an address is, and placing a message it has read, in the same
 * shared transactions as mail fetched over IMAP. A thread that dies is started again on the same port.
 */
export async function startSmtpServer(
  ctx: Ctx,
  port = ctx.config.smtpPort,
  host = ctx.config.host,
): Promise<SmtpServer> {
  const { smtpTls: tls, smtpAuthUsers: users, smtpAuthRequired } = ctx.config;
  if (users.size && !tls)
    ctx.log.warn(
      "SMTP AUTH is on without STARTTLS: passwords cross the network in clear; set SMTP_TLS_KEY_FILE and SMTP_TLS_CERT_FILE",
    );
  const options: SmtpThreadOptions = {
    port,
    host,
    name: new URL(ctx.config.publicUrl).hostname,
    tls: tls ? { key: fs.readFileSync(tls.keyFile), cert: fs.readFileSync(tls.certFile) } : null,
    users,
    authRequired: smtpAuthRequired,
    maxBytes: ctx.config.attachmentMaxBytes,
    mailboxCacheMs: MAILBOX_CACHE_MS,
    read: { config: { dataDir: ctx.config.dataDir }, dialect: ctx.dialect },
  };
  let closing = false;
  let worker: Worker;
  let bound = port;
  let ready: Promise<unknown> = Promise.resolve();

  const start = (listenOn: number) =>
    new Promise<number>((resolve, reject) => {
      worker = new Worker(new URL("./smtp-thread.mjs", import.meta.url), {
        workerData: { ...options, port: listenOn },
      });
      const w = worker;
      let listened = false;
      const reply = (m: ToSmtpThread) => w.postMessage(m);
      /** Messages announced to the shared transaction and not handed over yet. */
      const arriving = new Map<number, () => void>();
      const handOver = (id: number) => {
        arriving.get(id)?.();
        arriving.delete(id);
      };
      w.on("message", (m: FromSmtpThread) => {
        switch (m.t) {
          case "listening":
            bound = m.port;
            listened = true;
            return resolve(m.port);
          case "failed":
            // A thread that never listened is not started again: the same cause would stop the next one.
            reject(new Error(m.error));
            void w.terminate();
            return;
          case "rcpt":
            findMailbox(ctx, m.address).then(
              (mailbox) => {
                if (!mailbox) ctx.metrics.smtpRejected.inc({ code: "550" });
                reply({ t: "reply", id: m.id, mailbox: mailbox ?? null });
              },
              (err: Error) => reply({ t: "reply", id: m.id, error: err.message }),
            );
            return;
          case "arriving":
            arriving.set(m.id, announceDelivery(ctx));
            return;
          case "abandon":
            ctx.metrics.smtpRejected.inc({ code: "451" });
            handOver(m.id);
            return reply({ t: "reply", id: m.id });
          case "place": {
            const placed = placeDelivery(ctx, fromWire(m.prepared));
            handOver(m.id);
            placed.then(
              (result) => {
                // At debug: the SMTP thread logs each connection's counts when it closes.
                ctx.log.debug(
                  { ticket: result.ticketNumber, status: result.status, flags: result.flags },
                  "email received",
                );
                ctx.metrics.smtpAccepted.inc();
                reply({ t: "reply", id: m.id, ticketNumber: result.ticketNumber });
              },
              (err: Error) => {
                ctx.log.error({ err }, "email could not be stored");
                ctx.metrics.smtpRejected.inc({ code: "451" });
                reply({ t: "reply", id: m.id, error: err.message });
              },
            );
            return;
          }
          case "rejected":
            ctx.metrics.smtpRejected.inc({ code: m.code });
            return reply({ t: "reply", id: m.id });
          case "log":
            return ctx.log[m.level](m.fields, m.msg);
        }
      });
      w.on("error", (err) => ctx.log.error({ err }, "smtp thread failed"));
      w.on("exit", (code) => {
        for (const id of [...arriving.keys()]) handOver(id);
        reject(new Error(`the smtp thread stopped (exit code ${code}) before it listened`));
        if (closing || !listened) return;
        // Messages it was receiving were not answered 250: their senders send them again.
        ctx.log.error({ code }, "the smtp thread stopped; starting it again");
        ready = start(bound).catch((err) => ctx.log.error({ err }, "the smtp thread could not be started again"));
      });
    });

  const listening = await start(port);
  // A mailbox removed or changed here stops being answered from the thread's copy at once.
  const unsubscribe = onForgetMailboxes(ctx, () =>
    worker.postMessage({ t: "forget-mailboxes" } satisfies ToSmtpThread),
  );
  return {
    port: listening,
    get thread() {
      return worker;
    },
    listening: async () => void (await ready),
    async close() {
      closing = true;
      unsubscribe();
      const w = worker;
      await new Promise<void>((resolve) => {
        w.on("message", (m: FromSmtpThread) => m.t === "closed" && resolve());
        w.once("exit", () => resolve());
        w.postMessage({ t: "close" } satisfies ToSmtpThread);
      });
      await w.terminate();
    },
  };
}
