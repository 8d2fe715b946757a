import MailComposer from "nodemailer/lib/mail-composer/index.js";

// The messages the email benchmarks send: 60 to 780 words of Italian and English, one in twenty with a 100 KB
// attachment, one in three a reply to a message nine before it.
// The words follow Zipf's law over a vocabulary of 8,000, as a support inbox's do: a message of 420 words has
// about 200 distinct ones, most of them common, some rare. The search index's cost grows with a message's
// distinct words: the 16 words the messages used to repeat made indexing a quarter of what real text costs.
const COMMON =
  "buongiorno ordine macchina caffè consegna fattura grazie problema richiesta cliente spedizione hello order delivery invoice thanks".split(
    " ",
  );
const SYLLABLES =
  "ba ce di fo gu la me ni po ru sa te vi zo ca re to na li mo pe ra so tu ve chi gli sce tra pro con".split(" ");
/** A small deterministic generator (a linear congruential one): message i has the same text in every run. */
const generator = (seed: number) => () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const VOCABULARY = (() => {
  const next = generator(7);
  const made = Array.from({ length: 8_000 - COMMON.length }, () =>
    Array.from({ length: 2 + Math.floor(next() * 3) }, () => SYLLABLES[Math.floor(next() * SYLLABLES.length)]).join(""),
  );
  return [...COMMON, ...made];
})();
/** The chance of drawing a word of rank r or better: rank r is drawn in proportion to 1/r. */
const CUMULATIVE = (() => {
  const weights = VOCABULARY.map((_, r) => 1 / (r + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let sum = 0;
  return weights.map((w) => (sum += w / total));
})();
function word(u: number): string {
  let lo = 0;
  let hi = CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (CUMULATIVE[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo];
}
const body = (i: number) => {
  const next = generator(i + 1);
  return Array.from({ length: 60 + (i % 7) * 120 }, () => word(next())).join(" ");
};
const attachment = Buffer.alloc(100_000, 7);

/** Message number i, from one of 2,000 senders; `tag` keeps its Message-ID apart from another run's. */
export const benchSender = (i: number) => `cliente${i % 2000}@example.org`;
export function composeBenchMessage(i: number, tag: string, to = "inbox@example.it"): Promise<Buffer> {
  return new MailComposer({
    from: benchSender(i),
    to,
    subject: `Richiesta ${i}`,
    text: body(i),
    messageId: `<${tag}-${i}@example.org>`,
    attachments: i % 20 === 0 ? [{ filename: "foto.jpg", content: attachment }] : undefined,
    ...(i % 3 === 0 && i > 10 ? { inReplyTo: `<${tag}-${i - 9}@example.org>` } : {}),
  })
    .compile()
    .build();
}

/** N messages, built at once (before a benchmark's clock starts). */
export function benchMessages(
  n: number,
  tag: string,
  to = "inbox@example.it",
): Promise<{ from: string; raw: Buffer }[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => ({ from: benchSender(i), raw: await composeBenchMessage(i, tag, to) })),
  );
}
