import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "./nodes";

export type RelayOptions = {
  /**
   * Sees each message as it arrives. Returning an error refuses it with that error (`responseCode` 451 for a
   * temporary refusal) and the message is not kept.
   */
  onMessage?: (raw: Buffer, rcpt: string[]) => (Error & { responseCode?: number }) | void;
  /** Listen only when `listen()` is called (a relay that appears after the product started). Default: at once. */
  deferListen?: boolean;
};

/**
 * A real SMTP relay on loopback that keeps every message it receives: the product sends to it through
 * SMTP_RELAY_URL as it would to a real one (`url`), and a test reads what arrived, raw or parsed.
 */
export async function startRelay(opts: RelayOptions = {}) {
  const delivered: { raw: Buffer; rcpt: string[] }[] = [];
  let parsed: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        const rcpt = session.envelope.rcptTo.map((r) => r.address);
        const refused = opts.onMessage?.(raw, rcpt);
        if (refused) return cb(refused);
        delivered.push({ raw, rcpt });
        cb(null);
      });
    },
  });
  const port = await freePort();
  const listen = () => new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  if (!opts.deferListen) await listen();
  return {
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    port,
    delivered,
    /** Starts listening, for a relay made with `deferListen`. */
    listen,
    /** Every message received so far, parsed (once each). */
    async all(): Promise<ParsedMail[]> {
      if (parsed.length !== delivered.length) parsed = await Promise.all(delivered.map((d) => simpleParser(d.raw)));
      return parsed;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
export type Relay = Awaited<ReturnType<typeof startRelay>>;
