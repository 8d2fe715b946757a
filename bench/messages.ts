import MailComposer from "nodemailer/lib/mail-composer/index.js";

// The messages the email benchmarks send: 60 to 780 words of Italian and English, one in twenty with a 100 KB
// attachment, one in three a reply to a message nine before it.
const WORDS = "buongiorno ordine macchina caffè consegna fattura grazie problema richiesta cliente spedizione hello order delivery invoice thanks".split(" ");
const body = (i: number) => Array.from({ length: 60 + (i % 7) * 120 }, (_, k) => WORDS[(i * 7 + k) % WORDS.length]).join(" ");
const attachment = Buffer.alloc(100_000, 7);

/** Message number i, from one of 2,000 senders; `tag` keeps its Message-ID apart from another run's. */
export const benchSender = (i: number) => `cliente${i % 2000}@example.org`;
export function composeBenchMessage(i: number, tag: string, to = "inbox@example.it"): Promise<Buffer> {
  return new MailComposer({
    from: benchSender(i), to, subject: `Richiesta ${i}`, text: body(i), messageId: `<${tag}-${i}@example.org>`,
    attachments: i % 20 === 0 ? [{ filename: "foto.jpg", content: attachment }] : undefined,
    ...(i % 3 === 0 && i > 10 ? { inReplyTo: `<${tag}-${i - 9}@example.org>` } : {}),
  }).compile().build();
}

/** N messages, built at once (before a benchmark's clock starts). */
export function benchMessages(n: number, tag: string, to = "inbox@example.it"): Promise<{ from: string; raw: Buffer }[]> {
  return Promise.all(Array.from({ length: n }, async (_, i) => ({ from: benchSender(i), raw: await composeBenchMessage(i, tag, to) })));
}
