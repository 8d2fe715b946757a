// The new part of an email reply: what the customer wrote this time, with the quoted history and the
// signature folded away. Works on the text version, line by line; the full text is always kept beside it.

const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(original message|messaggio originale|ursprüngliche nachricht|message d'origine|mensaje original|oorspronkelijk bericht|forwarded message|messaggio inoltrato)\s*-{2,}\s*$/i;
const WROTE_HEADER =
  /^\s*(on|il giorno|il|am|le|el|op|den|w dniu|em)\b.{0,400}\b(wrote|ha scritto|scritto|schrieb|a écrit|a ecrit|escribió|escribio|schreef|skrev|napisał|escreveu)\s*:?\s*$/i;
// German puts the sender after the verb: "Am 3. März 2026 um 10:00 schrieb Anna <anna@x.it>:"
const SCHRIEB_HEADER = /^\s*am\b.{0,200}\bschrieb\b.{0,300}:\s*$/i;
const FROM_LINE = /^\s*\*?(from|da|von|de|van|från|fra)\s*:\*?\s+\S/i;
const SENT_LINE = /^\s*\*?(sent|inviato|gesendet|envoyé|envoye|enviado|verzonden|skickat|date|data|datum)\s*:\*?\s+\S/i;
const UNDERSCORES = /^\s*_{20,}\s*$/;
const MOBILE_SIGNATURE =
  /^\s*(sent from my|sent from mail for|inviato da(l mio)?|inviato dal mio|gesendet von meinem|von meinem .* gesendet|envoyé de mon|enviado desde mi|get outlook for|scarica outlook per)\b/i;
const SIG_DELIMITER = /^-- ?$/;

export interface ReplyParts {
  reply: string;
  quoted: string | null;
  signature: string | null;
}

function quoteStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (ORIGINAL_MESSAGE.test(line)) return i;
    // "On Tue, 3 Mar 2026 at 10:00, Anna <anna@x.it> wrote:" is often wrapped over two or three lines.
    for (let span = 1; span <= 3 && i + span <= lines.length; span++) {
      const joined = lines.slice(i, i + span).join(" ");
      const header = (l: string) => WROTE_HEADER.test(l) || SCHRIEB_HEADER.test(l);
      if (header(joined) && (span === 1 || !header(lines[i + span - 2] ?? ""))) return i;
    }
    if (FROM_LINE.test(line) && lines.slice(i + 1, i + 5).some((l) => SENT_LINE.test(l)))
      return i > 0 && UNDERSCORES.test(lines[i - 1]) ? i - 1 : i;
    if (UNDERSCORES.test(line) && FROM_LINE.test(lines[i + 1] ?? "")) return i;
    // A block of ">" lines that runs to the end (apart from blank lines and a signature) is quoted history.
    if (line.startsWith(">") && lines.slice(i).every((l) => l.trim() === "" || l.startsWith(">"))) return i;
  }
  return lines.length;
}

export function extractReply(text: string): ReplyParts {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const q = quoteStart(lines);
  let head = lines.slice(0, q);
  const quoted = q < lines.length ? lines.slice(q).join("\n").trim() : null;
  let signature: string | null = null;
  const sig = head.findIndex(
    (l, i) =>
      SIG_DELIMITER.test(l) ||
      (MOBILE_SIGNATURE.test(l) && head.slice(i + 1).every((x) => x.trim() === "" || x.length < 60)),
  );
  if (sig >= 0) {
    signature = head.slice(sig).join("\n").trim() || null;
    head = head.slice(0, sig);
  }
  const reply = head.join("\n").trim();
  // Never hide everything: a message that looks quoted from its first line is shown whole.
  if (!reply) return { reply: text.trim(), quoted: null, signature: null };
  return { reply, quoted: quoted || null, signature };
}
