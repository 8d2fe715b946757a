// PEC (posta elettronica certificata): the provider wraps the sender's message in a transport envelope with
// X-Trasporto: posta-certificata, a daticert.xml of certification data and the original as postacert.eml;
// receipts of our own PEC messages carry X-Ricevuta (accettazione, avvenuta-consegna, …) and
// X-Riferimento-Message-ID. Structure per DPR 68/2005 and the technical rules of DM 2 novembre 2005.

export interface PecData {
  type: string; // posta-certificata, accettazione, avvenuta-consegna, non-accettazione, errore-consegna, …
  sender: string | null; // the certified address of the sender (mittente)
  date: string | null; // "24/11/2026 10:15:02 +0100"
  id: string | null; // the provider's identificativo
  msgid: string | null; // the original Message-ID the certification refers to
}

/**
 * The postacert.eml part, cut from the raw envelope. mailparser reads an inline message/rfc822 part into the
 * body text, so the original is taken from the MIME structure itself: the part named postacert.eml, up to the
 * next boundary of any multipart in the message.
 */
export function extractPostacert(raw: Buffer): Buffer | null {
  const text = raw.toString("latin1");
  const header = text.match(
    /(?:^|\r?\n)((?:[^\r\n]+\r?\n)*?[^\r\n]*name="?postacert\.eml"?[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*)\r?\n/i,
  );
  if (!header || header.index === undefined) return null;
  const start = header.index + header[0].length;
  const boundaries = [...text.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1]);
  let end = text.length;
  for (const b of boundaries) {
    const i = text.indexOf(`\n--${b}`, start);
    if (i >= 0 && i < end) end = i;
  }
  const body = text.slice(start, end).replace(/\r?$/, "");
  if (/content-transfer-encoding:\s*base64/i.test(header[1])) return Buffer.from(body.replace(/\s+/g, ""), "base64");
  return Buffer.from(body, "latin1");
}

const tag = (xml: string, name: string) =>
  xml.match(new RegExp(`<${name}[^>]*>([\\s\\S]*?)</${name}>`, "i"))?.[1]?.trim() ?? null;
const unescape = (s: string | null) => s?.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&") ?? null;

/** Reads daticert.xml with plain patterns: the format is small, fixed and produced by certified providers. */
export function readDaticert(xml: string, fallbackType: string): PecData {
  const type = xml.match(/<postacert[^>]*\stipo="([^"]+)"/i)?.[1] ?? fallbackType;
  const day = tag(xml, "giorno");
  const time = tag(xml, "ora");
  const zone = xml.match(/<data[^>]*\szona="([^"]+)"/i)?.[1] ?? "";
  return {
    type,
    sender: unescape(tag(xml, "mittente")),
    date: day && time ? `${day} ${time}${zone ? ` ${zone}` : ""}` : null,
    id: unescape(tag(xml, "identificativo")),
    msgid: unescape(tag(xml, "msgid")),
  };
}
