import nodemailer from "nodemailer";
const N = Number(process.argv[2]); const port = Number(process.argv[3]);
const WORDS = "buongiorno ordine macchina caffè consegna fattura grazie problema richiesta cliente spedizione hello order delivery invoice thanks".split(" ");
const body = (i) => Array.from({ length: 60 + (i % 7) * 120 }, (_, k) => WORDS[(i * 7 + k) % WORDS.length]).join(" ");
const attachment = Buffer.alloc(100_000, 7);
let next = 0; const t0 = performance.now();
await Promise.all(Array.from({ length: 8 }, async () => {
  const t = nodemailer.createTransport({ host: "127.0.0.1", port, ignoreTLS: true, pool: true, maxConnections: 1, maxMessages: Infinity });
  while (next < N) { const i = next++;
    await t.sendMail({ from: `cliente${i % 2000}@example.org`, to: "inbox@example.it", subject: `Richiesta ${i}`, text: body(i), messageId: `<bench-${i}@example.org>`,
      attachments: i % 20 === 0 ? [{ filename: "foto.jpg", content: attachment }] : undefined, ...(i % 3 === 0 && i > 10 ? { inReplyTo: `<bench-${i - 9}@example.org>` } : {}) });
  } t.close(); }));
console.log("msg/s", (N / ((performance.now() - t0) / 1000)).toFixed(0));
