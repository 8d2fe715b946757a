import crypto from "node:crypto";
import fs from "node:fs";
import { SMTPServer, type SMTPServerDataStream } from "smtp-server";
import type { Ctx } from "../../context";
import { findMailbox, ingest } from "./inbound";

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * The built-in SMTP server (smtp role). 550 for a recipient that is no mailbox, 552 above the size limit,
 * 451 when the message cannot be committed (the sender retries), 250 only once the raw message and its
 * ticket are committed.
 */
export function startSmtpServer(ctx: Ctx, port = ctx.config.smtpPort, host = ctx.config.host): Promise<SMTPServer> {
  const maxBytes = ctx.config.attachmentMaxBytes;
  const { smtpTls: tls, smtpAuthUsers: users, smtpAuthRequired } = ctx.config;
  if (users.size && !tls) ctx.log.warn("SMTP AUTH is on without STARTTLS: passwords cross the network in clear; set SMTP_TLS_KEY_FILE and SMTP_TLS_CERT_FILE");
  const server = new SMTPServer({
    name: new URL(ctx.config.publicUrl).hostname,
    banner: "Sportello",
    // STARTTLS with the configured certificate; AUTH (PLAIN, LOGIN) for the configured accounts, after TLS when there is TLS.
    ...(tls ? { key: fs.readFileSync(tls.keyFile), cert: fs.readFileSync(tls.certFile) } : {}),
    disabledCommands: [...(tls ? [] : ["STARTTLS"]), ...(users.size ? [] : ["AUTH"])],
    authMethods: ["PLAIN", "LOGIN"],
    authOptional: !(smtpAuthRequired && users.size),
    allowInsecureAuth: !tls,
    onAuth(auth, _session, callback) {
      const expected = users.get(auth.username ?? "");
      const given = Buffer.from(auth.password ?? "");
      const ok = expected !== undefined && given.length === Buffer.byteLength(expected) && crypto.timingSafeEqual(given, Buffer.from(expected));
      if (!ok) ctx.log.warn({ user: auth.username }, "smtp authentication failed");
      callback(ok ? null : smtpError(535, "5.7.8 authentication failed"), ok ? { user: auth.username } : undefined);
    },
    size: maxBytes,
    logger: false,
    async onRcptTo(address, _session, callback) {
      try {
        const mailbox = await findMailbox(ctx, address.address);
        if (!mailbox) ctx.metrics.smtpRejected.inc({ code: "550" });
        callback(mailbox ? undefined : smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`));
      } catch (err) {
        callback(smtpError(451, `4.3.0 temporary failure: ${(err as Error).message}`));
      }
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        if (stream.sizeExceeded) {
          ctx.metrics.smtpRejected.inc({ code: "552" });
          return callback(smtpError(552, `5.3.4 message exceeds the ${maxBytes}-byte limit`));
        }
        try {
          const result = await ingest(ctx, { raw: Buffer.concat(chunks), recipients: session.envelope.rcptTo.map((r) => r.address.toLowerCase()) });
          ctx.log.info({ ticket: result.ticketNumber, status: result.status, flags: result.flags }, "email received");
          ctx.metrics.smtpAccepted.inc();
          callback(null, `2.0.0 accepted${result.ticketNumber ? ` as #${result.ticketNumber}` : ""}`);
        } catch (err) {
          ctx.log.error({ err }, "email could not be stored");
          ctx.metrics.smtpRejected.inc({ code: "451" });
          callback(smtpError(451, "4.3.0 could not store the message; try again later"));
        }
      });
    },
  });
  server.on("error", (err) => ctx.log.warn({ err }, "smtp server error"));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
