import net from "node:net";

/**
 * The load generator's SMTP client: one connection, messages already built, envelope commands pipelined
 * (RFC 2920), each message's time to its final reply. It costs a fraction of nodemailer's CPU per message
 * (which builds the MIME and runs a full state machine), so on a two-core machine the benchmark measures the
 * server instead of its client. Like an MTA, it waits for each message's final reply before the next.
 */
export async function smtpConnection(port: number, host = "127.0.0.1") {
  const socket = net.connect(port, host);
  socket.setNoDelay(true);
  const lines: string[] = [];
  const waiters: { resolve: (line: string) => void; reject: (err: Error) => void }[] = [];
  let buffered = "";
  let failure: Error | null = null;
  socket.on("data", (chunk) => {
    buffered += chunk.toString("latin1");
    for (let i; (i = buffered.indexOf("\r\n")) >= 0;) {
      const line = buffered.slice(0, i);
      buffered = buffered.slice(i + 2);
      if (line[3] === "-") continue; // a multi-line reply ends with its last line
      const waiter = waiters.shift();
      if (waiter) waiter.resolve(line);
      else lines.push(line);
    }
  });
  // A broken or closed connection (the server killed) fails the reply being waited for, and every later one.
  const fail = (err: Error) => {
    failure ??= err;
    for (const w of waiters.splice(0)) w.reject(failure);
  };
  socket.on("error", fail);
  socket.on("close", () => fail(new Error("connection closed")));
  const reply = () =>
    failure
      ? Promise.reject(failure)
      : lines.length
        ? Promise.resolve(lines.shift()!)
        : new Promise<string>((resolve, reject) => waiters.push({ resolve, reject }));
  const expect = async (code: string) => {
    const line = await reply();
    if (!line.startsWith(code)) throw new Error(`expected ${code}, got: ${line}`);
    return line;
  };
  await expect("220");
  socket.write("EHLO bench.example.org\r\n");
  await expect("250");
  return {
    /** Sends one message, as `dotStuff` made it; resolves with the final reply (250) once the server has it. */
    async send(from: string, to: string, data: Buffer): Promise<string> {
      socket.write(`MAIL FROM:<${from}>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
      await expect("250");
      await expect("250");
      await expect("354");
      socket.write(data);
      return expect("250");
    },
    close() {
      socket.end("QUIT\r\n");
    },
  };
}

/** The message as DATA carries it: lines starting with a dot get another, CRLF at the end, then ".". */
export function dotStuff(raw: Buffer): Buffer {
  const text = raw.toString("latin1").replace(/(^|\r\n)\./g, "$1..");
  return Buffer.from(`${text}${text.endsWith("\r\n") ? "" : "\r\n"}.\r\n`, "latin1");
}
