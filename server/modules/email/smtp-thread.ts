import crypto from "node:crypto";
import type net from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerEnvelope, type SMTPServerSession } from "smtp-server";
import { type Mailbox, prepare, type Prepared, splitPlus, toWire } from "./prepare";
import type { FromSmtpThread, SmtpThreadOptions, ToSmtpThread } from "./smtp-server";

// The SMTP thread: the protocol, and reading each message (parsing, sanitising, the new part of a reply,
// large files to disk), run here, beside the main thread, which looks mailboxes up and places the messages it
// is handed in the database. The two share the machine's cores instead of queueing on one, and a huge message
// being parsed never holds up the web app.

const options = workerData as SmtpThreadOptions;
const port = parentPort!;
const send = (m: FromSmtpThread, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
const log = (level: "info" | "warn" | "error", fields: Record<string, unknown>, msg: string) =>
  send({ t: "log", level, fields, msg });

let seq = 0;
const asked = new Map<number, (reply: Extract<ToSmtpThread, { t: "reply" }>) => void>();
/** A question for the main thread, answered by a reply with the same id. Every SMTP answer that depends on the
 * main thread (a count in /metrics included) waits for it, so what a client sees after its answer is true there. */
function ask(
  m: Extract<FromSmtpThread, { t: "rcpt" | "place" | "rejected" | "abandon" }>,
  transfer: ArrayBuffer[] = [],
) {
  return new Promise<Extract<ToSmtpThread, { t: "reply" }>>((resolve) => {
    asked.set(m.id, resolve);
    send(m, transfer);
  });
}

/**
 * Mailboxes the main thread found lately, by address (without its +token), kept as long as its own cache keeps
 * them (it says when they change): RCPT TO for a known mailbox is answered here, without waiting for the main
 * thread, which may be busy placing the messages before it. Addresses that are no mailbox are always asked.
 */
const mailboxes = new Map<string, { mailbox: Mailbox; until: number }>();

async function mailboxFor(address: string): Promise<{ mailbox: Mailbox | null } | { error: string }> {
  const [base] = splitPlus(address);
  const hit = mailboxes.get(base);
  if (hit && hit.until > Date.now()) return { mailbox: hit.mailbox };
  const reply = await ask({ t: "rcpt", id: ++seq, address });
  if (reply.error !== undefined) return { error: reply.error };
  if (reply.mailbox) mailboxes.set(base, { mailbox: reply.mailbox, until: Date.now() + options.mailboxCacheMs });
  else mailboxes.delete(base);
  return { mailbox: reply.mailbox ?? null };
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/** The mailbox of each recipient accepted in a mail transaction (a new envelope per transaction). */
const accepted = new WeakMap<SMTPServerEnvelope, Mailbox[]>();

/**
 * The messages a connection delivered and those it was refused, logged in one line when it closes, as an IMAP
 * fetch logs its counts: a line for every message cost the main thread a synchronous write to the log each
 * (about a tenth of its CPU on bench/ingest.bench.ts). The message's own line is at debug level.
 */
const delivered = new WeakMap<SMTPServerSession, { accepted: number; refused: number }>();
function count(session: SMTPServerSession, outcome: "accepted" | "refused") {
  const d = delivered.get(session) ?? { accepted: 0, refused: 0 };
  d[outcome]++;
  delivered.set(session, d);
}

const { tls, users, maxBytes } = options;
const server = new SMTPServer({
  name: options.name,
  banner: "Sportello",
  // STARTTLS with the configured certificate; AUTH (PLAIN, LOGIN) for the configured accounts, after TLS when there is TLS.
  ...(tls ? { key: tls.key, cert: tls.cert } : {}),
  disabledCommands: [...(tls ? [] : ["STARTTLS"]), ...(users.size ? [] : ["AUTH"])],
  authMethods: ["PLAIN", "LOGIN"],
  authOptional: !(options.authRequired && users.size),
  allowInsecureAuth: !tls,
  onAuth(auth, _session, callback) {
    const expected = users.get(auth.username ?? "");
    const given = Buffer.from(auth.password ?? "");
    const ok =
      expected !== undefined &&
      given.length === Buffer.byteLength(expected) &&
      crypto.timingSafeEqual(given, Buffer.from(expected));
    if (!ok) log("warn", { user: auth.username }, "smtp authentication failed");
    callback(ok ? null : smtpError(535, "5.7.8 authentication failed"), ok ? { user: auth.username } : undefined);
  },
  size: maxBytes,
  logger: false,
  async onRcptTo(address, session, callback) {
    const reply = await mailboxFor(address.address);
    if ("error" in reply) return callback(smtpError(451, `4.3.0 temporary failure: ${reply.error}`));
    if (!reply.mailbox) return callback(smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`));
    const list = accepted.get(session.envelope) ?? [];
    list.push(reply.mailbox);
    accepted.set(session.envelope, list);
    callback();
  },
  onData(stream: SMTPServerDataStream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", async () => {
      if (stream.sizeExceeded) {
        count(session, "refused");
        await ask({ t: "rejected", id: ++seq, code: "552" });
        return callback(smtpError(552, `5.3.4 message exceeds the ${maxBytes}-byte limit`));
      }
      const id = ++seq;
      // The main thread's gathering transaction waits for this message while it is read.
      send({ t: "arriving", id });
      let prepared: Prepared;
      try {
        const mailbox = accepted.get(session.envelope)?.[0];
        if (!mailbox) throw new Error("no mailbox for these recipients");
        prepared = await prepare(
          options.read,
          mailbox,
          Buffer.concat(chunks),
          session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
        );
      } catch (err) {
        count(session, "refused");
        await ask({ t: "abandon", id });
        log("error", { err: String((err as Error).stack ?? err) }, "email could not be read");
        return callback(smtpError(451, "4.3.0 could not store the message; try again later"));
      }
      const { message, transfer } = toWire(prepared);
      const reply = await ask({ t: "place", id, prepared: message }, transfer);
      count(session, reply.error === undefined ? "accepted" : "refused");
      if (reply.error !== undefined)
        return callback(smtpError(451, "4.3.0 could not store the message; try again later"));
      callback(null, `2.0.0 accepted${reply.ticketNumber ? ` as #${reply.ticketNumber}` : ""}`);
    });
  },
  onClose(session) {
    const d = delivered.get(session);
    if (d) log("info", { remote: session.remoteAddress, ...d }, "smtp connection closed");
  },
});

/**
 * The replies a connection is given in one turn of the event loop leave in one write: a client that pipelines
 * (MAIL FROM, RCPT TO and DATA in one packet) gets its three answers in one system call instead of three, and
 * a write is most of what a reply costs here.
 */
function coalesceWrites(socket: net.Socket) {
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  const write = socket.write;
  socket.write = function (this: net.Socket, ...args: unknown[]) {
    if (!corked) {
      corked = true;
      socket.cork();
      setImmediate(uncork);
    }
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as typeof socket.write;
}
server.server.on("connection", coalesceWrites);

port.on("message", (m: ToSmtpThread) => {
  if (m.t === "reply") {
    asked.get(m.id)?.(m);
    asked.delete(m.id);
  } else if (m.t === "forget-mailboxes") {
    mailboxes.clear();
  } else if (m.t === "close") {
    server.close(() => send({ t: "closed" }));
  }
});
let listening = false;
// Before it listens, an error (the port is taken) fails the start; after, it is logged and the server goes on.
server.on("error", (err) =>
  listening
    ? log("warn", { err: String(err) }, "smtp server error")
    : send({ t: "failed", error: String((err as Error).message ?? err) }),
);
server.listen(options.port, options.host, () => {
  listening = true;
  send({ t: "listening", port: (server.server.address() as { port: number }).port });
});
