import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "./nodes";

/**
 * A real SMTP relay on loopback that keeps every message it receives: the product sends to it through
 * SMTP_RELAY_URL as it would to a real one (`url`), and a test reads what arrived, parsed.
 */
export async function startRelay() {
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
        delivered.push({ raw: Buffer.concat(chunks), rcpt: session.envelope.rcptTo.map((r) => r.address) });
        cb(null);
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return {
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    delivered,
    /** Every message received so far, parsed (once each). */
    async all(): Promise<ParsedMail[]> {
      if (parsed.length !== delivered.length) parsed = await Promise.all(delivered.map((d) => simpleParser(d.raw)));
      return parsed;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
export type Relay = Awaited<ReturnType<typeof startRelay>>;
